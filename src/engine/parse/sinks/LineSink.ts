import type { NormalizedEvent } from '../../../shared/event'
import type { RecordQuality } from '../json/recordQuality'
import type { ZoneConverter } from '../time/zone'

/** Receives a file's lines in order (already bounded, CR stripped) and emits events. */
export interface LineSink {
  line(text: string, lineNo: number): void
  /** After the last line: flush anything held (JSON documents, year fix-up). */
  finish(): void
  /**
   * After `finish`: why the file is data rather than a log (`a CSV without a timestamp column`),
   * null when it is a log. Only sinks built with `SinkContext.judgeLog` ever say so; they then
   * emit nothing.
   */
  notALog?(): string | null
  /** Records with no valid time or out-of-range values (record-reading sinks), for the file's report. */
  quality?(): RecordQuality | null
}

/** Where sinks put events, and what they know about the file. */
export interface SinkContext {
  relPath: string
  hostHint: string
  referenceMs: number
  zone: ZoneConverter
  /** Year of the first RFC 3164 line, when a first pass settled it (streaming: nothing retained). */
  startYear?: number
  /**
   * Whole-file reads: decide whether the file is a log at all (CSV: a timestamp column; JSON: a
   * record with a time) and emit nothing when it is not. Off for live tailing of a known log.
   */
  judgeLog?: boolean
  emit(ev: NormalizedEvent): void
}

/** A line with no content: not an event (it carries nothing), but still counted in `lines`. */
export function isBlank(text: string): boolean {
  const first = text.charCodeAt(0)
  if (first > 32 && first !== 0xfeff && first !== 0xa0 && first < 0x1680) return false
  return BLANK.test(text)
}

/** Whitespace (JS `\s`: also NBSP, BOM, Unicode spaces) and NUL bytes only. */
const BLANK = /^[\s\0]*$/

/** The text kept for a line cut at the bound, marked so the analyst sees it was cut. */
export function truncationMark(text: string, originalChars: number): string {
  return `${text} …[truncated by Vigil: line was ${originalChars.toLocaleString('en-US')} characters]`
}
