/**
 * Hour buckets of not-yet-written lines. Activities push lines at any future time (a session's
 * logout hours later); the writer takes each hour, sorted, once every activity that can start in it
 * has run. Memory holds only the lines of the next few hours, whatever the data set's size.
 */
import type { Label } from './attackKinds'

/** Where a line goes: a host index (its auth.log), or one of these. */
export const SINK_PORTAL = -1
export const SINK_CLOUD = -2

export interface Item {
  /** Epoch ms, fractional part = sub-millisecond (printed by rsyslog's microseconds). */
  ts: number
  seq: number
  sink: number
  /** Syslog: `host tag: message` without the timestamp. JSON: the record. */
  text: string
  label: Label | null
}

const HOUR = 3_600_000

export class Timeline {
  private readonly buckets = new Map<number, Item[]>()
  private seq = 0

  constructor(
    readonly startMs: number,
    readonly endMs: number,
  ) {}

  /** Queues a line; false (dropped) when it falls outside the data set's time span. */
  push(ts: number, sink: number, text: string, label: Label | null): boolean {
    if (!(ts >= this.startMs && ts < this.endMs)) return false
    const hour = Math.floor((ts - this.startMs) / HOUR)
    let bucket = this.buckets.get(hour)
    if (!bucket) {
      bucket = []
      this.buckets.set(hour, bucket)
    }
    bucket.push({ ts, seq: this.seq++, sink, text, label })
    return true
  }

  /** Removes and returns the lines of one hour in time order (ties keep push order). */
  take(hour: number): Item[] {
    const bucket = this.buckets.get(hour) ?? []
    this.buckets.delete(hour)
    bucket.sort((a, b) => a.ts - b.ts || a.seq - b.seq)
    return bucket
  }

  get hours(): number {
    return Math.ceil((this.endMs - this.startMs) / HOUR)
  }
}
