import { RecordQuality } from '../json/recordQuality'
import { recordToEvent, type RecordContext } from '../json/recordToEvent'
import { unwrapRecords } from '../json/unwrap'
import { SyslogParser } from '../syslog/SyslogParser'
import type { LineSink, SinkContext } from './LineSink'
import { isBlank, truncationMark } from './LineSink'

const MAX_RAW = 65_536

/** A record of a document as its raw text: giant ones cut and marked like giant lines. */
export function rawOf(record: unknown): string {
  const s = JSON.stringify(record) ?? String(record)
  return s.length > MAX_RAW ? truncationMark(s.slice(0, MAX_RAW), s.length) : s
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/**
 * JSON lines: one record per line (`source_line` = line number). A line holding a wrapper
 * document or array yields all its records. A line that is not JSON goes through the syslog
 * parser (mixed files exist), which keeps it as 'other' when it is not syslog either.
 */
export class JsonLinesSink implements LineSink {
  protected readonly rctx: RecordContext
  private syslog: SyslogParser | null = null

  constructor(protected readonly ctx: SinkContext) {
    this.rctx = { relPath: ctx.relPath, hostHint: ctx.hostHint, zone: ctx.zone, lastTs: ctx.referenceMs, quality: new RecordQuality() }
  }

  /** Records with no valid time or out-of-range values, for the file's report. */
  quality(): RecordQuality | null {
    return this.rctx.quality ?? null
  }

  line(text: string, lineNo: number): void {
    if (isBlank(text)) return
    const t = stripBom(text).trim()
    const c = t.charCodeAt(0)
    if (c === 123 || c === 91) {
      let value: unknown
      let parsed = true
      try {
        value = JSON.parse(t)
      } catch {
        parsed = false
      }
      if (parsed) {
        const records = unwrapRecords(value)
        // An empty array or wrapper still is a line: keep it (as 'other').
        if (records === null || records.length === 0) {
          this.ctx.emit(recordToEvent(value, text, lineNo, this.rctx))
        } else {
          for (const r of records) this.ctx.emit(recordToEvent(r, records.length === 1 ? text : rawOf(r), lineNo, this.rctx))
        }
        return
      }
    }
    this.syslog ??= new SyslogParser({ ...this.ctx, referenceMs: this.rctx.lastTs })
    const ev = this.syslog.parse(text, lineNo)
    this.ctx.emit(ev)
  }

  finish(): void {
    this.syslog?.finish()
  }
}
