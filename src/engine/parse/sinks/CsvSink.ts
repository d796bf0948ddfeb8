import { parse } from 'csv-parse/sync'
import { TIME_FIELD_NAMES } from '../json/aliases'
import { RecordQuality } from '../json/recordQuality'
import { recordToEvent, type RecordContext } from '../json/recordToEvent'
import { newEvent } from '../newEvent'
import type { LineSink, SinkContext } from './LineSink'
import { isBlank } from './LineSink'

const MAX_RECORD_LINES = 200
const MAX_RECORD_CHARS = 1 << 20

/** The delimiter a header line uses: the most frequent of `,` `;` tab `|`. */
export function csvDelimiter(header: string): string {
  let best = ','
  let bestCount = 0
  for (const d of [',', ';', '\t', '|']) {
    const n = header.split(d).length - 1
    if (n > bestCount) {
      best = d
      bestCount = n
    }
  }
  return best
}

/**
 * Does `text` end inside a quoted field (RFC 4180: a quote opens a field only at its start)?
 * `state` carries over between the lines of one record.
 */
function endsInsideQuotes(text: string, delimiter: number, inside: boolean): boolean {
  let atFieldStart = !inside
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inside) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++
        else inside = false
      }
    } else if (c === 34 && atFieldStart) {
      inside = true
      atFieldStart = false
    } else if (c === delimiter) {
      atFieldStart = true
    } else if (c !== 32) {
      atFieldStart = false
    }
  }
  return inside
}

/**
 * CSV with a header row; columns are mapped by the same aliases as JSON fields. Quote-free rows
 * are split directly; rows with quotes (and multi-line quoted fields) go through csv-parse.
 * `source_line` is the row's first line in the file. A row that cannot be parsed is an 'other' event.
 */
export class CsvSink implements LineSink {
  private header: string[] | null = null
  private delimiter = ','
  private delimiterCode = 44
  private pending: string[] = []
  private pendingStart = 0
  private pendingChars = 0
  private inside = false
  /** Judged not a log (no timestamp column): every line is ignored. */
  private skipping = false
  private readonly rctx: RecordContext

  /** The header row as written (for tailing: appended rows need it), null until seen. */
  headerLine: string | null = null

  /** `headerLine`: a header already known (live tailing of a CSV file whose top was read before). */
  constructor(
    private readonly ctx: SinkContext,
    headerLine?: string,
  ) {
    this.rctx = { relPath: ctx.relPath, hostHint: ctx.hostHint, zone: ctx.zone, lastTs: ctx.referenceMs, quality: new RecordQuality() }
    if (headerLine !== undefined) {
      this.line(headerLine, 0)
      if (this.pending.length > 0) this.flush()
    }
  }

  line(text: string, lineNo: number): void {
    if (this.skipping) return
    if (this.pending.length === 0) {
      if (isBlank(text)) return
      this.pendingStart = lineNo
      if (this.header === null) {
        this.delimiter = csvDelimiter(text)
        this.delimiterCode = this.delimiter.charCodeAt(0)
      }
    }
    this.pending.push(text)
    this.pendingChars += text.length
    this.inside = endsInsideQuotes(text, this.delimiterCode, this.inside)
    if (!this.inside || this.pending.length >= MAX_RECORD_LINES || this.pendingChars >= MAX_RECORD_CHARS) this.flush()
  }

  finish(): void {
    if (this.pending.length > 0) this.flush()
  }

  quality(): RecordQuality | null {
    return this.rctx.quality ?? null
  }

  notALog(): string | null {
    return this.skipping ? 'a CSV without a timestamp column' : null
  }

  private flush(): void {
    const raw = this.pending.join('\n')
    const line = this.pendingStart
    this.pending = []
    this.pendingChars = 0
    this.inside = false
    const fields = this.split(raw)
    if (this.header === null) {
      if (fields !== null) {
        this.headerLine = raw
        this.header = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f).trim())
        // Labels, templates, inventories: rows without a time are data, not log events.
        if (this.ctx.judgeLog === true && !this.header.some((h) => TIME_FIELD_NAMES.has(h.toLowerCase()))) this.skipping = true
        return
      }
      this.ctx.emit(newEvent(this.rctx.lastTs, this.ctx.hostHint, this.ctx.relPath, line, raw))
      return
    }
    if (fields === null) {
      this.ctx.emit(newEvent(this.rctx.lastTs, this.ctx.hostHint, this.ctx.relPath, line, raw))
      return
    }
    const record: Record<string, string> = {}
    const n = Math.min(fields.length, this.header.length)
    for (let i = 0; i < n; i++) {
      if (fields[i] !== '') record[this.header[i]] = fields[i]
    }
    this.ctx.emit(recordToEvent(record, raw, line, this.rctx))
  }

  private split(raw: string): string[] | null {
    if (!raw.includes('"')) return raw.split(this.delimiter)
    try {
      const rows = parse(raw, { delimiter: this.delimiter, relax_quotes: true, relax_column_count: true, bom: true }) as string[][]
      return rows.length > 0 ? rows[0] : null
    } catch {
      return null
    }
  }
}
