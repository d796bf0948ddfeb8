/**
 * Splits a whole JSON document, fed as text in any chunks, into its records without ever holding
 * the document: `@streamparser/json`'s tokenizer reads the text, this class follows the document's
 * outer skeleton, and one token parser assembles one record at a time. Memory is one record (plus
 * the wrapper's other members), whatever the document's size or layout.
 *
 * Where the records are (as `unwrap.ts` says for a parsed value): the elements of a top-level
 * array; of `Records` / `records` / `events` / `Events` / `logs` / `entries` / `items` / `data` /
 * `results` / `value` in a top-level object; of `hits.hits` (each one's `_source` when it has one).
 * A top-level object with none of these is one record. Several top-level values one after another
 * (`jq` output, pretty-printed JSON lines) are read in turn.
 */
import { Tokenizer, TokenParser, TokenType } from '@streamparser/json'
import type { JsonPrimitive, JsonStruct } from '@streamparser/json/utils/types/jsonTypes.js'
import type { ParsedTokenInfo } from '@streamparser/json/utils/types/parsedTokenInfo.js'
import { isRecord } from './RecordFields'

type JsonValue = JsonPrimitive | JsonStruct

export const STRICT_KEYS: ReadonlySet<string> = new Set(['Records', 'records', 'events', 'Events', 'logs'])
/** Names that hold records only when the wrapper is small and they are all objects (as `unwrap.ts`). */
export const LOOSE_KEYS: ReadonlySet<string> = new Set(['entries', 'items', 'data', 'results', 'value'])
export const LOOSE_MAX_KEYS = 5
/** A loose wrapper holding more objects than this is a log: its records stream from then on. */
export const LOOSE_HOLD = 1_000
/**
 * Bound on one record (or one non-record member of a wrapper) in bytes of text: a bigger one is
 * an error, so the document is read on line by line from there (lines cut at their own bound)
 * instead of one value growing without end.
 */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024

/** Where the outer skeleton is: an array of records, or an object we look into. */
type Frame =
  | { kind: 'records'; key: string | null; loose: boolean; source: boolean }
  | { kind: 'object'; depth: 'root' | 'hits'; key: string | null; expectKey: boolean }

export interface DocumentRecordsHandler {
  /** A record, in document order. */
  record(value: unknown): void
}

export class DocumentRecords {
  private readonly tokenizer = new Tokenizer()
  private readonly frames: Frame[] = []
  /** Assembles the record being read (one at a time). */
  private readonly recordParser = new TokenParser({ paths: ['$'], separator: '' })
  private recordDepth = 0
  private unwrapSource = false
  /** Assembles a top-level object minus its record arrays (it is the record when it wraps none). */
  private readonly rootParser = new TokenParser({ paths: ['$'], separator: '' })
  private passDepth = 0
  private rootHadRecords = false
  private readonly held: unknown[] = []
  private holding = false
  private failure: Error | null = null
  private recordOffset = 0
  private passOffset = 0
  private lastOffset = 0

  constructor(
    private readonly handler: DocumentRecordsHandler,
    private readonly maxRecordBytes = MAX_RECORD_BYTES,
  ) {
    this.tokenizer.onToken = (t) => this.token(t)
    this.tokenizer.onError = (e) => this.fail(e)
    this.recordParser.onValue = ({ value }) => this.record(this.unwrapSource && isRecord(value) && isRecord(value._source) ? value._source : value)
    this.recordParser.onError = (e) => this.fail(e)
    this.rootParser.onValue = ({ value }) => this.rootDone(value as JsonValue)
    this.rootParser.onError = (e) => this.fail(e)
  }

  /** The first error met (the document is not valid JSON from there on), null while sound. */
  get error(): Error | null {
    return this.failure
  }

  /**
   * UTF-8 byte offset (in the text written) from which the text is not yet accounted for as
   * records: the start of the unfinished record, else the last token read.
   */
  get resumeOffset(): number {
    return this.recordDepth > 0 ? this.recordOffset : this.lastOffset
  }

  write(text: string): void {
    if (this.failure !== null || text.length === 0) return
    try {
      this.tokenizer.write(text)
    } catch (e) {
      this.fail(e as Error)
    }
  }

  /** After the last text: an unfinished document is an error. */
  end(): void {
    if (this.failure !== null) return
    if (this.frames.length > 0 || this.recordDepth > 0 || this.passDepth > 0) {
      this.fail(new Error('the document ends before it is complete'))
      return
    }
    try {
      this.tokenizer.end()
    } catch (e) {
      this.fail(e as Error)
    }
  }

  private fail(error: Error): void {
    this.failure ??= error
  }

  private record(value: unknown): void {
    if (this.holding) {
      this.held.push(value)
      if (this.held.length > LOOSE_HOLD) this.release()
      return
    }
    this.rootHadRecords = true
    this.handler.record(value)
  }

  /** A loose wrapper turned out to be a log: its held records go out. */
  private release(): void {
    this.holding = false
    for (const r of this.held.splice(0)) this.record(r)
  }

  private token(t: ParsedTokenInfo): void {
    if (this.failure !== null) return
    this.lastOffset = t.offset
    if (this.recordDepth > 0 || this.frames.at(-1)?.kind === 'records') {
      this.recordToken(t)
      return
    }
    if (this.passDepth > 0) {
      if (t.offset - this.passOffset > this.maxRecordBytes) return this.tooBig(this.passOffset)
      this.passDepth += depthChange(t.token)
      this.rootParser.write(t)
      return
    }
    const frame = this.frames.at(-1)
    if (frame === undefined) this.topToken(t)
    else if (frame.kind === 'object') this.objectToken(frame, t)
  }

  /** A token outside every value: a new top-level value starts. */
  private topToken(t: ParsedTokenInfo): void {
    if (t.token === TokenType.LEFT_BRACKET) {
      this.frames.push({ kind: 'records', key: null, loose: false, source: false })
    } else if (t.token === TokenType.LEFT_BRACE) {
      this.rootHadRecords = false
      this.frames.push({ kind: 'object', depth: 'root', key: null, expectKey: true })
      this.rootParser.write(t)
    } else if (isPrimitive(t.token)) {
      this.record(t.value)
    } else {
      this.fail(new Error(`unexpected ${TokenType[t.token]} at byte ${t.offset}`))
    }
  }

  /** Inside an array of records: a record starts, goes on, or the array ends. */
  private recordToken(t: ParsedTokenInfo): void {
    if (this.recordDepth > 0) {
      if (t.offset - this.recordOffset > this.maxRecordBytes) return this.tooBig(this.recordOffset)
      this.recordDepth += depthChange(t.token)
      this.recordParser.write(t)
      return
    }
    const frame = this.frames.at(-1) as Extract<Frame, { kind: 'records' }>
    if (t.token === TokenType.COMMA) return
    if (t.token === TokenType.RIGHT_BRACKET) {
      this.frames.pop()
      if (this.frames.length > 0) this.rootParser.write(t)
      return
    }
    this.unwrapSource = frame.source
    this.recordOffset = t.offset
    if (t.token === TokenType.LEFT_BRACE || t.token === TokenType.LEFT_BRACKET) this.recordDepth = 1
    else if (!isPrimitive(t.token)) return this.fail(new Error(`unexpected ${TokenType[t.token]} at byte ${t.offset}`))
    this.recordParser.write(t)
  }

  /** Inside the top-level object (or its `hits`): finds the record arrays, keeps the rest. */
  private objectToken(frame: Extract<Frame, { kind: 'object' }>, t: ParsedTokenInfo): void {
    this.rootParser.write(t)
    if (t.token === TokenType.RIGHT_BRACE) {
      this.frames.pop()
      return
    }
    if (t.token === TokenType.COMMA) {
      frame.expectKey = true
      return
    }
    if (t.token === TokenType.COLON) return
    if (frame.expectKey && t.token === TokenType.STRING) {
      frame.key = String(t.value)
      frame.expectKey = false
      return
    }
    const key = frame.key
    if (t.token === TokenType.LEFT_BRACKET && key !== null) {
      const wraps = frame.depth === 'hits' ? key === 'hits' : STRICT_KEYS.has(key) || LOOSE_KEYS.has(key)
      if (wraps) {
        const loose = frame.depth === 'root' && LOOSE_KEYS.has(key)
        if (loose && !this.rootHadRecords) this.holding = true
        this.frames.push({ kind: 'records', key, loose, source: frame.depth === 'hits' })
        return
      }
    }
    if (t.token === TokenType.LEFT_BRACE && key === 'hits' && frame.depth === 'root') {
      this.frames.push({ kind: 'object', depth: 'hits', key: null, expectKey: true })
      return
    }
    this.passOffset = t.offset
    this.passDepth += depthChange(t.token)
  }

  private tooBig(offset: number): void {
    this.fail(new Error(`a value of more than ${Math.round(this.maxRecordBytes / (1024 * 1024))} MB starting at byte ${offset}`))
  }

  /** A top-level object is complete: it was a wrapper, or it is a record itself. */
  private rootDone(rest: JsonValue): void {
    if (this.holding) {
      this.holding = false
      const rootObject = rest as Record<string, unknown>
      const wrapper = Object.keys(rootObject).length <= LOOSE_MAX_KEYS && this.held.length > 0 && this.held.every(isRecord)
      if (!wrapper) {
        // Not a wrapper after all: the arrays are the record's own fields.
        restoreHeld(rootObject, this.held.splice(0))
        this.handler.record(rootObject)
        return
      }
      for (const r of this.held.splice(0)) this.record(r)
      return
    }
    if (!this.rootHadRecords && !wrapsEmptyArray(rest)) this.handler.record(rest)
  }
}

/** Puts held loose-array elements back where they came from (one loose array per document holds). */
export function restoreHeld(rootObject: Record<string, unknown>, held: unknown[]): void {
  for (const key of LOOSE_KEYS) {
    const v = rootObject[key]
    if (Array.isArray(v) && v.length === 0) {
      v.push(...held)
      return
    }
  }
}

/** `{"events": []}` and the like: a wrapper of no records, not a record. */
export function wrapsEmptyArray(value: unknown): boolean {
  if (!isRecord(value)) return false
  for (const key of STRICT_KEYS) if (Array.isArray(value[key])) return true
  const hits = value.hits
  return isRecord(hits) && Array.isArray(hits.hits)
}

function isPrimitive(token: TokenType): boolean {
  return token === TokenType.STRING || token === TokenType.NUMBER || token === TokenType.TRUE || token === TokenType.FALSE || token === TokenType.NULL
}

function depthChange(token: TokenType): number {
  return token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET ? 1 : token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET ? -1 : 0
}
