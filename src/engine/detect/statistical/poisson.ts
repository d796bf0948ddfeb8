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
  if (kk <= lambda) {
    // The bulk: 1 - P(X < k) summed directly (k is small here or the tail is not surprising).
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

/** Surprise of seeing at least k events when lambda are expected: -log10 P(X >= k). */
export function poissonSurprise(k: number, lambda: number): number {
  return -logPoissonTail(k, lambda) / Math.LN10
}
