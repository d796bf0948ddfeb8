import type { NormalizedEvent } from '../../../shared/event'
import { DocumentRecords } from '../json/DocumentRecords'
import { parsedDocumentRecords } from '../json/parsedDocumentRecords'
import { repeatsOuterKey } from '../json/repeatsOuterKey'
import { RecordQuality } from '../json/recordQuality'
import { recordToEvent, type RecordContext } from '../json/recordToEvent'
import { rawOf } from './JsonSink'
import type { SinkContext } from './LineSink'

const NOT_A_LOG = 'a JSON file without a timestamped record'
/**
 * Records held while none has shown a time yet (a document of untimed records is data, not a log,
 * and must emit nothing). Past this many it is read as a log whose records lack times.
 */
const HOLD_UNTIMED = 10_000
/**
 * A document of at most this many characters is held and parsed with one `JSON.parse` (V8's
 * parser is ~10× the token stream); a bigger one streams from the moment it passes the bound,
 * so memory stays bounded (the text plus its parsed value, a few times this).
 */
export const WHOLE_PARSE_MAX_CHARS = 32 * 1024 * 1024

/**
 * A whole JSON document (one line or pretty-printed, any size; arrays and wrapper objects, see
 * `DocumentRecords`), read as a text stream: one event per record, `source_line` = 1-based record
 * index. No line bound applies inside the document. Up to `wholeParseMaxChars` the text is held and
 * parsed whole; when that fails (not one JSON value: concatenated values, a broken document) or the
 * text passes the bound, it goes through the streaming reader, which gives the same records.
 *
 * When the text stops being JSON, `brokenAtLine` names the line to read on from line by line (the
 * line where the unfinished record began, or line 1 when no record came out), so nothing is lost.
 * With `judgeLog`, a document none of whose records has a time (a config file, an inventory) is
 * data, not a log: nothing is emitted and `notALog` says why.
 */
export class JsonDocumentSink {
  private readonly records: DocumentRecords
  private readonly rctx: RecordContext
  private readonly held: NormalizedEvent[] = []
  private emitted = 0
  private index = 0
  /** Where the last two pieces of text began (byte offset, line), and the text, to place a break. */
  private readonly pieces: { byte: number; line: number; text: string }[] = []
  private bytes = 0
  private line = 1
  private data = false
  private broken: number | null = null
  /** The text held for one `JSON.parse`, null once the document streams. */
  private pending: string[] | null = []
  private pendingChars = 0

  constructor(
    private readonly ctx: SinkContext,
    private readonly wholeParseMaxChars = WHOLE_PARSE_MAX_CHARS,
  ) {
    this.rctx = { relPath: ctx.relPath, hostHint: ctx.hostHint, zone: ctx.zone, lastTs: ctx.referenceMs, quality: new RecordQuality() }
    this.records = new DocumentRecords({ record: (value) => this.record(value) })
  }

  /** Feeds the next piece of the file's text. */
  write(text: string): void {
    if (this.broken !== null || text.length === 0) return
    if (this.pending === null) return this.stream(text)
    if (this.pendingChars === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    if (this.pendingChars + text.length <= this.wholeParseMaxChars) {
      this.pending.push(text)
      this.pendingChars += text.length
      return
    }
    this.streamPending()
    this.stream(text)
  }

  /** The held text goes through the streaming reader (it stops at a break). */
  private streamPending(): void {
    const pending = this.pending ?? []
    this.pending = null
    for (const piece of pending) this.stream(piece)
  }

  private stream(text: string): void {
    if (this.broken !== null || text.length === 0) return
    if (this.bytes === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    this.pieces.push({ byte: this.bytes, line: this.line, text })
    if (this.pieces.length > 2) this.pieces.shift()
    this.bytes += Buffer.byteLength(text)
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.line++
    this.records.write(text)
    if (this.records.error !== null) this.break()
  }

  finish(): void {
    if (this.broken !== null) return
    const parsedWhole = this.pending !== null && this.parseWhole(this.pending.join(''))
    if (!parsedWhole) {
      this.streamPending()
      if (this.broken !== null) return
      this.records.end()
      if (this.records.error !== null) return this.break()
    }
    if (this.ctx.judgeLog === true && this.rctx.timed !== true && this.held.length > 0) {
      this.data = true
      this.held.length = 0
      return
    }
    this.flush()
  }

  /** The 1-based line to read on from line by line, null when the document read whole. */
  get brokenAtLine(): number | null {
    return this.broken
  }

  /** What broke the document, null when it read whole. */
  get error(): Error | null {
    return this.records.error
  }

  /** Records read as records before the document broke (or all of them). */
  get recordCount(): number {
    return this.emitted + this.held.length
  }

  notALog(): string | null {
    return this.data ? NOT_A_LOG : null
  }

  quality(): RecordQuality | null {
    return this.rctx.quality ?? null
  }

  /**
   * One `JSON.parse` of the whole text: false when it is not one JSON value, or when a wrapper
   * names a key twice (JSON.parse would keep only the last), and then it streams.
   */
  private parseWhole(text: string): boolean {
    if (repeatsOuterKey(text)) return false
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return false
    }
    this.pending = null
    parsedDocumentRecords(value, (r) => this.record(r))
    return true
  }

  private record(value: unknown): void {
    this.index++
    const ev = recordToEvent(value, rawOf(value), this.index, this.rctx)
    if (this.ctx.judgeLog === true && this.rctx.timed !== true && this.held.length < HOLD_UNTIMED) {
      this.held.push(ev)
      return
    }
    this.flush()
    this.emitted++
    this.ctx.emit(ev)
  }

  private flush(): void {
    for (const ev of this.held) this.ctx.emit(ev)
    this.emitted += this.held.length
    this.held.length = 0
  }

  private break(): void {
    if (this.rctx.timed !== true && this.emitted === 0) {
      // No log record came out: the file is not a JSON document; it is read line by line instead.
      this.held.length = 0
      this.rctx.quality = new RecordQuality()
      this.broken = 1
      return
    }
    this.flush()
    this.broken = this.lineAt(this.records.resumeOffset)
  }

  /** The line holding byte `offset`: exact within the last two pieces, else their first line. */
  private lineAt(offset: number): number {
    const piece = this.pieces.findLast((p) => p.byte <= offset) ?? this.pieces[0]
    if (piece === undefined || piece.byte > offset) return this.pieces[0]?.line ?? 1
    const before = Buffer.from(piece.text).subarray(0, offset - piece.byte).toString()
    let line = piece.line
    for (let at = before.indexOf('\n'); at >= 0; at = before.indexOf('\n', at + 1)) line++
    return line
  }
}
