/**
 * Each account's busiest clock hour of bytes per day, kept as its two busiest days. The baseline's
 * "busiest hour" is the second of them: one exceptional day in the baseline (possibly the very
 * exfiltration a folder starts with) cannot vouch for itself, while a daily backup's hour recurs.
 */
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

export class DailyPeaks {
  private readonly hourBucket: Float64Array
  private readonly hourSum: Float64Array
  private readonly dayBucket: Float64Array
  private readonly dayPeak: Float64Array
  private readonly top1: Float64Array
  private readonly top2: Float64Array

  constructor(accounts: number) {
    this.hourBucket = new Float64Array(accounts).fill(-1)
    this.hourSum = new Float64Array(accounts)
    this.dayBucket = new Float64Array(accounts).fill(-1)
    this.dayPeak = new Float64Array(accounts)
    this.top1 = new Float64Array(accounts)
    this.top2 = new Float64Array(accounts)
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

  /** The busiest hour of each account's second-busiest day (0 with fewer than two days). */
  secondBusiest(): Float64Array {
    for (let u = 0; u < this.top2.length; u++) this.settle(u)
    return this.top2.slice()
  }

  private settle(u: number): void {
    const p = this.dayPeak[u]
    this.dayPeak[u] = 0
    if (p > this.top1[u]) {
      this.top2[u] = this.top1[u]
      this.top1[u] = p
    } else if (p > this.top2[u]) this.top2[u] = p
  }
}
