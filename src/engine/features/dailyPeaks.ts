/**
 * Each account's busiest clock hour of bytes per day, kept as its two busiest days. The baseline's
 * "busiest hour" is the second of them: one exceptional day in the baseline (possibly the very
 * exfiltration a folder starts with) cannot vouch for itself, while a daily backup's hour recurs.
 * With fewer than `TRUSTED_DAYS` days of transfers (a capture of a few days, whose baseline is two)
 * the quieter day is no bar: it is the busiest, unless that is more than EXCEPTION_FACTOR times the
 * quieter (then it is the exception, and the bar is that multiple). One day alone vouches for
 * nothing (0: no history).
 */
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

/** Days with transfers from which the second-busiest one is the bar. */
export const TRUSTED_DAYS = 3

/** With fewer days, a busiest day this many times the quieter one is an exception, not a habit. */
export const EXCEPTION_FACTOR = 4

export class DailyPeaks {
  private readonly hourBucket: Float64Array
  private readonly hourSum: Float64Array
  private readonly dayBucket: Float64Array
  private readonly dayPeak: Float64Array
  private readonly top1: Float64Array
  private readonly top2: Float64Array
  private readonly days: Uint32Array

  constructor(accounts: number) {
    this.hourBucket = new Float64Array(accounts).fill(-1)
    this.hourSum = new Float64Array(accounts)
    this.dayBucket = new Float64Array(accounts).fill(-1)
    this.dayPeak = new Float64Array(accounts)
    this.top1 = new Float64Array(accounts)
    this.top2 = new Float64Array(accounts)
    this.days = new Uint32Array(accounts)
  }

  /** Adds `bytes` moved by account `u` at `ts` (rows in time order). */
  add(u: number, ts: number, bytes: number): void {
    const day = Math.floor(ts / DAY_MS)
    if (this.dayBucket[u] !== day) {
      this.settle(u)
      this.dayBucket[u] = day
    }
    const hour = Math.floor(ts / HOUR_MS)
    if (this.hourBucket[u] !== hour) {
      this.hourBucket[u] = hour
      this.hourSum[u] = 0
    }
    this.hourSum[u] += Math.max(0, bytes)
    if (this.hourSum[u] > this.dayPeak[u]) this.dayPeak[u] = this.hourSum[u]
  }

  /**
   * Each account's bar: the busiest hour of its second-busiest day or, with fewer than
   * TRUSTED_DAYS days of transfers, of its busiest day up to EXCEPTION_FACTOR times the other's.
   */
  busiestHours(): Float64Array {
    const out = new Float64Array(this.top2.length)
    for (let u = 0; u < out.length; u++) {
      this.settle(u)
      out[u] = this.days[u] >= TRUSTED_DAYS ? this.top2[u] : Math.min(this.top1[u], EXCEPTION_FACTOR * this.top2[u])
    }
    return out
  }

  private settle(u: number): void {
    const p = this.dayPeak[u]
    if (this.dayBucket[u] >= 0 && p > 0) this.days[u]++
    this.dayBucket[u] = -1
    this.dayPeak[u] = 0
    if (p > this.top1[u]) {
      this.top2[u] = this.top1[u]
      this.top1[u] = p
    } else if (p > this.top2[u]) this.top2[u] = p
  }
}
