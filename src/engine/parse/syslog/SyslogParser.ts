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

  constructor(private readonly ctx: SyslogContext) {
    this.years = new YearInference(ctx.referenceMs, ctx.zone, ctx.startYear)
    this.lastTs = ctx.referenceMs
  }

  parse(line: string, lineNo: number): NormalizedEvent {
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
