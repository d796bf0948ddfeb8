/**
 * Brings one file's new content into the store: skips a file the store already holds whole, tails a
 * known file from its stored offset, and reads anything else (new, rotated, truncated, compressed)
 * in full; overlap with what is stored is dropped by event key. The file's new offset and its events
 * are committed in one transaction.
 */
import { stat } from 'node:fs/promises'
import { basename, relative, sep } from 'node:path'
import type { NormalizedEvent } from '../../shared/event'
import type { FileProblem, SourceStatus } from '../../shared/sources'
import type { FileRecord, FileState, Store } from '../store/Store'
import type { DiscoveredFileLike, ParseOptionsLike, Pipeline } from './pipeline'

export interface IngestDeps {
  store: Store
  pipeline: Pipeline<unknown>
  parseOptions: ParseOptionsLike
  /** Status recorded for files read successfully: `watching` while the folder is watched. */
  status: SourceStatus
}

export interface FileIngest {
  /** Store ids of the events this read added (duplicates of stored events are not added). */
  inserted: number[]
  problem: FileProblem | null
}

const NOTHING: FileIngest = { inserted: [], problem: null }

export async function ingestFile(deps: IngestDeps, sourceId: number, file: DiscoveredFileLike): Promise<FileIngest> {
  const { store } = deps
  const rec = store.file(sourceId, file.relPath)
  const readable = rec !== undefined && rec.status !== 'unreadable' && rec.status !== 'skipped'
  const sameIdentity = rec !== undefined && rec.dev === file.dev && rec.ino === file.ino
  if (rec && readable && sameIdentity && rec.size === file.size && rec.mtimeMs === file.mtimeMs && rec.offset > 0) return NOTHING
  const canTail = rec && readable && sameIdentity && !file.compressed && rec.format !== 'unknown' && file.size >= rec.offset
  if (rec && canTail) return tail(deps, rec, file)
  const parsed = await deps.pipeline.parseFile(file, deps.parseOptions)
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
    events: parsed.events.length,
    unparsed: parsed.unparsed,
    lastEventTs: maxTs(parsed.events, null),
    status: fatal ? (parsed.problem?.code === 'binary' ? 'skipped' : 'unreadable') : deps.status,
    message: parsed.problem?.message ?? null,
    csvHeader: parsed.csvHeader,
  }
  return { inserted: commit(deps, state, parsed.events), problem: parsed.problem }
}

/** Reads a known file from its stored offset, committing chunk by chunk (each with its offset). */
async function tail(deps: IngestDeps, start: FileRecord, file: DiscoveredFileLike): Promise<FileIngest> {
  const { store } = deps
  const inserted: number[] = []
  let rec = start
  for (;;) {
    const read = await deps.pipeline.readAppended(file.absPath, rec.offset)
    if (!read.ok) {
      store.setFileStatus(rec.id, 'unreadable', read.error.message)
      return { inserted, problem: read.error }
    }
    const { lines, nextOffset } = read.value
    // readAppended restarts at 0 when the file shrank under us (copytruncate): so do line numbers.
    const restarted = nextOffset < rec.offset
    const base = restarted ? { lines: 0, events: 0, unparsed: 0 } : rec
    const events = deps.pipeline.parseLines(lines, {
      format: rec.format,
      relPath: file.relPath,
      hostHint: deps.pipeline.hostHintFor(file),
      firstLine: base.lines + 1,
      referenceMs: file.mtimeMs,
      timeZone: deps.parseOptions.timeZone,
      csvHeader: rec.csvHeader ?? undefined,
    })
    const state: FileState = {
      ...rec,
      size: Math.max(file.size, nextOffset),
      mtimeMs: file.mtimeMs,
      offset: nextOffset,
      lines: base.lines + lines.length,
      events: base.events + events.length,
      unparsed: base.unparsed + events.filter((e) => e.event === 'other').length,
      lastEventTs: maxTs(events, rec.lastEventTs),
      status: deps.status,
      message: null,
    }
    inserted.push(...commit(deps, state, events))
    const advanced = nextOffset !== rec.offset
    rec = { ...rec, ...state }
    // One read returns at most a bounded window: go on while it advances and the file has more.
    if (!advanced || lines.length === 0 || nextOffset >= file.size) return { inserted, problem: null }
  }
}

function commit(deps: IngestDeps, state: FileState, events: readonly NormalizedEvent[]): number[] {
  const keyed = events.map((event) => ({ key: deps.pipeline.eventKey(event), event }))
  return deps.store.commitFile(state, keyed).inserted.map((i) => i.id)
}

function maxTs(events: readonly NormalizedEvent[], start: number | null): number | null {
  let max = start
  for (const e of events) if (Number.isFinite(e.ts) && (max === null || e.ts > max)) max = e.ts
  return max
}

/** The ingest view of a file found by the watcher, relative to its opened root. */
export async function describeFile(root: string, rootIsFile: boolean, absPath: string): Promise<DiscoveredFileLike> {
  const st = await stat(absPath)
  return {
    absPath,
    relPath: rootIsFile ? basename(absPath) : relative(root, absPath).split(sep).join('/'),
    size: st.size,
    mtimeMs: st.mtimeMs,
    dev: st.dev,
    ino: st.ino,
    compressed: absPath.endsWith('.gz'),
  }
}
