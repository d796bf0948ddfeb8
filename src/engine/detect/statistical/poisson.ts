/** Poisson tail probabilities in log space (no underflow for counts in the thousands). */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let a = 0.99999999999980993
  const t = z + 7.5
  for (let i = 0; i < 8; i++) a += LANCZOS[i] / (z + i + 1)
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}

/** ln P(X >= k) for X ~ Poisson(lambda). */
export function logPoissonTail(k: number, lambda: number): number {
  if (k <= 0) return 0
  if (lambda <= 0) return -Infinity
  const kk = Math.ceil(k)
  if (kk <= lambda && lambda > EXACT_BULK_MAX_LAMBDA) {
    // At or below the mean of a large λ nothing is surprising (P ≥ ½): the normal approximation
    // is O(1) where the sum would be O(k) per row — quadratic for a flood of identical lines,
    // whose windows hold tens of thousands of events — and exp(-λ) would underflow past 745.
    return Math.log(normalUpperTail((kk - 0.5 - lambda) / Math.sqrt(lambda)))
  }
  if (kk <= lambda) {
    // The bulk: 1 - P(X < k) summed directly (k ≤ λ ≤ 50: a bounded loop).
    let term = Math.exp(-lambda)
    let cdf = term
    for (let j = 1; j < kk; j++) {
      term *= lambda / j
      cdf += term
    }
    return Math.log(Math.max(1 - cdf, 1e-300))
  }
  // The tail: pmf(k) * sum_j lambda^j / ((k+1)...(k+j)), a fast-converging series for k > lambda.
  const logPmf = kk * Math.log(lambda) - lambda - logGamma(kk + 1)
  let sum = 1
  let term = 1
  for (let j = 1; j < 1000; j++) {
    term *= lambda / (kk + j)
    sum += term
    if (term < 1e-12 * sum) break
  }
  return logPmf + Math.log(sum)
}

/** Up to this λ the bulk of the distribution is summed exactly (at most this many terms). */
const EXACT_BULK_MAX_LAMBDA = 50

/** P(Z ≥ z) for a standard normal Z (Abramowitz & Stegun 7.1.26, absolute error < 1.5e-7). */
function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x)
  return z >= 0 ? erfc / 2 : 1 - erfc / 2
}

/** Surprise of seeing at least k events when lambda are expected: -log10 P(X >= k). */
export function poissonSurprise(k: number, lambda: number): number {
  return -logPoissonTail(k, lambda) / Math.LN10
}
