import type { NormalizedEvent } from '../../../shared/event'
import { recordToEvent, type RecordContext } from '../json/recordToEvent'
import { unwrapRecords } from '../json/unwrap'
import { SyslogParser } from '../syslog/SyslogParser'
import type { LineSink, SinkContext } from './LineSink'
import { isBlank, truncationMark } from './LineSink'

/** Bound on a whole JSON document held for `JSON.parse` (characters). */
export const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024
const MAX_RAW = 65_536
const NOT_A_LOG = 'a JSON file without a timestamped record'

/** A record of a document as its raw text: giant ones cut and marked like giant lines. */
function rawOf(record: unknown): string {
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
    this.rctx = { relPath: ctx.relPath, hostHint: ctx.hostHint, zone: ctx.zone, lastTs: ctx.referenceMs }
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

/**
 * A whole JSON document (pretty-printed object or array, wrapper documents): held (bounded),
 * parsed at the end, one event per record with `source_line` = 1-based record index. If it does
 * not parse as one document, its lines are read as JSON lines so nothing is lost. With
 * `judgeLog`, a document none of whose records has a time (a config file, an inventory) is data,
 * not a log: nothing is emitted and `notALog` says why. (JSON lines are not judged: they stream.)
 */
export class JsonDocumentSink implements LineSink {
  private readonly lines: string[] = []
  private readonly lineNos: number[] = []
  private chars = 0
  private overflow = false
  private readonly fallback: JsonLinesSink
  private data = false

  constructor(private readonly ctx: SinkContext) {
    this.fallback = new JsonLinesSink(ctx)
  }

  notALog(): string | null {
    return this.data ? NOT_A_LOG : null
  }

  line(text: string, lineNo: number): void {
    if (this.overflow) {
      this.fallback.line(text, lineNo)
      return
    }
    this.lines.push(text)
    this.lineNos.push(lineNo)
    this.chars += text.length + 1
    if (this.chars > MAX_DOCUMENT_CHARS) {
      // Too big to parse whole: fall back to line-wise reading for the rest.
      this.overflow = true
      this.replay()
    }
  }

  finish(): void {
    if (!this.overflow) this.parseWhole()
    this.fallback.finish()
  }

  private replay(): void {
    for (let i = 0; i < this.lines.length; i++) this.fallback.line(this.lines[i], this.lineNos[i])
    this.lines.length = 0
    this.lineNos.length = 0
  }

  private parseWhole(): void {
    if (this.lines.length === 0) return
    let value: unknown
    try {
      value = JSON.parse(stripBom(this.lines.join('\n')))
    } catch {
      this.replay()
      return
    }
    this.lines.length = 0
    const rctx: RecordContext = { relPath: this.ctx.relPath, hostHint: this.ctx.hostHint, zone: this.ctx.zone, lastTs: this.ctx.referenceMs }
    const records = unwrapRecords(value) ?? [value]
    const events: NormalizedEvent[] = new Array(records.length)
    for (let i = 0; i < records.length; i++) events[i] = recordToEvent(records[i], rawOf(records[i]), i + 1, rctx)
    if (this.ctx.judgeLog === true && rctx.timed !== true) {
      this.data = true
      return
    }
    for (const ev of events) this.ctx.emit(ev)
  }
}
