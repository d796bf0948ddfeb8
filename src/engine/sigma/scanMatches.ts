/**
 * Sigma detections matched while a first scan stores its events. The scan holds each line whole
 * only then: the table it analyses keeps columns, and reading every line back from the store for
 * the Sigma pass cost more than matching it. `runSigma` takes these matches for the table built
 * from the same appended events (correlations then read back only the lines that matched).
 */
import type { NormalizedEvent } from '../../shared/event'
import type { EventTable } from '../features/eventTable'
import { type DetectionMatches, SigmaMatcher } from './matchEvents'
import type { SigmaSet } from './SigmaSet'

export class ScanSigmaMatches {
  private readonly matcher: SigmaMatcher | null
  /** Per match: the appended index of the event and the detection it matched. */
  private readonly appended: number[] = []
  private readonly detection: number[] = []

  /** `set`: the rules the scan runs (null: none, and observing costs nothing). */
  constructor(readonly set: SigmaSet | null) {
    this.matcher = set && set.detections.length > 0 ? new SigmaMatcher(set) : null
  }

  /** Matches the `appended`-th event the scan stores. */
  observe(event: NormalizedEvent, appended: number): void {
    if (this.matcher === null) return
    for (const i of this.matcher.match(event)) {
      this.appended.push(appended)
      this.detection.push(i)
    }
  }

  /**
   * The rows of `t` (whose `order` gives each row's appended index) each detection matched,
   * ascending. `t` may hold some of the appended events only (a host group's part of the scan).
   */
  byRow(t: EventTable): DetectionMatches {
    const out: DetectionMatches = (this.set?.detections ?? []).map(() => [])
    if (this.appended.length === 0) return out
    let appendedCount = 0
    for (let r = 0; r < t.n; r++) appendedCount = Math.max(appendedCount, t.order[r] + 1)
    const rowOf = new Int32Array(appendedCount).fill(-1)
    for (let r = 0; r < t.n; r++) rowOf[t.order[r]] = r
    for (let k = 0; k < this.appended.length; k++) {
      const row = this.appended[k] < appendedCount ? rowOf[this.appended[k]] : -1
      if (row >= 0) out[this.detection[k]].push(row)
    }
    for (const rows of out) rows.sort((a, b) => a - b)
    return out
  }
}

/** Tables built from a scan's appended events, with the matches the scan made while storing them. */
const byTable = new WeakMap<EventTable, ScanSigmaMatches>()

/** Hands `matches` on with the table built from the same appended events. */
export function attachScanMatches(t: EventTable, matches: ScanSigmaMatches): void {
  byTable.set(t, matches)
}

/** Hands `from`'s scan matches on to `to`, a table of some of the same appended events (features/eventTable.ts subTable). */
export function passScanMatches(from: EventTable, to: EventTable): void {
  const matches = byTable.get(from)
  if (matches !== undefined) byTable.set(to, matches)
}

/** The scan's matches of `set` for table `t`, or null (no scan matched it, or with other rules). */
export function scanMatchesFor(t: EventTable, set: SigmaSet): DetectionMatches | null {
  const matches = byTable.get(t)
  return matches !== undefined && matches.set === set ? matches.byRow(t) : null
}
