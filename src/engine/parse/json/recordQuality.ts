import type { NormalizedEvent } from '../../../shared/event'

/**
 * Physical bounds of numeric fields. A value outside them is a data error (a broken exporter, a
 * forged record), not a measurement: it is kept in `raw` only, so `bytes: 1.2e29` can never make a
 * data-exfiltration finding.
 */
const MAX_BYTES = 1e15
const BOUNDS = {
  bytes: [0, MAX_BYTES],
  src_port: [0, 65_535],
  lat: [-90, 90],
  lon: [-180, 180],
} as const satisfies Partial<Record<keyof NormalizedEvent, readonly [number, number]>>

type BoundedField = keyof typeof BOUNDS
/** Listed once: `Object.keys` per record was an array per record. */
const BOUNDED_FIELDS = Object.keys(BOUNDS) as BoundedField[]

/**
 * What a file's records got wrong, counted so the summary can say it ("3 records with no valid
 * time"): records without a usable time (they are shown at the time of the record before them)
 * and numeric fields out of physical range (dropped from the event, kept in `raw`).
 */
export class RecordQuality {
  untimed = 0
  outOfRange = 0
  private firstOutOfRange: string | null = null

  noteUntimed(): void {
    this.untimed++
  }

  /** Clears every out-of-range numeric field of `ev`, counting each. */
  checkRanges(ev: NormalizedEvent): void {
    for (const field of BOUNDED_FIELDS) {
      const value = ev[field]
      if (value === null || value === undefined) continue
      const [lo, hi] = BOUNDS[field]
      if (value >= lo && value <= hi) continue
      ev[field] = null
      this.outOfRange++
      this.firstOutOfRange ??= `${field} ${value} in record ${ev.source_line}`
    }
  }

  /** One sentence for the file's problem, null when every record was sound. */
  describe(relPath: string): string | null {
    const parts: string[] = []
    if (this.untimed > 0) {
      parts.push(`${this.untimed.toLocaleString('en-US')} record${this.untimed === 1 ? '' : 's'} with no valid time (each shown at the time of the record before it)`)
    }
    if (this.outOfRange > 0) {
      const n = this.outOfRange.toLocaleString('en-US')
      parts.push(`${n} value${this.outOfRange === 1 ? '' : 's'} out of physical range, a data error kept in raw and not scored (first: ${this.firstOutOfRange})`)
    }
    return parts.length === 0 ? null : `${relPath}: ${parts.join('; ')}`
  }
}
