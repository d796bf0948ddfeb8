/**
 * The two fits the login pictures draw against: a zero-truncated Poisson for logins per user per
 * window (a window without a login is never seen, so the plain Poisson mean would be biased up), and
 * an exponential for the time between a user's logins (what a Poisson process gives).
 */

/** Gap bins (seconds), log-spaced as an analyst reads them: 1 s, 5 s, a minute, an hour, a day. */
export const GAP_EDGES_SEC = [0, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21_600, 86_400, Number.POSITIVE_INFINITY] as const

/** Rows past this k are folded into one "k and above" row. */
export const MAX_K = 20
/** A window count is unlikely when the fit gives it (or more) less than this probability. */
export const UNLIKELY = 1e-4

/**
 * λ of the zero-truncated Poisson whose mean is `mean` (≥ 1): mean = λ / (1 − e^−λ), solved by
 * bisection (the right side grows with λ). A mean of 1 (every window one login) gives 0.
 */
export function zeroTruncatedLambda(mean: number): number {
  if (!(mean > 1)) return 0
  const meanOf = (l: number): number => l / -Math.expm1(-l)
  let lo = 0
  let hi = mean
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2
    if (meanOf(mid) < mean) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** P(X = k) of a Poisson(λ) conditioned on X ≥ 1, k ≥ 1. */
export function zeroTruncatedPmf(k: number, lambda: number): number {
  if (lambda === 0) return k === 1 ? 1 : 0
  let logP = -lambda + k * Math.log(lambda)
  for (let i = 2; i <= k; i++) logP -= Math.log(i)
  return Math.exp(logP) / -Math.expm1(-lambda)
}

export interface WindowFit {
  lambda: number
  rows: { k: number; observed: number; expected: number }[]
  unlikely: number
}

/** Fits window counts given as a histogram (k → windows with k logins). */
export function fitWindowCounts(histogram: ReadonlyMap<number, number>): WindowFit {
  let windows = 0
  let logins = 0
  for (const [k, n] of histogram) {
    windows += n
    logins += k * n
  }
  const lambda = windows === 0 ? 0 : zeroTruncatedLambda(logins / windows)
  const maxSeen = Math.max(1, ...histogram.keys())
  const top = Math.min(maxSeen, MAX_K)
  const rows: WindowFit['rows'] = []
  let cumulative = 0
  for (let k = 1; k <= top; k++) {
    const p = zeroTruncatedPmf(k, lambda)
    const last = k === top
    let observed = histogram.get(k) ?? 0
    if (last) for (const [kk, n] of histogram) if (kk > k) observed += n
    rows.push({ k, observed, expected: windows * (last ? Math.max(0, 1 - cumulative) : p) })
    cumulative += p
  }
  // Tail probability P(X ≥ k), from 1 down, until it drops below the bar.
  let unlikely = 0
  let tail = 1
  for (let k = 1; k <= maxSeen; k++) {
    if (tail < UNLIKELY) for (const [kk, n] of histogram) if (kk === k) unlikely += n
    tail -= zeroTruncatedPmf(k, lambda)
  }
  return { lambda, rows, unlikely }
}

export interface GapFit {
  ratePerSec: number
  bins: { fromSec: number; toSec: number | null; observed: number; expected: number }[]
}

/** Fits an exponential to gaps (ms) and bins them; expected = n·(e^−ra − e^−rb) per bin [a, b). */
export function fitGaps(gapsMs: ArrayLike<number>): GapFit {
  const n = gapsMs.length
  let sum = 0
  for (let i = 0; i < n; i++) sum += gapsMs[i]
  const ratePerSec = sum > 0 ? n / (sum / 1000) : 0
  const counts = new Array<number>(GAP_EDGES_SEC.length - 1).fill(0)
  for (let i = 0; i < n; i++) {
    const sec = gapsMs[i] / 1000
    let b = 0
    while (b < counts.length - 1 && sec >= GAP_EDGES_SEC[b + 1]) b++
    counts[b]++
  }
  const survival = (sec: number): number => (sec === Number.POSITIVE_INFINITY ? 0 : Math.exp(-ratePerSec * sec))
  const bins = counts.map((observed, b) => {
    const fromSec = GAP_EDGES_SEC[b]
    const toSec = GAP_EDGES_SEC[b + 1]
    // The open last bin has no upper edge (null: JSON has no infinity).
    return { fromSec, toSec: Number.isFinite(toSec) ? toSec : null, observed, expected: ratePerSec > 0 ? n * (survival(fromSec) - survival(toSec)) : 0 }
  })
  return { ratePerSec, bins }
}
