// Synthetic feature matrices for the autoencoder tests: rows lie near a low-dimensional subspace
// (a few latent factors mixed into many features, plus noise), which is what an autoencoder with a
// narrow bottleneck learns; an outlier breaks the features' correlations.
import { Random } from '../../../../src/engine/util/random'

export interface Synthetic {
  X: Float64Array
  nRows: number
  nFeatures: number
  /** Mixing matrix, `latent × nFeatures`, to build more rows from the same distribution. */
  mixing: Float64Array
  latent: number
}

/** `nRows` rows of `nFeatures` features driven by `latent` factors, with raw offsets and scales. */
export function lowRankRows(nRows: number, nFeatures: number, latent: number, seed: number, noise = 0.05): Synthetic {
  const rng = new Random(seed)
  const mixing = new Float64Array(latent * nFeatures)
  for (let i = 0; i < mixing.length; i++) mixing[i] = rng.normal()
  const X = new Float64Array(nRows * nFeatures)
  fillRows(X, 0, nRows, nFeatures, latent, mixing, rng, noise)
  return { X, nRows, nFeatures, mixing, latent }
}

/** Writes rows [from, to) of `X` from the same distribution. */
export function fillRows(
  X: Float64Array, from: number, to: number, nFeatures: number, latent: number,
  mixing: Float64Array, rng: Random, noise: number,
): void {
  const z = new Float64Array(latent)
  for (let r = from; r < to; r++) {
    for (let k = 0; k < latent; k++) z[k] = rng.normal()
    for (let f = 0; f < nFeatures; f++) {
      let v = 0
      for (let k = 0; k < latent; k++) v += z[k] * mixing[k * nFeatures + f]
      // Raw features come with their own offsets and scales; the model standardises them.
      X[r * nFeatures + f] = 100 * f + (f + 1) * (v + noise * rng.normal())
    }
  }
}
