import type { NormalizedEvent } from '../../../shared/event'
import { newEvent } from '../newEvent'
import { YearInference } from '../time/YearInference'
import type { ZoneConverter } from '../time/zone'
import { parseTagged, tagInfo } from './dispatch'
import { newHeader, parseSyslogHeader, scanRfc3164Timestamp } from './header'

/** What a syslog parser needs to know about the file its lines come from. */
export interface SyslogContext {
  relPath: string
  /** Host when the line names none (folder name). */
  hostHint: string
  /** The file's mtime (or "now" for live lines): anchors RFC 3164 years. */
  referenceMs: number
  zone: ZoneConverter
  /**
   * Year of the first RFC 3164 line when already settled by a first pass (`settleStartYear`):
   * events then get final times at once and nothing is retained. Omitted: fixed up in `finish`.
   */
  startYear?: number
}

/**
 * Parses syslog lines of one file, in order. `parse` is total: any string gives an event
 * ('other' when not understood, with the previous line's time when it has no timestamp).
 * Call `finish` after the last line: it fixes the years of RFC 3164 timestamps.
 */
export class SyslogParser {
  private readonly header = newHeader()
  private readonly years: YearInference
  private lastTs: number
  private lastWas3164 = false
  /** The event of the previous line: what `last message repeated N times` repeats. */
  private previous: NormalizedEvent | null = null

  constructor(private readonly ctx: SyslogContext) {
    this.years = new YearInference(ctx.referenceMs, ctx.zone, ctx.startYear)
    this.lastTs = ctx.referenceMs
  }

  parse(line: string, lineNo: number): NormalizedEvent {
    const ev = this.parseLine(line, lineNo)
    this.previous = ev
    return ev
  }

  private parseLine(line: string, lineNo: number): NormalizedEvent {
    const h = this.header
    const ev = newEvent(this.lastTs, this.ctx.hostHint, this.ctx.relPath, lineNo, line)
    let parsedHeader = false
    try {
      parsedHeader = parseSyslogHeader(line, this.ctx.zone, h)
    } catch {
      parsedHeader = false
    }
    if (!parsedHeader) {
      if (this.lastWas3164) this.years.repeatLast(ev)
      return ev
    }
    if (h.host !== null) ev.host = h.host
    const tag = h.program !== null ? tagInfo(h.program) : null
    if (tag !== null) ev.program = tag.name
    ev.pid = h.pid
    if (h.kind === 'rfc3164') {
      this.years.add(ev, h.month, h.day, h.msOfDay)
      this.lastWas3164 = true
    } else if (h.kind === 'absolute' && Number.isFinite(h.ts)) {
      ev.ts = h.ts
      this.lastWas3164 = false
    } else if (this.lastWas3164) {
      this.years.repeatLast(ev)
    }
    this.lastTs = ev.ts
    const msg = h.msgStart > 0 ? line.slice(h.msgStart) : line
    if (tag === null && repeatsLast(msg, ev, this.previous)) return ev
    try {
      if (!parseTagged(tag, msg, ev)) resetFields(ev)
    } catch {
      // A parser bug must not lose the line: keep it as 'other'.
      resetFields(ev)
    }
    return ev
  }

  /** Fixes RFC 3164 years of every line parsed so far. */
  finish(): void {
    this.years.finish()
  }
}

/** A message parser may have filled fields before giving up; an 'other' event carries none. */
function resetFields(ev: NormalizedEvent): void {
  ev.event = 'other'
  ev.outcome = 'unknown'
  ev.user = null
  ev.target_user = null
  ev.src_ip = null
  ev.src_port = null
  ev.auth_method = null
  ev.command = null
  ev.bytes = null
  ev.key_type = null
  ev.key_fingerprint = null
}

/** sysklogd / BSD syslogd, untagged: `[HOST ]last message repeated N times` (BSD: `--- ... ---`). */
const LAST_REPEATED = /^(?:(\S+) )?(?:--- )?last message repeated (\d+) times?(?: ---)?\s*$/

/**
 * `last message repeated N times`: the previous line's message occurred N more times. Old
 * syslogds write it right after that line, so `ev` becomes a copy of the previous event (its
 * kind, outcome, program, user, source, key, ...) with `count` N, at this line's time: the
 * previous event and this one stand for 1 + N occurrences, as the log says. With no previous
 * line (the first line read, e.g. of a live batch) or one from another host, `ev` stays `other`
 * with `count` N. False when `msg` is not such a line.
 */
function repeatsLast(msg: string, ev: NormalizedEvent, prev: NormalizedEvent | null): boolean {
  if (!msg.includes('last message repeated ')) return false
  const m = LAST_REPEATED.exec(msg)
  if (m === null) return false
  const n = Number(m[2])
  if (!Number.isSafeInteger(n) || n < 1) return false
  ev.count = n
  if (m[1] !== undefined) ev.host = m[1]
  if (prev === null || (m[1] !== undefined && m[1] !== prev.host)) return true
  ev.host = prev.host
  ev.program = prev.program
  ev.pid = prev.pid
  ev.event = prev.event
  ev.outcome = prev.outcome
  ev.user = prev.user
  ev.target_user = prev.target_user
  ev.src_ip = prev.src_ip
  ev.src_port = prev.src_port
  ev.auth_method = prev.auth_method
  ev.command = prev.command
  ev.bytes = prev.bytes
  ev.key_type = prev.key_type ?? null
  ev.key_fingerprint = prev.key_fingerprint ?? null
  return true
}

/**
 * First pass for streaming: walks the RFC 3164 timestamps of `lines` (headers only, ~10× faster
 * than parsing) and returns the year of the first one, or undefined when there is none.
 */
export class StartYearScanner {
  private readonly header = newHeader()
  private readonly years: YearInference
  private seen = false

  constructor(private readonly ctx: Pick<SyslogContext, 'referenceMs' | 'zone'>) {
    this.years = new YearInference(ctx.referenceMs, ctx.zone)
  }

  line(line: string): void {
    if (scanRfc3164Timestamp(line, this.ctx.zone, this.header)) {
      this.years.observe(this.header.month, this.header.day, this.header.msOfDay)
      this.seen = true
    }
  }

  startYear(): number | undefined {
    return this.seen ? this.years.settledStartYear() : undefined
  }
}
