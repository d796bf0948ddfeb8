import type { NormalizedEvent } from '../../shared/event'
import { assertNever } from '../../shared/result'
import type { FileProblem, LogFormat } from '../../shared/sources'
import type { DiscoveredFile } from '../ingest/discoverFiles'
import { problemFromError } from '../ingest/fileProblem'
import { nodeFs, type IngestFs } from '../ingest/fsSeam'
import { DEFAULT_MAX_LINE_CHARS, LineSplitter } from '../ingest/LineSplitter'
import { bombProblem, DEFAULT_GZIP_LIMITS, inflateCap, type GzipLimits } from '../ingest/gzipBomb'
import { readLogText, type TextReadLimits, type TextReadResult } from '../ingest/readLogText'
import { hostHintFor } from './hostHint'
import { TimelessSink, timelessReason } from './logLineShare'
import { CsvSink } from './sinks/CsvSink'
import { JsonLinesSink } from './sinks/JsonSink'
import type { LineSink, SinkContext } from './sinks/LineSink'
import { truncationMark } from './sinks/LineSink'
import { SyslogSink } from './sinks/SyslogSink'
import type { RecordQuality } from './json/recordQuality'
import { readJsonDocument } from './readJsonDocument'
import { sniffFormat, type Reader, type Sniffed } from './sniffFormat'
import { StartYearScanner } from './syslog/SyslogParser'
import { createZoneConverter, type ZoneConverter } from './time/zone'

export interface ParseOptions {
  format?: 'auto' | 'auth' | 'json' | 'csv'
  /** IANA zone of zone-less timestamps; default the machine's. */
  timeZone?: string
  /**
   * Reference time for RFC 3164 year inference (the last line is not after it); default the file's
   * mtime. A folder's `collectedAt` setting (ingest/sourceSettings.ts) sets it for copied logs.
   */
  referenceMs?: number
  /** Host for lines/records naming none; default from the folder (see `hostHintFor`). */
  hostHint?: string
  /** Bound on one line (characters); longer lines are kept cut and marked. Default 64 Ki. */
  maxLineChars?: number
  /**
   * Streaming: when given, events are handed over in batches (of up to 10,000) as the file is read
   * and `ParsedFile.events` stays empty, so a huge file is never held whole. For syslog files a
   * first, header-only pass settles the RFC 3164 years (the file is read twice).
   */
  onEvents?: (events: NormalizedEvent[]) => void
  /** Streaming: events per batch (default 10,000; tests make it small). */
  batchEvents?: number
  /** Decompression-bomb limits (ingest/gzipBomb.ts); default 100:1, skipped. */
  gzip?: Partial<GzipLimits>
  /** Absolute paths the analyst chose to read up to the cap, whatever `gzip.onBomb` says. */
  capFiles?: ReadonlySet<string>
  /** File-system seam (tests inject failures). */
  fs?: IngestFs
}

export interface ParsedFile {
  file: DiscoveredFile
  format: LogFormat
  events: NormalizedEvent[]
  /** Lines in the (decompressed) file, blank ones included. */
  lines: number
  /** Events of kind 'other' (lines not understood; kept with their raw text). */
  unparsed: number
  /** Bytes read from disk (compressed bytes for a .gz). */
  bytesRead: number
  /**
   * Where live tailing should resume (`readAppended`): just after the last newline of a plain
   * file, so a last line still being written is read again whole; the file size for a .gz.
   */
  tailOffset: number
  problem: FileProblem | null
  /** CSV only: the header row as written (pass it to `parseLines` when tailing). */
  csvHeader: string | null
  /** A plain file's first bytes as read (its identity fingerprint, without a second open); null for gzip. */
  contentHead: Buffer | null
  /** Lines longer than the bound: kept cut, their raw marked "…[truncated by Vigil ...]". */
  truncatedLines: number
}

const SNIFF_LINES = 20
const SNIFF_CHARS = 256 * 1024
const BATCH = 10_000

/** The line-wise readers (a whole JSON document is read as one text stream instead). */
function makeSink(reader: Exclude<Reader, 'jsonDocument'>, ctx: SinkContext): LineSink {
  switch (reader) {
    case 'syslog':
      return new SyslogSink(ctx)
    case 'jsonLines':
      return new JsonLinesSink(ctx)
    case 'csv':
      return new CsvSink(ctx)
    default:
      return assertNever(reader)
  }
}

/**
 * Parses one log file into normalized events: sniffs the format from the content, streams the file
 * (gzip, invalid UTF-8, CRLF, no final newline, giant lines bounded), one event per non-blank line
 * or record ('other' when not understood, never dropped). Never throws: unreadable, binary and
 * damaged files come back with `problem` set and whatever could be read.
 */
export async function parseFile(file: DiscoveredFile, options: ParseOptions = {}): Promise<ParsedFile> {
  const result: ParsedFile = { file, format: 'unknown', events: [], lines: 0, unparsed: 0, bytesRead: 0, tailOffset: 0, problem: null, truncatedLines: 0, csvHeader: null, contentHead: null }
  // Called from plain JavaScript (or with `files[0]` of an empty discovery) it may get no file: say
  // so, instead of failing again inside the error handler below.
  const name = (file as DiscoveredFile | undefined)?.relPath
  if (name === undefined) {
    result.problem = { file: '(none)', code: 'not_found', message: 'parseFile: no file given (the folder had no log files?)' }
    return result
  }
  try {
    await parseInto(result, file, options)
  } catch (error) {
    // Only a bug gets here; the file is reported, the scan goes on.
    result.problem ??= problemFromError(name, error)
  }
  return result
}

/** Collects the first lines of a file until there are enough to sniff its format. */
class SniffBuffer {
  lines: string[] = []
  lineNos: number[] = []
  private chars = 0

  add(text: string, lineNo: number): boolean {
    this.lines.push(text)
    this.lineNos.push(lineNo)
    this.chars += text.length
    return this.lines.length >= SNIFF_LINES || this.chars >= SNIFF_CHARS
  }
}

/** The bomb limits that apply to `file`. */
function gzipLimitsFor(file: DiscoveredFile, options: ParseOptions): GzipLimits {
  const limits = { ...DEFAULT_GZIP_LIMITS, ...options.gzip }
  return options.capFiles?.has(file.absPath) === true ? { ...limits, onBomb: 'cap' } : limits
}

function readLimits(file: DiscoveredFile, options: ParseOptions): TextReadLimits {
  const limits = gzipLimitsFor(file, options)
  return { maxInflatedBytes: inflateCap(file.size, limits.maxRatio), measureFirst: limits.onBomb === 'skip' }
}

/** Reads the file's lines (bounded, marked when cut) into `onLine`; false from `onLine` stops. */
async function readLines(
  fs: IngestFs,
  file: DiscoveredFile,
  maxLine: number,
  limits: TextReadLimits,
  onLine: (text: string, lineNo: number, truncated: boolean) => boolean | void,
): Promise<{ read: TextReadResult; lines: number }> {
  let stop = false
  const splitter = new LineSplitter((line, lineNo, truncatedFrom) => {
    if (stop) return
    const text = truncatedFrom > 0 ? truncationMark(line, truncatedFrom) : line
    if (onLine(text, lineNo, truncatedFrom > 0) === false) stop = true
  }, maxLine)
  const read = await readLogText(
    fs,
    file.absPath,
    file.relPath,
    (text) => {
      splitter.push(text)
      return !stop
    },
    limits,
  )
  if (!stop) splitter.end()
  return { read, lines: splitter.lines }
}

/**
 * Streaming first pass: sniffs the format and, for syslog, settles the year of the first RFC 3164
 * line. Stops reading as soon as the format turns out not to be syslog.
 */
async function firstPass(fs: IngestFs, file: DiscoveredFile, options: ParseOptions, zone: ZoneConverter, referenceMs: number): Promise<{ sniffed: Sniffed | null; startYear: number | undefined; bomb: boolean }> {
  const sample = new SniffBuffer()
  let sniffed: Sniffed | null = null
  const scanner = new StartYearScanner({ referenceMs, zone })
  const { read } = await readLines(fs, file, options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS, readLimits(file, options), (text, lineNo) => {
    if (sniffed === null) {
      scanner.line(text)
      if (!sample.add(text, lineNo)) return true
      sniffed = sniffFormat(sample.lines, zone, options.format ?? 'auto', file.relPath)
      return sniffed.reader === 'syslog' && timelessReason(sniffed, options.format ?? 'auto', sample.lines) === null
    }
    scanner.line(text)
    return true
  })
  return {
    sniffed: sniffed ?? (sample.lines.length > 0 ? sniffFormat(sample.lines, zone, options.format ?? 'auto', file.relPath) : null),
    startYear: scanner.startYear(),
    bomb: read.capped && gzipLimitsFor(file, options).onBomb === 'skip',
  }
}

async function parseInto(result: ParsedFile, file: DiscoveredFile, options: ParseOptions): Promise<void> {
  const fs = options.fs ?? nodeFs
  const zone = createZoneConverter(options.timeZone)
  const referenceMs = options.referenceMs ?? (file.mtimeMs > 0 ? file.mtimeMs : Date.now())
  const streaming = options.onEvents
  const batchSize = Math.max(1, options.batchEvents ?? BATCH)
  const batch: NormalizedEvent[] = []
  let startYear: number | undefined
  if (streaming !== undefined) {
    const first = await firstPass(fs, file, options, zone, referenceMs)
    if (first.bomb) {
      result.problem = bombProblem(file.relPath, file.size, gzipLimitsFor(file, options))
      return
    }
    startYear = first.startYear
  }

  const ctx: SinkContext = {
    relPath: file.relPath,
    hostHint: options.hostHint ?? hostHintFor(file),
    referenceMs,
    zone,
    startYear,
    judgeLog: true,
    emit: (ev) => {
      if (ev.event === 'other') result.unparsed++
      if (streaming === undefined) result.events.push(ev)
      else batch.push(ev)
    },
  }
  const sample = new SniffBuffer()
  let sink: LineSink | null = null
  let document = false
  const startSink = (): LineSink | null => {
    const sniffed = sniffFormat(sample.lines, zone, options.format ?? 'auto', file.relPath)
    result.format = sniffed.format
    if (sniffed.reader === 'jsonDocument') {
      document = true
      return null
    }
    const timeless = timelessReason(sniffed, options.format ?? 'auto', sample.lines)
    const s = timeless === null ? makeSink(sniffed.reader, ctx) : new TimelessSink(timeless)
    for (let i = 0; i < sample.lines.length; i++) s.line(sample.lines[i], sample.lineNos[i])
    sample.lines = []
    sample.lineNos = []
    return s
  }

  const limits = gzipLimitsFor(file, options)
  const maxLine = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS
  const { read, lines } = await readLines(fs, file, maxLine, readLimits(file, options), (text, lineNo, truncated) => {
    if (truncated) result.truncatedLines++
    if (sink === null) {
      // A whole JSON document is read again as one stream, without the line bound.
      if (sample.add(text, lineNo)) sink = startSink()
      // Not a log (judged on the sample): nothing more of it is read.
      return !document && !(sink instanceof TimelessSink)
    }
    sink.line(text, lineNo)
    if (streaming !== undefined && batch.length >= batchSize) streaming(batch.splice(0))
  })
  result.bytesRead = read.bytesRead
  result.tailOffset = read.tailOffset
  result.contentHead = read.head
  result.problem = read.problem
  result.lines = lines
  if (read.capped && limits.onBomb === 'skip') {
    // Measured before a line was parsed: nothing of it is kept.
    result.problem = bombProblem(file.relPath, file.size, limits)
    result.lines = 0
    return
  }
  if (read.problem?.code === 'binary') {
    result.format = 'unknown'
    result.events = []
    result.unparsed = 0
    result.lines = 0
    return
  }
  const active = sink ?? (document ? null : startSink())
  let notALog: string | null
  let quality: readonly RecordQuality[]
  let finalRead = read
  if (active === null) {
    const doc = await readJsonDocument(fs, file, ctx, readLimits(file, options), (onLine) => readLines(fs, file, maxLine, readLimits(file, options), onLine), () => {
      if (streaming !== undefined && batch.length >= batchSize) streaming(batch.splice(0))
    })
    finalRead = doc.read
    result.bytesRead = doc.read.bytesRead
    result.tailOffset = doc.read.tailOffset
    result.problem = doc.read.problem ?? doc.problem
    result.lines = doc.lines
    result.truncatedLines = doc.truncatedLines
    notALog = doc.notALog
    quality = doc.quality
  } else {
    active.finish()
    if (active instanceof CsvSink) result.csvHeader = active.headerLine
    notALog = active.notALog?.() ?? null
    const q = (active as LineSink).quality?.() ?? null
    quality = q === null ? [] : [q]
  }
  if (notALog !== null) {
    // Reported like a binary file: no lines, no events, the reason by name (status 'skipped').
    result.problem = { file: file.relPath, code: 'not_a_log', message: `${file.relPath}: skipped, ${notALog} is not a log` }
    result.events = []
    result.unparsed = 0
    result.lines = 0
    result.truncatedLines = 0
    return
  }
  if (streaming !== undefined && batch.length > 0) streaming(batch.splice(0))
  // Whatever was read is kept; the file says how much it was.
  if (finalRead.capped) result.problem ??= bombProblem(file.relPath, file.size, limits, result.lines)
  else if (finalRead.shrank) result.problem ??= truncatedProblem(file.relPath, result.lines)
  const told = quality.map((q) => q.describe(file.relPath)).filter((m) => m !== null)
  if (told.length > 0) result.problem ??= { file: file.relPath, code: 'data_errors', message: told.join('; ') }
}

function truncatedProblem(relPath: string, lines: number): FileProblem {
  return { file: relPath, code: 'truncated', message: `${relPath}: truncated while reading: ${lines.toLocaleString('en-US')} lines read` }
}
