/**
 * The training loop: a tfjs-layers dense stack, Adam on the mean squared reconstruction error,
 * mini-batches drawn in a seeded order. Rows are standardised batch by batch, so training never
 * holds a float32 copy of the whole baseline.
 */
import type { Tensor2D, Variable } from '@tensorflow/tfjs-core'
import type { Random } from '../../util/random'
import type { DenseWeights } from './network'
import { standardizeRows, type Standardization } from './standardize'
import type { Tf } from './tfBackend'

/** Where training stands; `loss` is the mean loss of the current epoch so far. */
export interface AutoencoderProgress {
  /** 1-based epoch in progress (or just finished when `batch === batches`). */
  epoch: number
  epochs: number
  batch: number
  batches: number
  loss: number
}

/** Optional progress reporting and cancellation for long fits. */
export interface FitControls {
  /** Called at the end of every epoch and, during long epochs, about every 250 ms. */
  onProgress?: (progress: AutoencoderProgress) => void
  /** Aborting stops training at the next batch; the fit then rejects with `signal.reason`. */
  signal?: AbortSignal
}

export interface TrainSettings {
  epochs: number
  batchSize: number
  learningRate: number
}

export interface TrainResult {
  layers: DenseWeights[]
  /** Mean training loss of every epoch (standardised units). */
  loss: number[]
}

// How long the loop may hold the thread before letting the event loop run (abort signals and
// messages from the UI arrive through it in the engine's worker).
const YIELD_EVERY_MS = 50
const PROGRESS_EVERY_MS = 250

/** Trains from `initial` on the rows `rows` of `X` and returns the trained weights. */
export async function trainNetwork(
  tf: Tf,
  X: Float64Array,
  nFeatures: number,
  rows: Uint32Array,
  standardization: Standardization,
  initial: readonly DenseWeights[],
  settings: TrainSettings,
  rng: Random,
  controls: FitControls = {},
): Promise<TrainResult> {
  const { signal, onProgress } = controls
  signal?.throwIfAborted()
  const tfl = await import('@tensorflow/tfjs-layers')
  const model = tfl.sequential()
  for (const [i, l] of initial.entries()) {
    model.add(
      tfl.layers.dense({
        units: l.units,
        activation: l.activation,
        // The real starting weights are set below from the seeded draw.
        kernelInitializer: 'zeros',
        ...(i === 0 ? { inputShape: [l.inputs] } : {}),
      }),
    )
  }
  const start = initial.flatMap((l) => [tf.tensor2d(l.kernel, [l.inputs, l.units]), tf.tensor1d(l.bias)])
  model.setWeights(start)
  tf.dispose(start)
  // LayerVariable.read() is the tf.Variable itself; naming the list keeps other models' variables
  // (a second fit running in the same process) out of this optimizer.
  const vars = model.trainableWeights.map((w) => w.read() as Variable)
  const optimizer = tf.train.adam(settings.learningRate)
  const batchSize = Math.max(1, Math.min(settings.batchSize, rows.length))
  const batches = Math.ceil(rows.length / batchSize)
  const order = Uint32Array.from(rows)
  const buffer = new Float32Array(batchSize * nFeatures)
  const loss: number[] = []
  try {
    let lastYield = performance.now()
    let lastProgress = lastYield
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      rng.shuffle(order)
      let sum = 0
      let seen = 0
      for (let b = 0; b < batches; b++) {
        signal?.throwIfAborted()
        const from = b * batchSize
        const k = Math.min(batchSize, order.length - from)
        standardizeRows(X, nFeatures, order.subarray(from, from + k), standardization, buffer)
        const xb = tf.tensor2d(buffer.subarray(0, k * nFeatures), [k, nFeatures])
        const cost = optimizer.minimize(
          () => tf.losses.meanSquaredError(xb, model.apply(xb, { training: true }) as Tensor2D),
          true,
          vars,
        )
        xb.dispose()
        sum += (cost?.dataSync()[0] ?? Number.NaN) * k
        seen += k
        cost?.dispose()
        const now = performance.now()
        if (onProgress && b + 1 < batches && now - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = now
          onProgress({ epoch, epochs: settings.epochs, batch: b + 1, batches, loss: sum / seen })
        }
        if (now - lastYield >= YIELD_EVERY_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve))
          lastYield = performance.now()
        }
      }
      loss.push(sum / seen)
      onProgress?.({ epoch, epochs: settings.epochs, batch: batches, batches, loss: sum / seen })
    }
    signal?.throwIfAborted()
    return { layers: readWeights(model.getWeights(), initial), loss }
  } finally {
    optimizer.dispose()
    model.dispose()
  }
}

/** Copies the trained kernels and biases out of the (soon disposed) variables. */
function readWeights(tensors: readonly { dataSync(): ArrayLike<number> }[], shapes: readonly DenseWeights[]): DenseWeights[] {
  return shapes.map((l, i) => ({
    inputs: l.inputs,
    units: l.units,
    activation: l.activation,
    kernel: Float32Array.from(tensors[2 * i].dataSync()),
    bias: Float32Array.from(tensors[2 * i + 1].dataSync()),
  }))
}
