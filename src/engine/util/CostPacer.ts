/**
 * Spaces the calls of a costly function that many events ask for (the live `summary.changed`,
 * whose aggregates scan the whole store): after a call, the next runs no sooner than `minGapMs`,
 * nor sooner than `costFactor` times what the last call took, so it never takes more than
 * 1 / `costFactor` of the time. A request made too early is not dropped: one call runs when the
 * gap is over.
 */
export interface CostPacerOptions {
  minGapMs: number
  costFactor: number
  /** Once true, nothing more runs (the owner is closing). */
  isClosed: () => boolean
  /** Clock in milliseconds (tests); default `performance.now`. */
  now?: () => number
}

export class CostPacer {
  private timer: NodeJS.Timeout | null = null
  private lastEnd = -Infinity
  private lastCost = 0
  private readonly now: () => number

  constructor(
    private readonly run: () => void,
    private readonly options: CostPacerOptions,
  ) {
    this.now = options.now ?? (() => performance.now())
  }

  /** Runs now if the gap is over, else once when it is (requests meanwhile are merged). */
  request(): void {
    if (this.timer !== null || this.options.isClosed()) return
    const wait = this.lastEnd + Math.max(this.options.minGapMs, this.options.costFactor * this.lastCost) - this.now()
    if (wait <= 0) return this.runTimed()
    this.timer = setTimeout(() => {
      this.timer = null
      this.runTimed()
    }, wait)
    this.timer.unref()
  }

  /** Drops a pending call. */
  close(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private runTimed(): void {
    if (this.options.isClosed()) return
    const t0 = this.now()
    this.run()
    this.lastEnd = this.now()
    this.lastCost = this.lastEnd - t0
  }
}
