/**
 * Dense autoencoder detector: learns to reconstruct the baseline's feature vectors; an event whose
 * vector it cannot reconstruct is unusual. Numeric-core convention: `fitAutoencoder(X, ...)` → model,
 * `model.score(X)` → Float64Array, JSON in and out for the store.
 */
import { Random } from '../../util/random'
import { forward, initialWeights, layerShapes, uploadWeights, type Activation, type DenseWeights, type TensorLayer } from './network'
import { fitStandardization, standardizeRange, type Standardization } from './standardize'
import { loadTf, type Tf, type TfBackendName } from './tfBackend'
import type { FitControls } from './train'
import type { TrainJob } from './trainJob'
import { trainOffThread } from './trainOffThread'

export type { AutoencoderProgress, FitControls } from './train'

/** Training options; see {@link DEFAULT_AUTOENCODER_OPTIONS}. */
export interface AutoencoderOptions {
  epochs: number
  batchSize: number
  /** Hidden layer widths, encoder then decoder (the output layer is always nFeatures wide). */
  hidden: number[]
  seed: number
  learningRate: number
  /**
   * Trains on a seeded sample of at most this many rows (0: all). Enough rows to learn the shape
   * of normal, few enough that a large baseline does not dominate a scan's time.
   */
  maxTrainRows?: number
}

/** The single source of defaults. */
export const DEFAULT_AUTOENCODER_OPTIONS: Readonly<Required<AutoencoderOptions>> = Object.freeze({
  epochs: 10,
  batchSize: 1024,
  hidden: [16, 8, 16],
  seed: 42,
  learningRate: 0.01,
  maxTrainRows: 50_000,
})

/** Bump when the JSON layout or the meaning of a score changes; older models are then retrained. */
export const AUTOENCODER_JSON_VERSION = 1

/** A trained model as plain JSON (weights as number arrays), for SQLite. */
export interface AutoencoderJSON {
  kind: 'vigil.autoencoder'
  version: typeof AUTOENCODER_JSON_VERSION
  nFeatures: number
  options: Required<AutoencoderOptions>
  /** Backend the model was trained on (scores match to float32 rounding across backends). */
  backend: TfBackendName
  trainedRows: number
  /** Mean training loss per epoch. */
  trainingLoss: number[]
  mean: number[]
  std: number[]
  layers: { inputs: number; units: number; activation: Activation; kernel: number[]; bias: number[] }[]
}

// Rows per forward pass when scoring: bounds memory on 10M-row inputs, large enough that per-call
// overhead does not matter.
const SCORE_CHUNK_ROWS = 16_384

/**
 * Trains an autoencoder on the baseline rows `X` (row-major, `nRows × nFeatures`, raw values: the
 * model standardises with the baseline's mean and std and keeps them). Deterministic for the same
 * `X`, options and backend. Non-finite values count as the baseline mean. Rejects with
 * `signal.reason` when aborted; throws RangeError on inconsistent sizes or options (a caller bug).
 */
export async function fitAutoencoder(
  X: Float64Array,
  nRows: number,
  nFeatures: number,
  options: Partial<AutoencoderOptions> & FitControls = {},
): Promise<AutoencoderModel> {
  return (await startAutoencoderFit(X, nRows, nFeatures, options)).model
}

/**
 * {@link fitAutoencoder} in two steps: resolves once the training runs (in a worker thread when the
 * build has one, see trainOffThread.ts), so the caller can do other work meanwhile; `model` is the
 * trained model to come. `X` may change once this resolves (the training holds its own sample).
 */
export async function startAutoencoderFit(
  X: Float64Array,
  nRows: number,
  nFeatures: number,
  options: Partial<AutoencoderOptions> & FitControls = {},
): Promise<{ model: Promise<AutoencoderModel> }> {
  const { onProgress, signal, ...rest } = options
  const opts = resolveOptions(rest)
  checkMatrix(X, nRows, nFeatures)
  if (nRows < 1) throw new RangeError('fitAutoencoder needs at least one row')
  const { tf, backend } = await loadTf()
  const rng = new Random(opts.seed)
  const initRng = rng.fork()
  const sampleRng = rng.fork()
  // The seed rng.fork() would give the generator of the batch order (the job carries a seed).
  const shuffleSeed = rng.nextUint32()
  const rows =
    opts.maxTrainRows > 0 && nRows > opts.maxTrainRows
      ? sampleRng.sampleIndices(nRows, opts.maxTrainRows).sort()
      : Uint32Array.from({ length: nRows }, (_, i) => i)
  const standardization = fitStandardization(X, nRows, nFeatures)
  // The sampled rows compacted in sample order: the epochs shuffle positions, so the batches hold
  // the same rows as they would indexing X.
  const sample = new Float64Array(rows.length * nFeatures)
  for (let i = 0; i < rows.length; i++) sample.set(X.subarray(rows[i] * nFeatures, (rows[i] + 1) * nFeatures), i * nFeatures)
  const job: TrainJob = {
    X: sample,
    nFeatures,
    standardization,
    initial: initialWeights(nFeatures, opts.hidden, initRng),
    settings: { epochs: opts.epochs, batchSize: opts.batchSize, learningRate: opts.learningRate },
    shuffleSeed,
    backend,
  }
  const model = trainOffThread(job, { onProgress, signal }).then(
    (trained) =>
      new AutoencoderModel(tf, {
        nFeatures,
        options: opts,
        backend,
        trainedRows: rows.length,
        trainingLoss: trained.loss,
        standardization,
        layers: trained.layers,
      }),
  )
  return { model }
}

interface ModelParts {
  nFeatures: number
  options: Required<AutoencoderOptions>
  backend: TfBackendName
  trainedRows: number
  trainingLoss: number[]
  standardization: Standardization
  layers: DenseWeights[]
}

/** A trained autoencoder. Holds a few small tensors: call {@link AutoencoderModel.dispose} when done. */
export class AutoencoderModel {
  readonly nFeatures: number
  readonly options: Readonly<Required<AutoencoderOptions>>
  /** Backend the model was trained on. */
  readonly backend: TfBackendName
  readonly trainedRows: number
  /** Mean training loss per epoch (standardised units). */
  readonly trainingLoss: readonly number[]
  private readonly tf: Tf
  private readonly parts: ModelParts
  private tensors: TensorLayer[] | null

  /** Use {@link fitAutoencoder} or {@link AutoencoderModel.fromJSON}. */
  constructor(tf: Tf, parts: ModelParts) {
    this.tf = tf
    this.parts = parts
    this.nFeatures = parts.nFeatures
    this.options = parts.options
    this.backend = parts.backend
    this.trainedRows = parts.trainedRows
    this.trainingLoss = parts.trainingLoss
    this.tensors = uploadWeights(tf, parts.layers)
  }

  /** Reconstruction error per row: the mean over features of the squared error in standardised units. */
  score(X: Float64Array, nRows: number): Float64Array {
    // Every row goes through the network, repeats too: a forward pass costs less than finding the
    // repeats (measured on a 100k scan's rows; the forest, which walks 100 trees, keeps a row memo).
    const out = new Float64Array(nRows)
    const nF = this.nFeatures
    this.reconstructChunks(X, nRows, (start, input, recon) => {
      for (let r = 0; r < recon.length / nF; r++) {
        let sum = 0
        for (let f = 0; f < nF; f++) {
          const d = recon[r * nF + f] - input[r * nF + f]
          sum += d * d
        }
        out[start + r] = sum / nF
      }
    })
    return out
  }

  /**
   * Squared reconstruction error per row and feature (row-major `nRows × nFeatures`, standardised
   * units), to say which features made a row unusual. Its row means equal {@link score}.
   * Allocates nRows × nFeatures doubles: pass the rows to explain, not the whole data set.
   */
  featureErrors(X: Float64Array, nRows: number): Float64Array {
    const out = new Float64Array(nRows * this.nFeatures)
    this.reconstructChunks(X, nRows, (start, input, recon) => {
      const base = start * this.nFeatures
      for (let i = 0; i < recon.length; i++) {
        const d = recon[i] - input[i]
        out[base + i] = d * d
      }
    })
    return out
  }

  /** Plain JSON: options, standardisation and weights. {@link AutoencoderModel.fromJSON} restores it exactly. */
  toJSON(): AutoencoderJSON {
    const p = this.parts
    return {
      kind: 'vigil.autoencoder',
      version: AUTOENCODER_JSON_VERSION,
      nFeatures: p.nFeatures,
      options: { ...p.options, hidden: [...p.options.hidden] },
      backend: p.backend,
      trainedRows: p.trainedRows,
      trainingLoss: [...p.trainingLoss],
      mean: Array.from(p.standardization.mean),
      std: Array.from(p.standardization.std),
      layers: p.layers.map((l) => ({
        inputs: l.inputs,
        units: l.units,
        activation: l.activation,
        kernel: Array.from(l.kernel),
        bias: Array.from(l.bias),
      })),
    }
  }

  /**
   * Rebuilds a model saved with {@link AutoencoderModel.toJSON}; same weights, same scores (on the
   * same backend). Check {@link isAutoencoderJSON} first on data read from storage: this throws
   * TypeError on a malformed value.
   */
  static async fromJSON(json: AutoencoderJSON): Promise<AutoencoderModel> {
    if (!isAutoencoderJSON(json)) throw new TypeError('not a Vigil autoencoder model (or an older version)')
    const { tf } = await loadTf()
    return new AutoencoderModel(tf, {
      nFeatures: json.nFeatures,
      options: { ...json.options, hidden: [...json.options.hidden] },
      backend: json.backend,
      trainedRows: json.trainedRows,
      trainingLoss: [...json.trainingLoss],
      standardization: { mean: Float64Array.from(json.mean), std: Float64Array.from(json.std) },
      layers: json.layers.map((l) => ({ ...l, kernel: Float32Array.from(l.kernel), bias: Float32Array.from(l.bias) })),
    })
  }

  /** Frees the weight tensors. The model cannot score afterwards; its JSON stays available. */
  dispose(): void {
    if (this.tensors) for (const l of this.tensors) this.tf.dispose([l.kernel, l.bias])
    this.tensors = null
  }

  /** Runs the network over `X` in chunks, handing each chunk's standardised input and reconstruction to `sink`. */
  private reconstructChunks(
    X: Float64Array,
    nRows: number,
    sink: (start: number, input: Float32Array, recon: Float32Array) => void,
  ): void {
    checkMatrix(X, nRows, this.nFeatures)
    if (!this.tensors) throw new Error('AutoencoderModel used after dispose()')
    const nF = this.nFeatures
    const buffer = new Float32Array(Math.min(nRows, SCORE_CHUNK_ROWS) * nF)
    for (let start = 0; start < nRows; start += SCORE_CHUNK_ROWS) {
      const end = Math.min(nRows, start + SCORE_CHUNK_ROWS)
      const input = buffer.subarray(0, (end - start) * nF)
      standardizeRange(X, nF, start, end, this.parts.standardization, input)
      sink(start, input, this.reconstruct(input))
    }
  }

  /** The network's output for standardised rows (row-major float32). */
  private reconstruct(input: Float32Array): Float32Array {
    const layers = this.tensors
    if (!layers) throw new Error('AutoencoderModel used after dispose()')
    const tf = this.tf
    const nF = this.nFeatures
    // Read the result outside tidy: tidy walks a returned typed array element by element.
    const output = tf.tidy(() => forward(tf, layers, tf.tensor2d(input, [input.length / nF, nF])))
    const recon = output.dataSync() as Float32Array
    output.dispose()
    return recon
  }
}

/** Whether `value` is a model JSON this version can load (shapes and sizes consistent). */
export function isAutoencoderJSON(value: unknown): value is AutoencoderJSON {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Partial<AutoencoderJSON>
  if (v.kind !== 'vigil.autoencoder' || v.version !== AUTOENCODER_JSON_VERSION) return false
  if (!isPositiveInt(v.nFeatures) || !v.options || !Array.isArray(v.options.hidden)) return false
  if (v.backend !== 'tensorflow' && v.backend !== 'wasm' && v.backend !== 'cpu') return false
  if (!isNumbers(v.mean, v.nFeatures) || !isNumbers(v.std, v.nFeatures) || !Array.isArray(v.trainingLoss)) return false
  const shapes = layerShapes(v.nFeatures, v.options.hidden)
  if (!Array.isArray(v.layers) || v.layers.length !== shapes.length) return false
  return v.layers.every((l, i) => {
    const s = shapes[i]
    return (
      l.inputs === s.inputs &&
      l.units === s.units &&
      l.activation === s.activation &&
      isNumbers(l.kernel, s.inputs * s.units) &&
      isNumbers(l.bias, s.units)
    )
  })
}

function resolveOptions(partial: Partial<AutoencoderOptions>): Required<AutoencoderOptions> {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined))
  const o: Required<AutoencoderOptions> = { ...DEFAULT_AUTOENCODER_OPTIONS, ...defined }
  if (!isPositiveInt(o.epochs)) throw new RangeError(`epochs must be a positive integer, got ${o.epochs}`)
  if (!isPositiveInt(o.batchSize)) throw new RangeError(`batchSize must be a positive integer, got ${o.batchSize}`)
  if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) throw new RangeError(`learningRate must be > 0, got ${o.learningRate}`)
  if (o.hidden.length === 0 || !o.hidden.every(isPositiveInt)) throw new RangeError(`hidden must be positive integers, got ${JSON.stringify(o.hidden)}`)
  if (!Number.isFinite(o.seed)) throw new RangeError(`seed must be a finite number, got ${o.seed}`)
  if (!(Number.isInteger(o.maxTrainRows) && o.maxTrainRows >= 0)) throw new RangeError(`maxTrainRows must be an integer ≥ 0, got ${o.maxTrainRows}`)
  return { ...o, hidden: [...o.hidden] }
}

function checkMatrix(X: Float64Array, nRows: number, nFeatures: number): void {
  if (!isPositiveInt(nFeatures)) throw new RangeError(`nFeatures must be a positive integer, got ${nFeatures}`)
  if (!(Number.isInteger(nRows) && nRows >= 0)) throw new RangeError(`nRows must be an integer ≥ 0, got ${nRows}`)
  if (X.length !== nRows * nFeatures) throw new RangeError(`X has ${X.length} values, expected ${nRows} × ${nFeatures}`)
}

function isPositiveInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0
}

function isNumbers(a: unknown, length: number): a is number[] {
  return Array.isArray(a) && a.length === length && a.every((x) => typeof x === 'number' && Number.isFinite(x))
}
