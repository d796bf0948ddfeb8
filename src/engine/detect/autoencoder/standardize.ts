/**
 * Per-feature standardisation learnt on the training (baseline) rows and stored in the model, so
 * that callers hand raw feature values to fit and score alike.
 */

/** Mean and standard deviation per feature, in float64. */
export interface Standardization {
  mean: Float64Array
  std: Float64Array
}

// A feature that never varied in the baseline keeps its raw scale (std 1): dividing by ~0 would turn
// the first different value into an astronomically large error that swamps every other feature.
const MIN_STD = 1e-9

/** Mean and population standard deviation of every column of row-major `X`. Non-finite values are skipped. */
export function fitStandardization(X: Float64Array, nRows: number, nFeatures: number): Standardization {
  const mean = new Float64Array(nFeatures)
  const m2 = new Float64Array(nFeatures)
  const count = new Float64Array(nFeatures)
  // Welford's update: stable for large counts and large offsets (byte volumes, epoch seconds).
  for (let r = 0; r < nRows; r++) {
    const base = r * nFeatures
    for (let f = 0; f < nFeatures; f++) {
      const v = X[base + f]
      if (!Number.isFinite(v)) continue
      const n = ++count[f]
      const delta = v - mean[f]
      mean[f] += delta / n
      m2[f] += delta * (v - mean[f])
    }
  }
  const std = new Float64Array(nFeatures)
  for (let f = 0; f < nFeatures; f++) {
    const s = count[f] > 0 ? Math.sqrt(m2[f] / count[f]) : 0
    std[f] = s > MIN_STD ? s : 1
  }
  return { mean, std }
}

/**
 * Writes the standardised rows `rows` (indices into `X`) into `out` (row-major float32).
 * A missing (non-finite) value becomes 0, i.e. the baseline mean, so it neither helps nor hurts.
 */
export function standardizeRows(
  X: Float64Array,
  nFeatures: number,
  rows: ArrayLike<number>,
  s: Standardization,
  out: Float32Array,
): void {
  for (let i = 0; i < rows.length; i++) {
    const src = rows[i] * nFeatures
    const dst = i * nFeatures
    for (let f = 0; f < nFeatures; f++) {
      const v = X[src + f]
      out[dst + f] = Number.isFinite(v) ? (v - s.mean[f]) / s.std[f] : 0
    }
  }
}

/** Like {@link standardizeRows} for the contiguous rows [start, end). */
export function standardizeRange(
  X: Float64Array,
  nFeatures: number,
  start: number,
  end: number,
  s: Standardization,
  out: Float32Array,
): void {
  for (let r = start; r < end; r++) {
    const src = r * nFeatures
    const dst = (r - start) * nFeatures
    for (let f = 0; f < nFeatures; f++) {
      const v = X[src + f]
      out[dst + f] = Number.isFinite(v) ? (v - s.mean[f]) / s.std[f] : 0
    }
  }
}
