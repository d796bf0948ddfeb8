import type { NormalizedEvent } from '../../../shared/event'
import type { ZoneConverter } from './zone'

const DAY = 86_400_000
/** How far back a line may step and still be the same year (late delivery, clock jitter). */
const OUT_OF_ORDER = 7 * DAY
/** The shortest distance between one date and the same date a year earlier. */
const MIN_YEAR = 365 * DAY

/**
 * Gives RFC 3164 timestamps (`Jan  5 03:12:00`, no year) their year.
 *
 * Lines arrive in file order. Each line takes the year (relative to the first line) in which it
 * does not step back from the previous line by more than a week: a December→January step moves one
 * year on, a forward gap of months stays in the year, a slightly out-of-order line does not move.
 * When the file ends, the last line is anchored to the reference time (the file's mtime: the last
 * write cannot be later than it, give or take a day of clock skew), and every event's `ts` is
 * shifted by the same whole number of years. That is the "walk backwards from the mtime" rule,
 * done in one forward pass plus a cheap fix-up.
 *
 * Two ways to use it:
 * - retaining (default): `add` sets a provisional `ts` and keeps the event; `finish` fixes years.
 * - settled: a first pass calls `observe` for every line and `settledStartYear()` gives the year of
 *   the first line; a second instance built with that `startYear` sets final times in `add` and
 *   keeps nothing (streaming a huge file in bounded memory).
 */
export class YearInference {
  private readonly baseYear: number
  private readonly retain: boolean
  private readonly events: NormalizedEvent[] = []
  private readonly packed: number[] = []
  private readonly rel: number[] = []
  private prevRel = 0
  private prevNaive = Number.NaN
  private dayKey = -1
  private dayRel = 0
  private dayStart = 0
  private lastPacked = -1

  constructor(
    private readonly referenceMs: number,
    private readonly zone: ZoneConverter,
    startYear?: number,
  ) {
    this.retain = startYear === undefined
    this.baseYear = startYear ?? new Date(referenceMs).getUTCFullYear()
  }

  /** The relative year of this line and its naive (zone-less) time; advances the walk. */
  private step(month: number, day: number, msOfDay: number): number {
    let rel = this.prevRel
    // Consecutive lines share a day: reuse its start instead of Date.UTC per line.
    const md = month * 32 + day
    if (md !== this.dayKey || rel !== this.dayRel) {
      this.dayKey = md
      this.dayRel = rel
      this.dayStart = Date.UTC(this.baseYear + rel, month, day)
    }
    let naive = this.dayStart + msOfDay
    if (this.prevNaive === this.prevNaive) {
      // Logs move forward: a step back of more than the tolerance is a new year; a step forward
      // that lands just short of a year is a late line from before the new year.
      const delta = naive - this.prevNaive
      if (delta < -OUT_OF_ORDER) {
        rel += 1
        naive = Date.UTC(this.baseYear + rel, month, day) + msOfDay
      } else if (delta > MIN_YEAR - OUT_OF_ORDER) {
        // (Only a step forward of most of a year can be a late line: the common small step
        // forward skips this Date.UTC.)
        const before = Date.UTC(this.baseYear + rel - 1, month, day) + msOfDay
        if (before - this.prevNaive > -OUT_OF_ORDER) {
          rel -= 1
          naive = before
        }
      }
    }
    this.prevRel = rel
    this.prevNaive = naive
    this.lastPacked = (month * 32 + day) * DAY + msOfDay
    return naive
  }

  /** Sets `ev.ts` from month (0-11), day, ms of day (provisional until `finish` when retaining). */
  add(ev: NormalizedEvent, month: number, day: number, msOfDay: number): void {
    ev.ts = this.zone(this.step(month, day, msOfDay))
    if (!this.retain) return
    this.events.push(ev)
    this.packed.push(this.lastPacked)
    this.rel.push(this.prevRel)
  }

  /** First pass of the settled mode: walks the line without an event. */
  observe(month: number, day: number, msOfDay: number): void {
    this.step(month, day, msOfDay)
  }

  /** Gives `ev` the time of the last added line: for lines without a timestamp. */
  repeatLast(ev: NormalizedEvent): void {
    if (this.prevNaive !== this.prevNaive) return
    ev.ts = this.zone(this.prevNaive)
    if (!this.retain) return
    this.events.push(ev)
    this.packed.push(this.lastPacked)
    this.rel.push(this.prevRel)
  }

  /** Years to add to every relative year so the last line is anchored at the reference time. */
  private shift(): number {
    if (this.lastPacked < 0) return 0
    const { month, day, msOfDay } = unpack(this.lastPacked)
    // The latest year in which the last line is not after the reference time (+1 day of skew).
    let lastYear = new Date(this.referenceMs).getUTCFullYear() + 1
    const floor = lastYear - 3
    while (lastYear > floor) {
      const ts = this.zone(Date.UTC(lastYear, month, day) + msOfDay)
      if (ts <= this.referenceMs + DAY) break
      lastYear--
    }
    return lastYear - (this.baseYear + this.prevRel)
  }

  /** After `observe`-ing every line: the year of the first line. */
  settledStartYear(): number {
    return this.baseYear + this.shift()
  }

  /** Retaining mode: fixes the years of every event added so far, then forgets them. */
  finish(): void {
    const n = this.events.length
    if (!this.retain || n === 0) return
    const shift = this.shift()
    if (shift !== 0) {
      for (let i = 0; i < n; i++) {
        const p = unpack(this.packed[i])
        this.events[i].ts = this.zone(Date.UTC(this.baseYear + this.rel[i] + shift, p.month, p.day) + p.msOfDay)
      }
    }
    this.events.length = 0
    this.packed.length = 0
    this.rel.length = 0
  }
}

function unpack(packed: number): { month: number; day: number; msOfDay: number } {
  const md = Math.floor(packed / DAY)
  return { month: Math.floor(md / 32), day: md % 32, msOfDay: packed - md * DAY }
}
