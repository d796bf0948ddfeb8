/**
 * Paces a scan's file loop: progress at most every `everyMs` (and always for the first and the
 * last file), and at those moments a turn of the event loop. Small files are read with
 * synchronous calls (ingest/readSmallFile.ts), so without it 100,000 of them would run without
 * ever letting a cancel, a query or a progress message through; and one progress message per file
 * was 100,000 messages to draw.
 */
export class FilePacer {
  private last = Number.NEGATIVE_INFINITY

  constructor(
    private readonly everyMs = 50,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether file `done` of `total` (counted from 1) is a moment to report and yield. */
  due(done: number, total: number): boolean {
    const t = this.now()
    if (done !== 1 && done !== total && t - this.last < this.everyMs) return false
    this.last = t
    return true
  }
}

/** Lets pending I/O callbacks (a cancel request, a query) run before the loop goes on. */
export const turnOfEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
