/**
 * Autoencoder speed for `vigil bench`: training time per epoch and scoring throughput on a
 * synthetic, seeded feature matrix, on the running backend or on each backend in turn.
 */
import { Random } from '../../util/random'
import { fitAutoencoder } from './Autoencoder'
import { loadTf, useTfBackend, TF_BACKENDS, type TfBackendName, type TfBackendProblem } from './tfBackend'

export interface AutoencoderBenchOptions {
  rows: number
  features: number
  epochs: number
  batchSize: number
  seed: number
}

export const DEFAULT_AUTOENCODER_BENCH: Readonly<AutoencoderBenchOptions> = Object.freeze({
  rows: 100_000,
  features: 20,
  epochs: 1,
  batchSize: 1024,
  seed: 42,
})

export interface AutoencoderBench {
  backend: TfBackendName
  rows: number
  features: number
  epochs: number
  /** Wall time of one training epoch over all `rows` (mean over `epochs`), warm. */
  msPerEpoch: number
  /** Rows scored per second (reconstruction error of every row). */
  scoreRowsPerSec: number
}

/** Times training and scoring on the backend {@link loadTf} picks (or the one last chosen). */
export async function benchAutoencoder(options: Partial<AutoencoderBenchOptions> = {}): Promise<AutoencoderBench> {
  const o = { ...DEFAULT_AUTOENCODER_BENCH, ...options }
  const { backend } = await loadTf()
  const X = benchMatrix(o.rows, o.features, o.seed)
  // Warm-up: the first fit imports tfjs-layers and compiles kernels; a bench should not count it.
  const warm = await fitAutoencoder(X.subarray(0, Math.min(o.rows, 2048) * o.features), Math.min(o.rows, 2048), o.features, {
    epochs: 1,
    batchSize: o.batchSize,
    seed: o.seed,
  })
  warm.score(X.subarray(0, Math.min(o.rows, 2048) * o.features), Math.min(o.rows, 2048))
  warm.dispose()

  const t0 = performance.now()
  const model = await fitAutoencoder(X, o.rows, o.features, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    seed: o.seed,
    maxTrainRows: 0,
  })
  const t1 = performance.now()
  model.score(X, o.rows)
  const t2 = performance.now()
  model.dispose()
  return {
    backend,
    rows: o.rows,
    features: o.features,
    epochs: o.epochs,
    msPerEpoch: (t1 - t0) / o.epochs,
    scoreRowsPerSec: o.rows / ((t2 - t1) / 1000),
  }
}

/**
 * {@link benchAutoencoder} on each backend that starts here (default: tensorflow, wasm, cpu), then
 * switches back to the backend that was running before.
 */
export async function benchAutoencoderBackends(
  options: Partial<AutoencoderBenchOptions> = {},
  backends: readonly TfBackendName[] = TF_BACKENDS,
): Promise<{ results: AutoencoderBench[]; unavailable: TfBackendProblem[] }> {
  const { backend: before } = await loadTf()
  const results: AutoencoderBench[] = []
  const unavailable: TfBackendProblem[] = []
  try {
    for (const name of backends) {
      const switched = await useTfBackend(name)
      if (!switched.ok) {
        unavailable.push(switched.error)
        continue
      }
      results.push(await benchAutoencoder(options))
    }
  } finally {
    await useTfBackend(before)
  }
  return { results, unavailable }
}

/** Rows driven by a few latent factors plus noise, like correlated event features. */
function benchMatrix(rows: number, features: number, seed: number): Float64Array {
  const rng = new Random(seed)
  const latent = Math.max(1, Math.min(4, features - 1))
  const mixing = Float64Array.from({ length: latent * features }, () => rng.normal())
  const X = new Float64Array(rows * features)
  const z = new Float64Array(latent)
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < latent; k++) z[k] = rng.normal()
    for (let f = 0; f < features; f++) {
      let v = 0.1 * rng.normal()
      for (let k = 0; k < latent; k++) v += z[k] * mixing[k * features + f]
      X[r * features + f] = v
    }
  }
  return X
}
