/**
 * Brings one file's new content into the store: skips a file the store already holds whole, tails a
 * known file from its stored offset, and reads anything else in full; overlap with what is stored is
 * dropped by event key. With an IdentityBook, rotations are followed by file identity (see
 * TAILING.md): a renamed file goes on from its offset, a compressed copy of content already
 * read is not read again, a re-used inode or truncated file starts at 0. The file's new offset and
 * its events are committed in one transaction.
 */
import type { NormalizedEvent } from '../../shared/event'
import type { FileProblem, SourceStatus } from '../../shared/sources'
import type { FileRecord, FileState, Store, StoredEvent } from '../store/Store'
import type { GeoEnricher } from '../enrich/geoip'
import type { CommitGroup } from './CommitGroup'
import { numberRepeats } from '../parse/eventKey'
import type { ParsedFile, ParseOptions } from '../parse/parseFile'
import type { LineContext } from '../parse/parseLines'
import { decideIdentity } from './decideIdentity'
import type { DiscoveredFile } from './discoverFiles'
import { FINGERPRINT_BYTES, fingerprintFile, fingerprintOfBytes } from './fileIdentity'
import type { FileReading } from './fileReading'
import type { IdentityBook, KnownFile } from './IdentityBook'
import { RepeatCounter } from './RepeatCounter'
import { readAppendedWindow, readFinalLines, readGzipFrom } from './readRest'
import type { SourceSettings } from './sourceSettings'
import { statusOfProblem } from './problemStatus'

export interface IngestDeps {
  store: Store
  pipeline: FileReading
  parseOptions: ParseOptions
  /** Status recorded for files read successfully: `watching` while the folder is watched. */
  status: SourceStatus
  /** Rotation tracking by file identity (live watching and incremental scans); without it, by path only. */
  identities?: IdentityBook
  /**
   * Watching: a last line without its newline is left unread (offset before it) until it is
   * finished or `flushPartialLine` is called; a one-off scan takes it as it is.
   */
  holdPartial?: boolean
  /** Receives the events each commit added, as stored (live scoring needs them without reading them back). */
  onStored?: (events: StoredEvent[]) => void
  /** Live: stop a tail after about this many lines (whole read windows), with `more` set. */
  maxLinesPerRead?: number
  /** Fills geo fields from the offline GeoIP database before events are stored. */
  enrich?: GeoEnricher
  /** Live: read appended lines in windows of at most this many bytes (default: `readAppended`'s 16 MiB). */
  readWindowBytes?: number
  /** A first scan reads files of at least this many bytes (on disk) in batches; default 32 MiB. */
  batchFromBytes?: number
  /** A first scan's batched read: events per batch (default parseFile's 10,000; tests make it small). */
  readBatchEvents?: number
  /** The settings of the folder a file is in (its `.vigil.json` files: time zone, collection time). */
  sourceSettings?: (sourceId: number, absPath: string) => Promise<SourceSettings>
  /**
   * A scan's transaction for many small files (ingest/CommitGroup.ts), opened by the caller: a big
   * file's batched read commits it first and stores itself in its own transaction.
   */
  group?: CommitGroup
}

export interface FileIngest {
  /** Store ids of the events this read added (duplicates of stored events are not added). */
  inserted: number[]
  problem: FileProblem | null
  /** Bytes after the offset that are not a complete line yet (held, see `IngestDeps.holdPartial`). */
  partial?: boolean
  /** The read stopped at `IngestDeps.maxLinesPerRead` with more to read. */
  more?: boolean
}

const BATCH_FROM_BYTES = 32 * 1024 * 1024

const NOTHING: FileIngest = { inserted: [], problem: null }

export async function ingestFile(depsIn: IngestDeps, sourceId: number, file: DiscoveredFile): Promise<FileIngest> {
  const deps = await withFolderSettings(depsIn, sourceId, file)
  const { store } = deps
  let rec = store.file(sourceId, file.relPath)
  const decision = deps.identities ? await decideIdentity(deps.identities, sourceId, file, rec) : { kind: 'same' as const }
  if (decision.kind === 'compressedCopy') return readCompressedCopy(deps, sourceId, file, decision.from, decision.contentSize)
  if (decision.kind === 'renamed') rec = continueRenamed(deps, sourceId, file, decision.from)
  const readable = rec !== undefined && rec.status !== 'unreadable' && rec.status !== 'skipped' && rec.status !== 'deleted'
  const sameIdentity = rec !== undefined && rec.dev === file.dev && rec.ino === file.ino && decision.kind !== 'fresh'
  if (rec && readable && sameIdentity && rec.size === file.size && rec.mtimeMs === file.mtimeMs && rec.offset > 0) {
    return rec.offset < rec.size && deps.holdPartial === true ? { ...NOTHING, partial: true } : NOTHING
  }
  // An unreadable or deleted record of the same identity keeps a valid offset: go on from there.
  const canTail = rec && sameIdentity && !file.compressed && rec.format !== 'unknown' && file.size >= rec.offset
  if (rec && canTail) return tail(deps, rec, file)
  // A first scan reads a file in batches, stored as they come (a 670 MB file is never held whole),
  // all in one transaction with the file's offset. Watching holds a partial last line: whole reads.
  // Small files are read in one go: a syslog file read in batches is read twice (its years first).
  const big = file.size >= (deps.batchFromBytes ?? BATCH_FROM_BYTES)
  if (!big || !deps.store.inBulkLoad || deps.holdPartial === true) return storeParsed(deps, sourceId, file, await deps.pipeline.parseFile(file, deps.parseOptions), null)
  const batches = new BatchCommit(deps, sourceId, file)
  deps.group?.commit()
  deps.store.beginSpan()
  try {
    const parsed = await deps.pipeline.parseFile(file, { ...deps.parseOptions, onEvents: batches.take, batchEvents: deps.readBatchEvents })
    // parseFile reports a throw as the file's problem; a batch that could not be stored must undo the file instead.
    if (batches.error !== undefined) throw batches.error
    const res = await storeParsed(deps, sourceId, file, parsed, batches)
    deps.store.commitSpan()
    return res
  } catch (error) {
    deps.store.rollbackSpan()
    throw error
  }
}

/** The events of a batched read committed so far (see ingestFile), numbered as one read would. */
class BatchCommit {
  readonly inserted: number[] = []
  /** Repeat numbering runs across batches: a line repeated over a batch boundary is numbered on. */
  readonly seen = new Map<string, number>()
  events = 0
  lastEventTs: number | null = null
  /** Why storing a batch failed (the read is then undone, see ingestFile). */
  error: unknown = undefined

  constructor(
    private readonly deps: IngestDeps,
    private readonly sourceId: number,
    private readonly file: DiscoveredFile,
  ) {}

  readonly take = (events: NormalizedEvent[]): void => {
    const { file } = this
    this.events += events.length
    this.lastEventTs = maxTs(events, this.lastEventTs)
    // Provisional (offset 0): the file's real state is written after its last batch, in the same transaction.
    const state: FileState = { sourceId: this.sourceId, relPath: file.relPath, dev: file.dev, ino: file.ino, size: file.size, mtimeMs: file.mtimeMs, offset: 0, compressed: file.compressed, format: 'unknown', lines: 0, events: 0, unparsed: 0, lastEventTs: null, status: this.deps.status, message: null, csvHeader: null }
    try {
      for (const id of commit(this.deps, state, events, null, this.seen)) this.inserted.push(id)
    } catch (error) {
      this.error ??= error
      throw error
    }
  }
}

/** Stores a parsed file's state and its events (those not already committed in batches). */
async function storeParsed(deps: IngestDeps, sourceId: number, file: DiscoveredFile, parsed: ParsedFile, batches: BatchCommit | null): Promise<FileIngest> {
  if (deps.identities && !file.compressed) {
    // The parse read the first bytes already: one open per file, not two (100,000 tiny files).
    const head = parsed.contentHead
    const fingerprint = head === undefined || head === null ? await fingerprintFile(file.absPath) : head.length > 0 ? fingerprintOfBytes(head) : null
    if (fingerprint) deps.identities.setFingerprint(file.dev, file.ino, fingerprint)
  }
  const partial = holdPartialLine(deps, file, parsed)
  const fatal = parsed.problem !== null && parsed.events.length === 0 && parsed.lines === 0
  const state: FileState = {
    sourceId,
    relPath: file.relPath,
    dev: file.dev,
    ino: file.ino,
    size: file.size,
    mtimeMs: file.mtimeMs,
    // A compressed file is read whole; its offset is its (compressed) size.
    offset: file.compressed ? file.size : parsed.bytesRead,
    compressed: file.compressed,
    format: parsed.format,
    lines: parsed.lines,
    events: (batches?.events ?? 0) + parsed.events.length,
    unparsed: parsed.unparsed,
    lastEventTs: maxTs(parsed.events, batches?.lastEventTs ?? null),
    status: fatal && parsed.problem ? statusOfProblem(parsed.problem.code) : deps.status,
    message: parsed.problem?.message ?? null,
    csvHeader: parsed.csvHeader,
  }
  if (batches === null) return { inserted: commit(deps, state, parsed.events), problem: parsed.problem, partial }
  for (const id of commit(deps, state, parsed.events, null, batches.seen)) batches.inserted.push(id)
  repeatCounterOf(deps.store).committed(batches.seen)
  return { inserted: batches.inserted, problem: parsed.problem, partial }
}

/** Reads a known file from its stored offset, committing chunk by chunk (each with its offset). */
async function tail(deps: IngestDeps, start: FileRecord, file: DiscoveredFile): Promise<FileIngest> {
  const { store } = deps
  const inserted: number[] = []
  let rec = start
  for (;;) {
    const windowed = deps.readWindowBytes === undefined ? null : await readAppendedWindow(file.absPath, rec.offset, deps.readWindowBytes)
    const read = windowed ?? (await deps.pipeline.readAppended(file.absPath, rec.offset))
    if (!read.ok) {
      store.setFileStatus(rec.id, 'unreadable', read.error.message)
      return { inserted, problem: read.error }
    }
    const { lines, nextOffset } = read.value
    // readAppended restarts at 0 when the file shrank under us (copytruncate): so do line numbers.
    const restarted = nextOffset < rec.offset
    const base = restarted ? { lines: 0, events: 0, unparsed: 0 } : rec
    const events = deps.pipeline.parseLines(lines, lineContext(deps, file, rec, base.lines + 1))
    const state: FileState = {
      ...rec,
      size: Math.max(file.size, nextOffset),
      mtimeMs: file.mtimeMs,
      offset: nextOffset,
      ...countsAfter(base, lines, events, rec.lastEventTs),
      status: deps.status,
      message: rec.message?.startsWith('rotated') ? rec.message : null,
    }
    for (const id of commit(deps, state, events, restarted ? null : rec.lastEventTs)) inserted.push(id)
    const advanced = nextOffset !== rec.offset
    rec = { ...rec, ...state }
    // Live reads hand on a bounded batch; the caller comes back for the rest.
    if (advanced && nextOffset < file.size && deps.maxLinesPerRead !== undefined && rec.lines - start.lines >= deps.maxLinesPerRead) {
      return { inserted, problem: null, more: true }
    }
    // One read returns at most a bounded window: go on while it advances and the file has more.
    if (!advanced || lines.length === 0 || nextOffset >= file.size) {
      await refreshFingerprint(deps, file, rec.offset)
      return { inserted, problem: null, partial: deps.holdPartial === true && rec.offset < rec.size }
    }
  }
}

/**
 * Commits a file's new state and events. `storedUpTo` (a read that goes on from lines already
 * stored) is the file's last stored event time: an event at or before it may repeat a stored line
 * word for word, and is numbered after the stored copies instead of being taken for one of them.
 */
function commit(deps: IngestDeps, state: FileState, events: readonly NormalizedEvent[], storedUpTo: number | null = null, batchedSeen?: Map<string, number>): number[] {
  deps.enrich?.(events)
  const baseKeys = events.map((event) => deps.pipeline.eventKey(event))
  const repeats = repeatCounterOf(deps.store)
  // A batched read numbers on across its batches and tells the repeat counter once, at its end.
  const counts = batchedSeen ?? new Map<string, number>()
  const keys = numberRepeats(baseKeys, storedUpTo === null ? undefined : (i) => (events[i].ts <= storedUpTo ? repeats.stored(baseKeys[i]) : 0), counts)
  const keyed = events.map((event, i) => ({ key: keys[i], event }))
  const { inserted } = deps.store.commitFile(state, keyed)
  if (batchedSeen === undefined) repeats.committed(counts)
  deps.identities?.remember(state)
  if (deps.onStored && inserted.length > 0) deps.onStored(inserted.map((i) => ({ id: i.id, key: keyed[i.index].key, event: keyed[i.index].event })))
  return inserted.map((i) => i.id)
}

/**
 * Watching: drops the events of a last line still being written and sets the offset before it
 * (the parser's `tailOffset`), so the line is read whole once its newline arrives. True if held.
 */
function holdPartialLine(deps: IngestDeps, file: DiscoveredFile, parsed: ParsedFile): boolean {
  const { tailOffset } = parsed
  if (!deps.holdPartial || file.compressed || parsed.problem !== null || tailOffset >= parsed.bytesRead) return false
  const last = parsed.lines
  const kept = parsed.events.filter((e) => e.source_line < last)
  if (kept.length < parsed.events.length) {
    parsed.unparsed -= parsed.events.filter((e) => e.source_line >= last && e.event === 'other').length
    parsed.events = kept
  }
  parsed.lines = last - 1
  parsed.bytesRead = tailOffset
  return true
}

/** A fingerprint taken while the file was shorter than the fingerprint length is taken again. */
async function refreshFingerprint(deps: IngestDeps, file: DiscoveredFile, offset: number): Promise<void> {
  const book = deps.identities
  if (!book) return
  const fp = book.fingerprint(file.dev, file.ino)
  if (fp && (fp.len >= FINGERPRINT_BYTES || offset <= fp.len)) return
  const fresh = await fingerprintFile(file.absPath)
  if (fresh) book.setFingerprint(file.dev, file.ino, fresh)
}

/** Logrotate's rename: the path takes over the identity's read state, then is tailed from its offset. */
function continueRenamed(deps: IngestDeps, sourceId: number, file: DiscoveredFile, from: KnownFile): FileRecord | undefined {
  commit(deps, { ...from, sourceId, relPath: file.relPath, mtimeMs: 0, status: deps.status, message: `rotated (was ${from.relPath})` }, [])
  return deps.store.file(sourceId, file.relPath)
}

/**
 * A compressed rotation of content read up to `from.offset`: only what lies beyond it (written
 * before compression but never read as plain text) is read; the rest is not inflated again.
 */
async function readCompressedCopy(deps: IngestDeps, sourceId: number, file: DiscoveredFile, from: KnownFile, contentSize: number): Promise<FileIngest> {
  let lines: string[] = []
  if (contentSize > from.offset) {
    const rest = await readGzipFrom(file.absPath, from.offset)
    if (!rest.ok) return { inserted: [], problem: rest.error }
    lines = rest.value.lines
  }
  const events = lines.length === 0 ? [] : deps.pipeline.parseLines(lines, lineContext(deps, file, from, from.lines + 1))
  const state: FileState = {
    ...from,
    sourceId,
    relPath: file.relPath,
    dev: file.dev,
    ino: file.ino,
    size: file.size,
    mtimeMs: file.mtimeMs,
    offset: file.size,
    compressed: true,
    ...countsAfter(from, lines, events, from.lastEventTs),
    status: deps.status,
    message: `rotated (compressed copy of ${from.relPath})`,
  }
  return { inserted: commit(deps, state, events, from.lastEventTs), problem: null }
}

/**
 * Reads a held last line that never got its newline (called after a quiet period): the rest of
 * the file is taken as it is. Nothing when the file moved on in the meantime.
 */
export async function flushPartialLine(depsIn: IngestDeps, sourceId: number, file: DiscoveredFile): Promise<FileIngest> {
  const deps = await withFolderSettings(depsIn, sourceId, file)
  const rec = deps.store.file(sourceId, file.relPath)
  if (!rec || rec.dev !== file.dev || rec.ino !== file.ino || file.compressed || rec.format === 'unknown' || rec.offset >= file.size) return NOTHING
  const read = await readFinalLines(file.absPath, rec.offset)
  if (!read.ok) return { inserted: [], problem: read.error }
  const { lines, nextOffset } = read.value
  if (nextOffset < rec.offset) return NOTHING // shrank meanwhile: the next change event reads it
  const events = deps.pipeline.parseLines(lines, lineContext(deps, file, rec, rec.lines + 1))
  const state: FileState = {
    ...rec,
    size: Math.max(file.size, nextOffset),
    offset: nextOffset,
    ...countsAfter(rec, lines, events, rec.lastEventTs),
    status: deps.status,
    message: null,
  }
  return { inserted: commit(deps, state, events, rec.lastEventTs), problem: null }
}

/** The deps with the parse options of the file's folder (its `.vigil.json` wins over the engine's defaults). */
async function withFolderSettings(deps: IngestDeps, sourceId: number, file: DiscoveredFile): Promise<IngestDeps> {
  const settings = deps.sourceSettings ? await deps.sourceSettings(sourceId, file.absPath) : {}
  if (settings.timeZone === undefined && settings.collectedAtMs === undefined) return deps
  return {
    ...deps,
    parseOptions: {
      ...deps.parseOptions,
      ...(settings.timeZone !== undefined && { timeZone: settings.timeZone }),
      // A file time before the collection is its own (kept by `cp -p`, rsync, tar) and the closer
      // anchor; one after it is the copy's.
      ...(settings.collectedAtMs !== undefined && { referenceMs: file.mtimeMs > 0 ? Math.min(file.mtimeMs, settings.collectedAtMs) : settings.collectedAtMs }),
    },
  }
}

function lineContext(deps: IngestDeps, file: DiscoveredFile, known: Pick<KnownFile, 'format' | 'csvHeader'>, firstLine: number): LineContext {
  return {
    format: known.format,
    relPath: file.relPath,
    hostHint: deps.pipeline.hostHintFor(file),
    firstLine,
    // Lines read after the first read were written since: the file time anchors them, not `collectedAt`.
    referenceMs: file.mtimeMs,
    timeZone: deps.parseOptions.timeZone,
    csvHeader: known.csvHeader ?? undefined,
  }
}

/** A file's running counts once `lines` (parsed into `events`) are added to what `base` had read. */
function countsAfter(
  base: Pick<FileState, 'lines' | 'events' | 'unparsed'>,
  lines: readonly string[],
  events: readonly NormalizedEvent[],
  lastEventTs: FileState['lastEventTs'],
): Pick<FileState, 'lines' | 'events' | 'unparsed' | 'lastEventTs'> {
  return {
    lines: base.lines + lines.length,
    events: base.events + events.length,
    unparsed: base.unparsed + events.filter((e) => e.event === 'other').length,
    lastEventTs: maxTs(events, lastEventTs),
  }
}

/** One running repeat count per store (every event it holds is committed here). */
const repeatCounters = new WeakMap<Store, RepeatCounter>()

function repeatCounterOf(store: Store): RepeatCounter {
  let counter = repeatCounters.get(store)
  if (counter === undefined) {
    counter = new RepeatCounter((key) => store.storedRepeats(key))
    repeatCounters.set(store, counter)
  }
  return counter
}

function maxTs(events: readonly NormalizedEvent[], start: number | null): number | null {
  let max = start
  for (const e of events) if (Number.isFinite(e.ts) && (max === null || e.ts > max)) max = e.ts
  return max
}
