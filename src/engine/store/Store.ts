/**
 * The SQLite store: the only module that imports better-sqlite3 (CONVENTIONS.md). Every query is a
 * prepared statement; every multi-row write runs in one transaction, so a file's new offset and the
 * events it covers are committed together and a crash resumes exactly.
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NormalizedEvent } from '../../shared/event'
import type { EventScore, Finding, Severity, TriageStatus } from '../../shared/finding'
import { withTags, type TagColor, type TriageChange } from '../../shared/tags'

/** A key's triage as live findings carry it. */
export interface KeyTriage {
  status: TriageStatus
  note: string
  tags?: string[]
  color?: TagColor
}
import { severityRank } from '../../shared/finding'
import { BulkKeyIndex } from './BulkKeyIndex'
import { FindingsText } from './findingsText'
import { fillNextColumn } from './groupTotals'
import { RollupDeltas, markRollupsStale, refillRollupsIfStale } from './rollupDeltas'
import { markPivotsStale, refillPivotsIfStale } from './pivots'
import { REFILL_ROLLUPS } from './rollups'
import { ShapedRowWriter, type CommonValues } from './shapedRows'
import { ROWS_PER_MESSAGE, RowStream, WriterThread, type WriterStep } from './writerThread'
import { fillNoneScoreRows, type NoneScoreColumns } from './scoreColumns'
import { MIGRATIONS, SCHEMA_VERSION } from './schema'
import {
  EVENT_COLUMNS,
  EVENT_PARAM_COUNT,
  SCORE_PARAM_COUNT,
  eventFromRow,
  fillEventParams,
  fillScoreParams,
  fileFromRow,
  findingFromRow,
  FINDING_EXTRA,
  type FileRecord,
  type FileRow,
  type FileState,
  type KeyedEvent,
  type RawRow,
  type StoredEvent,
} from './rows'

export type { FileRecord, FileState, KeyedEvent, StoredEvent } from './rows'

/** Aggregates behind the scan summary (findings are LOW and above). */
export interface StoreStats {
  files: number
  hosts: number
  events: number
  unparsed: number
  findings: Record<Exclude<Severity, 'NONE'>, number>
  threats: Record<string, number>
  topUsers: [string, number][]
  topSourceIps: [string, number][]
}

export interface ScoredEvent {
  eventId: number
  score: EventScore
}

const q = (c: string): string => `"${c}"`
const EVENT_SELECT = `e.id, e.event_key, ${EVENT_COLUMNS.map((c) => `e.${q(c)}`).join(', ')}`
const FINDING_SELECT = `${EVENT_SELECT}, ${FINDING_EXTRA.join(', ')}`
const FINDING_FROM = `events e LEFT JOIN scores s ON s.event_id = e.id LEFT JOIN triage t ON t.event_key = e.event_key`
const FINDING_ORDER = `ORDER BY s.score DESC, e.ts, e.id`
const FILE_SELECT = `SELECT f.*, src.root FROM files f JOIN sources src ON src.id = f.source_id`
/** Ids are looked up in chunks so a 10M-id export never builds one giant statement. */
const ID_CHUNK = 10_000
/** Setting that holds the indexes a bulk load dropped, so a crash mid-load rebuilds them on open. */
const DEFERRED_INDEXES = 'store.deferredIndexes'
const BULK_TABLES = ['events', 'scores'] as const
/**
 * A scratch store's load (a one-off scan, whose indexes stay pending): its findings alone (LOW and
 * above, a few % of the scores), so the summary, the incidents and the export read them instead of
 * every score (a 1,000,000-event scan's tail read the whole table six times). Created as the load
 * starts, so each score write adds its row if it is a finding (no pass over the table at the end);
 * dropped when the real indexes are built. Not in a --db store: a crash there would keep it.
 */
const PENDING_FINDINGS_INDEX = 'CREATE INDEX IF NOT EXISTS pending_findings ON scores(severity_rank, score) WHERE severity_rank >= 1'

/** A bulk load's event insert (ids given: see BulkLoad.firstId). */
const BULK_EVENT_INSERT = `INSERT INTO events (id, event_key, file_id, ${EVENT_COLUMNS.map(q).join(', ')}) VALUES`
const NO_COMMONS: CommonValues = []

/** What a bulk load keeps while it runs (see Store.beginBulkLoad). */
interface BulkLoad {
  keys: BulkKeyIndex
  /** Ids are given explicitly (the next rowid SQLite would pick), so a multi-row insert knows them. */
  firstId: number
  /** Events committed so far: they have ids firstId .. firstId + count - 1. */
  count: number
  hosts: Set<string>
  onCommitted: BulkObserver | undefined
  /** A scratch store's writes run on a second core (writerThread.ts); null: on this connection. */
  thread: WriterThread | null
  /** Threaded: the id of every file row, by source and path (ids are given here, as for events). */
  fileIds: Map<string, number>
  /**
   * Threaded: the files written during the load, as written (by source and path). This connection
   * answers from them: inside a span it sees only what was committed before it.
   */
  written: Map<string, FileRecord>
  /** Threaded: the root of each source (files' records carry it). */
  roots: Map<number, string>
  nextFileId: number
  /** Threaded: a span (beginSpan) is open on the thread's connection. */
  inSpan: boolean
  /**
   * Threaded: every setting (JSON text) as the thread has been told it, so a read inside a span
   * (a file's fingerprint) needs no read of this connection, which the span's lock would block.
   */
  settings: Map<string, string>
  /** Threaded, in a span: the settings' values before it, for a rollback. */
  settingsBeforeSpan: Map<string, string | undefined>
}

/** Sees every event a bulk load commits, with its store id (a scan builds its columns from them). */
export type BulkObserver = (event: NormalizedEvent, id: number) => void

type Statement = Database.Statement<unknown[], unknown>

export class Store {
  private readonly db: Database.Database
  private readonly stmt
  private bulk: BulkLoad | null = null
  private readonly multiRow = new Map<string, Statement>()
  private readonly writers = new WeakMap<CommonValues, Map<string, ShapedRowWriter>>()
  private commitBulkTx: ((state: FileState, events: readonly KeyedEvent[], bulk: BulkLoad) => { fileId: number; inserted: { id: number; index: number }[] }) | null = null
  /** A bulk load ended without rebuilding its indexes (see finishBulkLoad). */
  private indexesPending = false
  /** A bulk load ended without refilling the pictures' totals (see ensureRollups). */
  private rollupsPending = false
  /**
   * Event and host counts known from a bulk load whose indexes are pending: without them the
   * summary's COUNT(DISTINCT host) would walk the whole events table. Dropped at the next write.
   */
  private loadedCounts: { events: number; hosts: number } | null = null
  private readonly findingsText: FindingsText
  private readonly rollups: RollupDeltas
  /** A scratch store's folder, removed at close. */
  private scratchDir: string | null = null

  private constructor(db: Database.Database) {
    this.db = db
    this.findingsText = new FindingsText(db)
    this.rollups = new RollupDeltas(db)
    this.stmt = {
      upsertSource: db.prepare(
        'INSERT INTO sources (root, opened_at) VALUES (?, ?) ON CONFLICT(root) DO UPDATE SET opened_at = excluded.opened_at RETURNING id',
      ),
      roots: db.prepare('SELECT root FROM sources ORDER BY id'),
      fileByPath: db.prepare(`${FILE_SELECT} WHERE f.source_id = ? AND f.rel_path = ?`),
      filesOfSource: db.prepare(`${FILE_SELECT} WHERE f.source_id = ? ORDER BY f.rel_path`),
      allFiles: db.prepare(`${FILE_SELECT} ORDER BY src.id, f.rel_path`),
      upsertFile: db.prepare(`INSERT INTO files (source_id, rel_path, dev, ino, size, mtime_ms, "offset", compressed, format,
          lines, events, unparsed, last_event_ts, status, message, csv_header)
        VALUES (@sourceId, @relPath, @dev, @ino, @size, @mtimeMs, @offset, @compressed, @format,
          @lines, @events, @unparsed, @lastEventTs, @status, @message, @csvHeader)
        ON CONFLICT(source_id, rel_path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, size = excluded.size,
          mtime_ms = excluded.mtime_ms, "offset" = excluded."offset", compressed = excluded.compressed,
          format = excluded.format, lines = excluded.lines, events = excluded.events, unparsed = excluded.unparsed,
          last_event_ts = excluded.last_event_ts, status = excluded.status, message = excluded.message,
          csv_header = excluded.csv_header
        RETURNING id`),
      markProblem: db.prepare(`INSERT INTO files (source_id, rel_path, status, message) VALUES (?, ?, ?, ?)
        ON CONFLICT(source_id, rel_path) DO UPDATE SET status = excluded.status, message = excluded.message`),
      setFileStatus: db.prepare('UPDATE files SET status = ?, message = ? WHERE id = ?'),
      allEvents: db.prepare(`SELECT ${EVENT_SELECT} FROM events e ORDER BY e.ts, e.source_file, e.source_line, e.id`),
      recentEvents: db.prepare(
        `SELECT * FROM (SELECT ${EVENT_SELECT} FROM events e WHERE e.ts >= ? AND e.ts <= ? ORDER BY e.ts DESC, e.id DESC LIMIT ?) ORDER BY ts, id`,
      ),
      eventCount: db.prepare('SELECT COUNT(*) AS n FROM events'),
      findingsAmong: db.prepare(
        'SELECT COUNT(*) AS n, MAX(severity_rank) AS top FROM scores WHERE event_id IN (SELECT value FROM json_each(?)) AND severity_rank >= 1',
      ),
      eventById: db.prepare(`SELECT ${EVENT_SELECT} FROM events e WHERE e.id = ?`),
      unscoredCount: db.prepare(
        'SELECT COUNT(*) AS n FROM events e LEFT JOIN scores s ON s.event_id = e.id WHERE s.event_id IS NULL',
      ),
      eventsByIds: db.prepare(`SELECT ${EVENT_SELECT} FROM events e WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.ts, e.id`),
      keyOf: db.prepare('SELECT event_key FROM events WHERE id = ?'),
      ownTags: db.prepare('SELECT tags FROM triage WHERE event_key = ?'),
      keyExists: db.prepare('SELECT 1 FROM events WHERE event_key = ?'),
      finding: db.prepare(`SELECT ${FINDING_SELECT} FROM ${FINDING_FROM} WHERE e.id = ?`),
      findingsAtLeast: db.prepare(
        `SELECT ${FINDING_SELECT} FROM ${FINDING_FROM} WHERE s.severity_rank >= ? ${FINDING_ORDER}`,
      ),
      findingsAll: db.prepare(`SELECT ${FINDING_SELECT} FROM ${FINDING_FROM} ${FINDING_ORDER}`),
      findingsByIds: db.prepare(
        `SELECT ${FINDING_SELECT} FROM ${FINDING_FROM} WHERE e.id IN (SELECT value FROM json_each(?))`,
      ),
      contextBefore: db.prepare(
        `SELECT ${FINDING_SELECT} FROM ${FINDING_FROM} WHERE e.file_id = ? AND e.source_line < ? ORDER BY e.source_line DESC, e.id DESC LIMIT ?`,
      ),
      contextAfter: db.prepare(
        `SELECT ${FINDING_SELECT} FROM ${FINDING_FROM} WHERE e.file_id = ? AND e.source_line > ? ORDER BY e.source_line, e.id LIMIT ?`,
      ),
      pruneModels: db.prepare('DELETE FROM models WHERE id NOT IN (SELECT id FROM models ORDER BY id DESC LIMIT ?)'),
      fileIdOf: db.prepare('SELECT file_id, source_line FROM events WHERE id = ?'),
      triageOfKeys: db.prepare('SELECT event_key, status, note, tags, color FROM triage WHERE event_key IN (SELECT value FROM json_each(?))'),
      triageCount: db.prepare('SELECT COUNT(*) AS n FROM triage'),
      upsertTriage: db.prepare(`INSERT INTO triage (event_key, status, note, tags, color, updated_at) VALUES (@key, @status, @note, @tags, @color, @now)
        ON CONFLICT(event_key) DO UPDATE SET status = COALESCE(@setStatus, status), note = COALESCE(@setNote, note),
          tags = COALESCE(@setTags, tags), color = CASE WHEN @setColor THEN @color ELSE color END, updated_at = @now`),
      saveModel: db.prepare('INSERT INTO models (created_at, feature_schema_version, json) VALUES (?, ?, ?) RETURNING id'),
      latestModel: db.prepare('SELECT id, json FROM models ORDER BY id DESC LIMIT 1'),
      completeModel: db.prepare('UPDATE models SET feature_schema_version = ?, json = ? WHERE id = ?'),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      statFiles: db.prepare(
        `SELECT COUNT(*) AS files, COALESCE(SUM(unparsed), 0) AS unparsed FROM files WHERE status IN ('scanned', 'watching')`,
      ),
      statEvents: db.prepare('SELECT COUNT(*) AS events, COUNT(DISTINCT host) AS hosts FROM events'),
      statSeverity: db.prepare('SELECT severity, COUNT(*) AS n FROM scores WHERE severity_rank >= 1 GROUP BY severity'),
      statThreats: db.prepare(
        'SELECT threat_type AS k, COUNT(*) AS n FROM scores WHERE severity_rank >= 1 GROUP BY threat_type ORDER BY n DESC, k',
      ),
      statUsers: db.prepare(`SELECT e."user" AS k, COUNT(*) AS n FROM scores s JOIN events e ON e.id = s.event_id
        WHERE s.severity_rank >= 1 AND e."user" IS NOT NULL GROUP BY e."user" ORDER BY n DESC, k LIMIT ?`),
      statIps: db.prepare(`SELECT e.src_ip AS k, COUNT(*) AS n FROM scores s JOIN events e ON e.id = s.event_id
        WHERE s.severity_rank >= 1 AND e.src_ip IS NOT NULL GROUP BY e.src_ip ORDER BY n DESC, k LIMIT ?`),
    }
    for (const st of [
      this.stmt.allEvents,
      this.stmt.eventById,
      this.stmt.recentEvents,
      this.stmt.eventsByIds,
      this.stmt.finding,
      this.stmt.findingsAtLeast,
      this.stmt.findingsAll,
      this.stmt.findingsByIds,
      this.stmt.contextBefore,
      this.stmt.contextAfter,
    ]) {
      st.raw(true)
    }
  }

  /** Opens (creating and migrating as needed) a store at a file path, or in memory with `:memory:`. */
  static open(path: string): Store {
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    // The default 2 MB page cache thrashes on the event indexes past a few hundred thousand rows.
    db.pragma('cache_size = -65536')
    db.pragma('temp_store = MEMORY')
    db.pragma('foreign_keys = ON')
    // Before migrating: a migration expects the indexes of the version it starts from.
    if ((db.pragma('user_version', { simple: true }) as number) > 0) restoreDeferred(db, true)
    migrate(db)
    refillRollupsIfStale(db)
    return new Store(db)
  }

  /**
   * A store in a temporary file, deleted at close (`vigil scan` without --db): the raw lines live
   * on disk instead of in RAM, and without fsync, since nothing survives the run anyway. WAL: a
   * first scan writes on a second connection (writerThread.ts), and in WAL mode a read here never
   * waits for that writer's lock, which a transaction left open across files (a commit group)
   * would otherwise hold once its pages spill.
   */
  static openScratch(): Store {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-scan-'))
    try {
      const db = new Database(join(dir, 'store.db'))
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = OFF')
      db.pragma('busy_timeout = 60000')
      db.pragma('cache_size = -65536')
      db.pragma('temp_store = MEMORY')
      db.pragma('foreign_keys = ON')
      migrate(db)
      const store = new Store(db)
      store.scratchDir = dir
      return store
    } catch (e) {
      rmSync(dir, { recursive: true, force: true })
      throw e
    }
  }

  /**
   * The connection, for the query modules of this folder (findingsQuery, groupsQuery,
   * incidentsQuery, aggregates), which prepare their own statements over it; the rest of the
   * engine goes through this class's methods.
   */
  get connection(): Database.Database {
    return this.db
  }

  /** The file of a store that is deleted at close (see openScratch), else null. */
  get scratchFile(): string | null {
    return this.scratchDir && join(this.scratchDir, 'store.db')
  }

  get schemaVersion(): number {
    this.settle()
    return this.db.pragma('user_version', { simple: true }) as number
  }

  close(): void {
    // A load that ended in a failure: its thread is stopped, its error already reported.
    try {
      this.bulk?.thread?.close()
    } catch {
      // nothing more to report
    }
    this.bulk = null
    if (this.db.open) this.db.close()
    if (this.scratchDir) rmSync(this.scratchDir, { recursive: true, force: true })
    this.scratchDir = null
  }

  /** Registers an opened root (absolute path) and returns its id. */
  addSource(root: string, now: number): number {
    this.settle()
    return (this.stmt.upsertSource.get(root, now) as { id: number }).id
  }

  roots(): string[] {
    this.settle()
    return (this.stmt.roots.all() as { root: string }[]).map((r) => r.root)
  }

  /** Which hosts each opened root's events name (the case's host groups are made of these, detect/hostParts.ts). */
  hostsBySource(): { source: number; host: string }[] {
    return this.db.prepare('SELECT DISTINCT f.source_id AS source, e.host AS host FROM events e JOIN files f ON f.id = e.file_id').all() as {
      source: number
      host: string
    }[]
  }

  /**
   * Forgets an opened root: its files, their events, and the events' scores, quick-filter text and
   * triage, in one transaction. Scores go before their events, with their counts taken off the
   * rollups while the events are there to say their minute. Returns what was removed (zeros for an unknown root).
   */
  removeSource(root: string): { files: number; events: number } {
    this.ensureIndexes()
    return this.db.transaction(() => {
      const source = this.db.prepare('SELECT id FROM sources WHERE root = ?').get(root) as { id: number } | undefined
      if (!source) return { files: 0, events: 0 }
      const ofRoot = 'SELECT e.id FROM events e JOIN files f ON f.id = e.file_id WHERE f.source_id = ?'
      const files = (this.db.prepare('SELECT COUNT(*) AS n FROM files WHERE source_id = ?').get(source.id) as { n: number }).n
      this.db.prepare(`DELETE FROM triage WHERE event_key IN (SELECT e.event_key FROM events e JOIN files f ON f.id = e.file_id WHERE f.source_id = ?)`).run(source.id)
      this.db.prepare(`DELETE FROM findings_text WHERE rowid IN (${ofRoot})`).run(source.id)
      this.db.prepare(`DELETE FROM findings_text_pending WHERE event_id IN (${ofRoot})`).run(source.id)
      this.rollups.removing(ofRoot, [source.id], () => this.db.prepare(`DELETE FROM scores WHERE event_id IN (${ofRoot})`).run(source.id))
      const events = this.db.prepare('DELETE FROM events WHERE file_id IN (SELECT id FROM files WHERE source_id = ?)').run(source.id).changes
      this.db.prepare('DELETE FROM sources WHERE id = ?').run(source.id)
      this.loadedCounts = null
      return { files, events }
    })()
  }

  file(sourceId: number, relPath: string): FileRecord | undefined {
    const written = this.bulk?.written.get(fileKey(sourceId, relPath))
    if (written) return { ...written }
    // Not written during a threaded load: as it was before it.
    const row = this.stmt.fileByPath.get(sourceId, relPath) as FileRow | undefined
    return row && fileFromRow(row)
  }

  files(sourceId?: number): FileRecord[] {
    const rows = (sourceId === undefined ? this.stmt.allFiles.all() : this.stmt.filesOfSource.all(sourceId)) as FileRow[]
    const stored = rows.map(fileFromRow)
    const written = this.bulk?.written
    if (!written?.size) return stored
    const byKey = new Map(stored.map((f) => [fileKey(f.sourceId, f.relPath), f]))
    for (const [key, f] of written) if (sourceId === undefined || f.sourceId === sourceId) byKey.set(key, { ...f })
    // The statements' order: source, then path.
    return [...byKey.values()].sort((a, b) => a.sourceId - b.sourceId || (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0))
  }

  /** Records a file that could not be read (so the sources panel lists it with the reason). */
  markFileProblem(sourceId: number, relPath: string, status: 'unreadable' | 'skipped', message: string): void {
    const bulk = this.bulk
    if (!bulk?.thread) {
      this.stmt.markProblem.run(sourceId, relPath, status, message)
      return
    }
    const key = fileKey(sourceId, relPath)
    const before = this.file(sourceId, relPath)
    const id = bulk.fileIds.get(key) ?? bulk.nextFileId++
    bulk.fileIds.set(key, id)
    const record: FileRecord = before ?? { id, sourceId, root: bulk.roots.get(sourceId) ?? '', relPath, dev: 0, ino: 0, size: 0, mtimeMs: 0, offset: 0, compressed: false, format: 'unknown', lines: 0, events: 0, unparsed: 0, lastEventTs: null, status, message, csvHeader: null }
    bulk.written.set(key, { ...record, status, message })
    bulk.thread.transaction([{ kind: 'run', sql: MARK_PROBLEM_WITH_ID, params: [id, sourceId, relPath, status, message] }])
  }

  setFileStatus(fileId: number, status: FileRecord['status'], message: string | null): void {
    const bulk = this.bulk
    if (bulk?.thread) {
      const record = [...bulk.written.values()].find((f) => f.id === fileId) ?? this.files().find((f) => f.id === fileId)
      if (record) bulk.written.set(fileKey(record.sourceId, record.relPath), { ...record, status, message })
      bulk.thread.transaction([{ kind: 'run', sql: 'UPDATE files SET status = ?, message = ? WHERE id = ?', params: [status, message, fileId] }])
      return
    }
    this.stmt.setFileStatus.run(status, message, fileId)
  }

  /**
   * Records a file's new state and its events in one transaction. Events whose key is already stored
   * (an overlapping rotated copy, a re-read) are ignored. Returns the new events' ids with their index
   * in `events`.
   */
  commitFile(state: FileState, events: readonly KeyedEvent[]): { fileId: number; inserted: { id: number; index: number }[] } {
    const bulk = this.bulk
    if (bulk?.thread) return this.commitThreaded(state, events, bulk, bulk.thread)
    this.ensureIndexes()
    if (bulk) return this.commitBulk(state, events, bulk)
    return this.db.transaction(() => {
      const { id: fileId } = this.stmt.upsertFile.get({ ...state, compressed: state.compressed ? 1 : 0 }) as { id: number }
      const inserted: { id: number; index: number }[] = []
      const st = this.multiRowStatement(`INSERT OR IGNORE INTO events (id, event_key, file_id, ${EVENT_COLUMNS.map(q).join(', ')}) VALUES`, EVENT_PARAM_COUNT, 1)
      const row = new Array<unknown>(EVENT_PARAM_COUNT)
      // Row by row: with the indexes in place, a multi-row INSERT ... RETURNING measured slower.
      for (let i = 0; i < events.length; i++) {
        // A null id lets SQLite pick the rowid.
        fillEventParams(row, 0, null, events[i].key, fileId, events[i].event)
        const info = st.run(row)
        if (info.changes === 1) inserted.push({ id: Number(info.lastInsertRowid), index: i })
      }
      return { fileId, inserted }
    })()
  }

  /**
   * How many stored events carry this base key (`key`, `key#1`, ...; see parse/eventKey.ts's
   * `numberRepeats`), so a tail read numbers a line that repeats one already stored after them.
   */
  storedRepeats(key: string): number {
    const bulk = this.bulk
    if (!bulk) this.ensureIndexes()
    const has = (n: number): boolean => {
      const k = n === 0 ? key : `${key}#${n}`
      return bulk ? bulk.keys.has(k) : this.stmt.keyExists.get(k) !== undefined
    }
    // Repeats are numbered without gaps (`key`, `key#1`, ... `key#m-1`): the count is found by
    // doubling then halving, O(log m) look-ups instead of one per stored repeat.
    if (!has(0)) return 0
    let lo = 0
    let hi = 1
    while (has(hi)) {
      lo = hi
      hi *= 2
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1
      if (has(mid)) lo = mid
      else hi = mid
    }
    return hi
  }

  private commitBulk(state: FileState, events: readonly KeyedEvent[], bulk: BulkLoad): { fileId: number; inserted: { id: number; index: number }[] } {
    // Made once: better-sqlite3 builds a transaction function anew on each call to `transaction`,
    // a cost 100,000 one-line files paid once each.
    this.commitBulkTx ??= this.db.transaction((state: FileState, events: readonly KeyedEvent[], bulk: BulkLoad) => this.commitBulkRows(state, events, bulk))
    return this.commitBulkTx(state, events, bulk)
  }

  private commitBulkRows(state: FileState, events: readonly KeyedEvent[], bulk: BulkLoad): { fileId: number; inserted: { id: number; index: number }[] } {
    const { id: fileId } = this.stmt.upsertFile.get({ ...state, compressed: state.compressed ? 1 : 0 }) as { id: number }
    const write = this.rowWriter(BULK_EVENT_INSERT, EVENT_PARAM_COUNT, EVENT_COMMONS)
    const accepted = acceptBulk(bulk, fileId, events, write.row)
    write.flush()
    if (accepted.doubtful.length > 0) {
      acceptDoubtful(bulk, fileId, events, accepted, write.row)
      write.flush()
    }
    return { fileId, inserted: accepted.inserted }
  }

  /** commitBulk on the writer thread: ids (files' too) are given here, the rows bound there. */
  private commitThreaded(state: FileState, events: readonly KeyedEvent[], bulk: BulkLoad, thread: WriterThread): { fileId: number; inserted: { id: number; index: number }[] } {
    const key = fileKey(state.sourceId, state.relPath)
    let fileId = bulk.fileIds.get(key)
    if (fileId === undefined) {
      fileId = bulk.nextFileId++
      bulk.fileIds.set(key, fileId)
    }
    bulk.written.set(key, { ...state, id: fileId, root: bulk.roots.get(state.sourceId) ?? '' })
    // One commit, one transaction, as on this connection (a span already is one).
    const bracket = events.length > ROWS_PER_MESSAGE && !bulk.inSpan
    if (bracket) thread.exec('BEGIN')
    const rows = new RowStream(thread, BULK_EVENT_INSERT, EVENT_COMMONS, EVENT_PARAM_COUNT, events.length, [
      { kind: 'run', sql: UPSERT_FILE_WITH_ID, params: [fileId, ...fileParams(state)] },
    ])
    const accepted = acceptBulk(bulk, fileId, events, () => rows.next())
    rows.end()
    if (accepted.doubtful.length > 0) {
      // The thread answers after every write posted before (the rows above too).
      const late = new RowStream(thread, BULK_EVENT_INSERT, EVENT_COMMONS, EVENT_PARAM_COUNT, accepted.doubtful.length)
      acceptDoubtful(bulk, fileId, events, accepted, () => late.next())
      late.end()
    }
    if (bracket) thread.exec('COMMIT')
    return { fileId, inserted: accepted.inserted }
  }

  /**
   * A writer of rows of `width` values that binds only what varies (shapedRows.ts). Kept with its
   * shapes from one transaction to the next: a first scan of 100,000 one-line files commits one
   * row per file, and building the shapes' statement text anew for each was a tenth of its CPU.
   * Rows a failed transaction left unwritten are dropped first.
   */
  private rowWriter(sqlHead: string, width: number, common: CommonValues = NO_COMMONS): { row: () => unknown[]; flush: () => void } {
    // By the common values' array: the events' is one constant; scores make theirs per write.
    let bySql = this.writers.get(common)
    if (!bySql) this.writers.set(common, (bySql = new Map()))
    let writer = bySql.get(sqlHead)
    if (!writer) {
      writer = new ShapedRowWriter((sql) => this.prepared(sql), sqlHead, width, common)
      bySql.set(sqlHead, writer)
    }
    writer.discard()
    const w = writer
    return { row: () => w.next(), flush: () => w.flush() }
  }

  private prepared(sql: string): Statement {
    let st = this.multiRow.get(sql)
    if (!st) {
      // A new model id per scan: keep the cache small over a long watch.
      if (this.multiRow.size >= 256) this.multiRow.clear()
      st = this.db.prepare(sql)
      this.multiRow.set(sql, st)
    }
    return st
  }

  private multiRowStatement(sqlHead: string, width: number, rows: number, sqlTail = ''): Statement {
    const key = `${rows}:${sqlHead}:${sqlTail}`
    let st = this.multiRow.get(key)
    if (!st) {
      const tuple = `(${Array(width).fill('?').join(', ')})`
      st = this.db.prepare(`${sqlHead} ${Array(rows).fill(tuple).join(', ')} ${sqlTail}`)
      this.multiRow.set(key, st)
    }
    return st
  }

  /**
   * Starts a bulk load into an empty store (a first scan): the indexes of events and scores are
   * dropped (building them once at the end is several times cheaper than updating them row by
   * row), duplicate keys are caught in memory, and `onCommitted` sees every committed event, so
   * the analysis need not read them back. The dropped indexes are recorded in the same transaction, so a crash
   * before `finishBulkLoad` rebuilds them on the next open. Returns false, doing nothing, when the
   * store already holds events or a bulk load is running.
   */
  beginBulkLoad(onCommitted?: BulkObserver): boolean {
    if (this.bulk || this.eventCount() > 0) return false
    // Every row a bulk load writes refers to an event it just stored: the per-row key checks
    // would only cost time. (This pragma is a no-op inside a transaction, hence here.)
    this.db.pragma('foreign_keys = OFF')
    this.db.transaction(() => {
      const indexes = this.db
        .prepare(
          // Triggers too: stores before migration 14 kept the rollups with them (see restoreDeferred).
          `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map(() => '?').join(', ')}) ORDER BY type, name`,
        )
        .all(...BULK_TABLES) as { type: 'index' | 'trigger'; name: string; sql: string }[]
      const pending = [...readDeferred(this.db), ...indexes.map((i) => i.sql)]
      this.stmt.setSetting.run(DEFERRED_INDEXES, JSON.stringify(pending))
      for (const i of indexes) this.db.exec(`DROP ${i.type.toUpperCase()} ${q(i.name)}`)
      // Its scores are written without the rollups' deltas: one GROUP BY per table at its end is cheaper.
      markRollupsStale(this.db)
      if (this.scratchFile !== null) this.db.exec(PENDING_FINDINGS_INDEX)
    })()
    const maxId = (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM events').get() as { m: number }).m
    const thread = this.scratchFile === null ? null : WriterThread.open(this.scratchFile, SCRATCH_WRITER_PRAGMAS)
    const areStored = thread
      ? (ids: number[], keys: string[]): boolean[] => thread.sameKeys(ids, keys)
      : (ids: number[], keys: string[]): boolean[] => ids.map((id, i) => (this.stmt.keyOf.get(id) as { event_key: string } | undefined)?.event_key === keys[i])
    const fileIds = new Map<string, number>()
    let maxFileId = 0
    for (const f of this.db.prepare('SELECT id, source_id, rel_path FROM files').all() as { id: number; source_id: number; rel_path: string }[]) {
      fileIds.set(fileKey(f.source_id, f.rel_path), f.id)
      maxFileId = Math.max(maxFileId, f.id)
    }
    const settings = new Map((this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]))
    this.bulk = {
      keys: new BulkKeyIndex(areStored),
      firstId: maxId + 1,
      count: 0,
      hosts: new Set(),
      onCommitted,
      thread,
      fileIds,
      written: new Map(),
      roots: new Map((this.db.prepare('SELECT id, root FROM sources').all() as { id: number; root: string }[]).map((r) => [r.id, r.root])),
      nextFileId: maxFileId + 1,
      inSpan: false,
      settings,
      settingsBeforeSpan: new Map(),
    }
    return true
  }

  /**
   * Opens a transaction that spans awaits: a big file read in batches (ingest/ingestFile.ts) commits
   * its batches inside it and its offset last, so a crash keeps none of them (no line doubled or
   * lost). commitFile's own transactions nest in it as savepoints.
   */
  beginSpan(): void {
    const bulk = this.bulk
    if (bulk?.thread) {
      bulk.thread.exec('BEGIN')
      bulk.inSpan = true
      bulk.settingsBeforeSpan.clear()
    } else this.db.exec('BEGIN')
  }

  /** Commits the transaction `beginSpan` opened. */
  commitSpan(): void {
    const bulk = this.bulk
    if (bulk?.thread) {
      bulk.thread.exec('COMMIT')
      bulk.inSpan = false
    } else this.db.exec('COMMIT')
  }

  /** Drops the transaction `beginSpan` opened (a read that failed); nothing when none is open. */
  rollbackSpan(): void {
    const bulk = this.bulk
    if (bulk?.thread) {
      bulk.thread.exec('ROLLBACK')
      bulk.inSpan = false
      for (const [key, text] of bulk.settingsBeforeSpan) {
        if (text === undefined) bulk.settings.delete(key)
        else bulk.settings.set(key, text)
      }
    } else if (this.db.inTransaction) this.db.exec('ROLLBACK')
  }

  /** Whether a bulk load runs (see beginBulkLoad). */
  get inBulkLoad(): boolean {
    return this.bulk !== null
  }

  /**
   * Ends a bulk load. With `buildIndexes` false the dropped indexes stay pending until the store is
   * next written to or looked up by id (a one-off scan that exports and exits never needs them;
   * a full-table export does not either). Safe to call when no bulk load runs.
   */
  finishBulkLoad(buildIndexes = true): void {
    const bulk = this.bulk
    if (bulk?.thread) {
      bulk.inSpan = false
      bulk.thread.close()
    }
    if (bulk) this.db.pragma('foreign_keys = ON')
    this.bulk = null
    restoreDeferred(this.db, false)
    // The totals wait with the indexes: a one-off scan that exports and exits never reads them
    // (2.4 s of a 1,000,000-event scan); the pictures refill them first (ensureRollups).
    this.rollupsPending = true
    this.indexesPending = true
    if (buildIndexes) this.ensureIndexes()
    else if (bulk) this.loadedCounts = { events: bulk.count, hosts: bulk.hosts.size }
  }

  /**
   * Waits until a bulk load's writer thread has run every posted write, so this connection reads
   * what was written. Inside a span it reads what was committed before the span: what a scan asks
   * there (a file's record before it is read, a source's files before its first) was.
   */
  private settle(): void {
    this.bulk?.thread?.settle()
  }

  /** Builds indexes (and refills the totals) a bulk load left pending (no-op otherwise). */
  ensureIndexes(): void {
    this.settle()
    this.loadedCounts = null
    this.ensureRollups()
    if (!this.indexesPending || this.bulk) return
    restoreDeferred(this.db, true)
    this.db.exec('DROP INDEX IF EXISTS pending_findings')
    this.indexesPending = false
  }

  /**
   * Refills the pivot totals (pivots.ts) a bulk load or a rescore of every event left stale: a
   * serving engine calls it when idle after a scan, and the pictures before they answer a pivot,
   * so a scan never waits for them (about twice the rollups' refill). No-op otherwise.
   */
  ensurePivots(): void {
    this.ensureIndexes()
    if (this.bulk) return
    refillPivotsIfStale(this.db)
  }

  /**
   * Refills the pictures' running totals (rollups.ts) a bulk load left stale; the readers of the
   * totals (aggregates, groupsFromTotals) call it first. No-op otherwise.
   */
  ensureRollups(): void {
    this.settle()
    if (!this.rollupsPending || this.bulk) return
    refillRollupsIfStale(this.db)
    this.rollupsPending = false
  }

  /** Every stored event in a stable order (time, file, line), the order analysis sees them in. */
  allEvents(): StoredEvent[] {
    this.settle()
    return (this.stmt.allEvents.all() as RawRow[]).map(storedFromRow)
  }

  /** The newest `limit` events from `sinceTs` to `untilTs`, oldest first: the history live scoring uses for its windows. */
  recentEvents(sinceTs: number, limit: number, untilTs = Infinity): StoredEvent[] {
    this.ensureIndexes()
    return (this.stmt.recentEvents.all(sinceTs, untilTs, limit) as RawRow[]).map(storedFromRow)
  }

  /**
   * One stored event by id, as committed: without waiting for the writes a bulk load's writer
   * thread still has queued. For a scan's reasons quoting a line it did not keep in memory: every
   * line was committed before the analysis began, and waiting for the score writes queued meanwhile
   * cost a 1,000,000-event scan ~0.9 s of its critical path.
   */
  committedEventById(id: number): NormalizedEvent | undefined {
    const row = this.stmt.eventById.get(id) as RawRow | undefined
    return row && eventFromRow(row)
  }

  /** Events stored but not scored yet (a scan interrupted between storing and scoring). */
  unscoredCount(): number {
    this.settle()
    return (this.stmt.unscoredCount.get() as { n: number }).n
  }

  /** The stored events with these ids, oldest first. */
  eventsByIds(ids: readonly number[]): StoredEvent[] {
    this.ensureIndexes()
    const out: StoredEvent[] = []
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const rows = this.stmt.eventsByIds.all(JSON.stringify(ids.slice(i, i + ID_CHUNK))) as RawRow[]
      for (const row of rows) out.push(storedFromRow(row))
    }
    return ids.length > ID_CHUNK ? out.sort((a, b) => a.event.ts - b.event.ts || a.id - b.id) : out
  }

  eventCount(): number {
    this.settle()
    return (this.stmt.eventCount.get() as { n: number }).n
  }

  writeScores(scores: readonly ScoredEvent[], attackVersion: string, modelId: number | null): void {
    this.ensureIndexes()
    this.db.transaction(() => {
      const ids = scores.map((s) => s.eventId)
      const before = this.findingsText.findingsAmong(ids)
      this.rollups.rewriting(this.bulk ? [] : ids, () => {
        const write = this.rowWriter(SCORE_INSERT, SCORE_PARAM_COUNT, scoreCommons(attackVersion, modelId))
        for (const { eventId, score } of scores) fillScoreParams(write.row(), 0, eventId, score, attackVersion, modelId)
        write.flush()
      })
      this.findingsText.changed([...before, ...scores.filter((s) => s.score.severity !== 'NONE').map((s) => s.eventId)])
    })()
  }

  /**
   * Same as `writeScores`, from parallel arrays (a scan's million scores need no wrapper objects).
   * `fresh`: none of these events was scored before (a first scan writing its scores in chunks).
   */
  writeScoreList(eventIds: ArrayLike<number>, scores: readonly EventScore[], attackVersion: string, modelId: number | null, fresh = false): void {
    if (eventIds.length !== scores.length) throw new Error(`${eventIds.length} event ids for ${scores.length} scores`)
    const thread = this.bulk?.thread
    if (fresh && thread) return this.writeFreshThreaded(thread, eventIds, scores, attackVersion, modelId)
    this.ensureIndexes()
    this.db.transaction(() => {
      // A scan rescores every event: rebuilding the text index whole is cheaper than by id.
      const all = !fresh && eventIds.length >= this.eventCount()
      const before = all || fresh ? [] : this.findingsText.findingsAmong(eventIds)
      // The rollups: a bulk load refills them at its end, a rescore of every event here, a part by deltas.
      this.rollups.rewriting(this.bulk || all ? [] : eventIds, () => {
        const write = this.rowWriter(SCORE_INSERT, SCORE_PARAM_COUNT, scoreCommons(attackVersion, modelId))
        for (let i = 0; i < scores.length; i++) fillScoreParams(write.row(), 0, eventIds[i], scores[i], attackVersion, modelId)
        write.flush()
      })
      if (all && !this.bulk) {
        this.db.exec(REFILL_ROLLUPS)
        markPivotsStale(this.db)
      }
      if (all) this.findingsText.changedAll()
      else {
        const after = Array.from(eventIds).filter((_, i) => scores[i].severity !== 'NONE')
        this.findingsText.changed([...before, ...after])
      }
    })()
  }

  /**
   * writeScoreList of a first scan on the writer thread: `before` (the rows below LOW, as columns),
   * the scores and the findings' pending text in one transaction.
   */
  private writeFreshThreaded(
    thread: WriterThread,
    eventIds: ArrayLike<number>,
    scores: readonly EventScore[],
    attackVersion: string,
    modelId: number | null,
    before: WriterStep[] = [],
  ): void {
    const bracket = (before.length > 0 || scores.length > ROWS_PER_MESSAGE) && !this.bulk?.inSpan
    if (bracket) thread.exec('BEGIN')
    const rows = new RowStream(thread, SCORE_INSERT, scoreCommons(attackVersion, modelId), SCORE_PARAM_COUNT, scores.length, before)
    const findings: number[] = []
    for (let i = 0; i < scores.length; i++) {
      fillScoreParams(rows.next(), 0, eventIds[i], scores[i], attackVersion, modelId)
      if (scores[i].severity !== 'NONE') findings.push(eventIds[i])
    }
    rows.end([{ kind: 'run', sql: NOTE_PENDING_TEXT, params: [JSON.stringify(findings)] }])
    if (bracket) thread.exec('COMMIT')
  }

  /**
   * writeScoreList(…, fresh) of a first scan's chunk, its scores below LOW given as columns
   * (scoreColumns.ts) beside the other events' `scores`: on the writer thread their rows are built
   * there; otherwise here. The columns' buffers are handed over (transferred): do not reuse them.
   */
  writeFreshScoreColumns(none: NoneScoreColumns, eventIds: ArrayLike<number>, scores: readonly EventScore[], attackVersion: string, modelId: number | null): void {
    if (eventIds.length !== scores.length) throw new Error(`${eventIds.length} event ids for ${scores.length} scores`)
    const thread = this.bulk?.thread
    if (!thread) {
      this.writeScoreList(eventIds, scores, attackVersion, modelId, true)
      this.db.transaction(() => {
        this.rollups.rewriting(this.bulk ? [] : none.ids, () => {
          const write = this.rowWriter(SCORE_INSERT, SCORE_PARAM_COUNT, scoreCommons(attackVersion, modelId))
          fillNoneScoreRows(none, attackVersion, modelId, write.row)
          write.flush()
        })
      })()
      return
    }
    const common = scoreCommons(attackVersion, modelId)
    const columns: WriterStep = { kind: 'noneScores', sqlHead: SCORE_INSERT, common, width: SCORE_PARAM_COUNT, columns: none, attackVersion, modelId }
    this.writeFreshThreaded(thread, eventIds, scores, attackVersion, modelId, [columns])
  }

  /**
   * Indexes the text of findings scored since the last call (findingsText.ts): the engine calls it
   * when idle, the quick filter before it searches. Returns how many events it looked at.
   */
  syncFindingsText(limit = Infinity): number {
    this.ensureIndexes()
    return this.findingsText.sync(limit)
  }

  /**
   * Counts the next group panel column a scan left to the first ask (groupTotals.ts); the engine
   * calls it when idle. Returns whether another is left.
   */
  fillGroupTotals(): boolean {
    if (this.bulk) return false
    this.ensureRollups()
    return fillNextColumn(this.db)
  }

  /** Findings whose text the quick filter's index does not hold yet. */
  findingsTextPending(): number {
    this.settle()
    return this.findingsText.pending()
  }

  finding(id: number): Finding | undefined {
    this.ensureIndexes()
    const row = this.stmt.finding.get(id) as RawRow | undefined
    return row && findingFromRow(row)
  }

  /** Findings at or above a severity, highest score first (NONE: every event). */
  findings(minSeverity: Severity): Finding[] {
    return Array.from(this.iterateFindings(minSeverity))
  }

  /** Same as `findings`, streamed row by row for big exports. */
  *iterateFindings(minSeverity: Severity): Generator<Finding> {
    this.settle()
    const rows =
      minSeverity === 'NONE' ? this.stmt.findingsAll.iterate() : this.stmt.findingsAtLeast.iterate(severityRank(minSeverity))
    for (const row of rows) yield findingFromRow(row as RawRow)
  }

  /** The findings with these ids, in the order given; unknown ids are left out. */
  /**
   * Triage states recorded for these event keys (live pushes build their findings in memory: an
   * event stored a moment ago has a triage state only if its key was triaged before).
   */
  triageOfKeys(keys: readonly string[]): Map<string, KeyTriage> {
    this.settle()
    const out = new Map<string, KeyTriage>()
    if (keys.length === 0 || (this.stmt.triageCount.get() as { n: number }).n === 0) return out
    for (let i = 0; i < keys.length; i += ID_CHUNK) {
      for (const r of this.stmt.triageOfKeys.all(JSON.stringify(keys.slice(i, i + ID_CHUNK))) as { event_key: string; status: TriageStatus; note: string | null; tags: string | null; color: TagColor | null }[]) {
        out.set(r.event_key, { status: r.status, note: r.note ?? '', ...(r.tags && { tags: r.tags.split(' ') }), ...(r.color && { color: r.color }) })
      }
    }
    return out
  }

  findingsByIds(ids: readonly number[]): Finding[] {
    this.ensureIndexes()
    const byId = new Map<number, Finding>()
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const rows = this.stmt.findingsByIds.all(JSON.stringify(ids.slice(i, i + ID_CHUNK))) as RawRow[]
      for (const row of rows) byId.set(row[0] as number, findingFromRow(row))
    }
    const out: Finding[] = []
    for (const id of ids) {
      const f = byId.get(id)
      if (f) out.push(f)
    }
    return out
  }

  /** How many of these events are findings (LOW and above), and the highest severity rank among them. */
  findingsAmong(ids: readonly number[]): { count: number; highestRank: number } {
    this.ensureIndexes()
    let count = 0
    let highestRank = 0
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const r = this.stmt.findingsAmong.get(JSON.stringify(ids.slice(i, i + ID_CHUNK))) as { n: number; top: number | null }
      count += r.n
      highestRank = Math.max(highestRank, r.top ?? 0)
    }
    return { count, highestRank }
  }

  /** The finding with up to `radius` events before and after it in the same file. */
  context(id: number, radius: number): Finding[] {
    this.ensureIndexes()
    const at = this.stmt.fileIdOf.get(id) as { file_id: number | null; source_line: number } | undefined
    if (!at) return []
    const self = this.finding(id)
    if (at.file_id === null || !self) return self ? [self] : []
    const before = (this.stmt.contextBefore.all(at.file_id, at.source_line, radius) as RawRow[]).reverse()
    const after = this.stmt.contextAfter.all(at.file_id, at.source_line, radius) as RawRow[]
    return [...before.map(findingFromRow), self, ...after.map(findingFromRow)]
  }

  /**
   * Sets triage state. It is keyed by the event's content key, not its row id, so it survives a
   * rescan that stores the same line again. Returns undefined for an unknown id.
   */
  setTriage(id: number, change: TriageChange, now: number): Finding | undefined {
    if (!this.upsertTriage(id, change, now)) return undefined
    return this.finding(id)
  }

  /** Records the triage of one finding by its event key; false for an unknown id. */
  private upsertTriage(id: number, change: TriageChange, now: number): boolean {
    this.settle()
    const row = this.stmt.keyOf.get(id) as { event_key: string } | undefined
    if (!row) return false
    if (change.addTags !== undefined && change.tags === undefined) {
      const own = this.stmt.ownTags.get(row.event_key) as { tags: string } | undefined
      change = { ...change, tags: withTags(own?.tags ? own.tags.split(' ') : [], change.addTags) }
    }
    this.stmt.upsertTriage.run({
      key: row.event_key,
      status: change.status ?? 'new',
      note: change.note ?? '',
      setStatus: change.status ?? null,
      setNote: change.note ?? null,
      tags: (change.tags ?? []).join(' '),
      setTags: change.tags === undefined ? null : change.tags.join(' '),
      color: change.color ?? null,
      setColor: change.color === undefined ? 0 : 1,
      now,
    })
    return true
  }

  /** Sets the triage state of many findings in one transaction (an incident at once); returns how many exist. */
  setTriageMany(ids: readonly number[], change: TriageChange, now: number): number {
    return this.db.transaction(() => {
      let n = 0
      for (const id of ids) if (this.upsertTriage(id, change, now)) n++
      return n
    })()
  }

  saveModel(model: unknown, featureSchemaVersion: string | null, now: number): number {
    this.settle()
    return (this.stmt.saveModel.get(now, featureSchemaVersion, JSON.stringify(model)) as { id: number }).id
  }

  /**
   * Takes a model id before the model exists, so a scan can write scores as it computes them;
   * `completeModel` fills it in. Until then the row reads as no usable model (JSON null).
   */
  reserveModel(now: number): number {
    return this.saveModel(null, null, now)
  }

  completeModel(id: number, model: unknown, featureSchemaVersion: string | null): void {
    this.settle()
    this.stmt.completeModel.run(featureSchemaVersion, JSON.stringify(model), id)
  }

  /** Keeps only the newest `keep` models. */
  pruneModels(keep: number): void {
    this.settle()
    this.stmt.pruneModels.run(keep)
  }

  latestModel(): { id: number; model: unknown } | undefined {
    this.settle()
    const row = this.stmt.latestModel.get() as { id: number; json: string } | undefined
    return row && { id: row.id, model: JSON.parse(row.json) as unknown }
  }

  getSetting(key: string): unknown {
    const bulk = this.bulk
    const text = bulk?.thread ? bulk.settings.get(key) : (this.stmt.getSetting.get(key) as { value: string } | undefined)?.value
    return text === undefined ? undefined : (JSON.parse(text) as unknown)
  }

  /** Every setting whose key starts with `prefix`, by key (one range scan of the keys). */
  settingsWithPrefix(prefix: string): Map<string, unknown> {
    const bulk = this.bulk
    if (bulk?.thread) return new Map([...bulk.settings].filter(([key]) => key.startsWith(prefix)).map(([key, text]) => [key, JSON.parse(text) as unknown]))
    // Keys from the prefix up to (not including) the prefix with its last character incremented.
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
    const rows = this.db.prepare('SELECT key, value FROM settings WHERE key >= ? AND key < ?').all(prefix, end) as { key: string; value: string }[]
    return new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]))
  }

  setSetting(key: string, value: unknown): void {
    const text = JSON.stringify(value)
    const bulk = this.bulk
    if (!bulk?.thread) {
      this.stmt.setSetting.run(key, text)
      return
    }
    if (bulk.inSpan && !bulk.settingsBeforeSpan.has(key)) bulk.settingsBeforeSpan.set(key, bulk.settings.get(key))
    bulk.settings.set(key, text)
    bulk.thread.transaction([{ kind: 'run', sql: SET_SETTING, params: [key, text] }])
  }

  stats(top = 10): StoreStats {
    this.settle()
    const f = this.stmt.statFiles.get() as { files: number; unparsed: number }
    const e = this.loadedCounts ?? (this.stmt.statEvents.get() as { events: number; hosts: number })
    const findings = { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 }
    for (const r of this.stmt.statSeverity.all() as { severity: keyof typeof findings; n: number }[]) findings[r.severity] = r.n
    const pairs = (rows: unknown[]): [string, number][] => (rows as { k: string; n: number }[]).map((r) => [r.k, r.n])
    return {
      files: f.files,
      unparsed: f.unparsed,
      events: e.events,
      hosts: e.hosts,
      findings,
      threats: Object.fromEntries(pairs(this.stmt.statThreats.all())),
      topUsers: pairs(this.stmt.statUsers.all(top)),
      topSourceIps: pairs(this.stmt.statIps.all(top)),
    }
  }
}


/** The writer thread's connection to a scratch store: as openScratch's, with foreign keys off as in any bulk load. */
// Appending rows to tables without their indexes needs little page cache: 16 MB, not 64.
/** The head of every score write (a rescore replaces the event's row). */
const SCORE_INSERT = 'INSERT OR REPLACE INTO scores VALUES'
const SCRATCH_WRITER_PRAGMAS = ['journal_mode = WAL', 'synchronous = OFF', 'cache_size = -16384', 'temp_store = MEMORY', 'foreign_keys = OFF', 'busy_timeout = 60000']

/** upsertFile with the id given (a threaded bulk load names its files' ids; an existing row keeps its own). */
const UPSERT_FILE_WITH_ID = `INSERT INTO files (id, source_id, rel_path, dev, ino, size, mtime_ms, "offset", compressed, format,
    lines, events, unparsed, last_event_ts, status, message, csv_header)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(source_id, rel_path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, size = excluded.size,
    mtime_ms = excluded.mtime_ms, "offset" = excluded."offset", compressed = excluded.compressed,
    format = excluded.format, lines = excluded.lines, events = excluded.events, unparsed = excluded.unparsed,
    last_event_ts = excluded.last_event_ts, status = excluded.status, message = excluded.message,
    csv_header = excluded.csv_header`

/** markProblem with the id given (see UPSERT_FILE_WITH_ID). */
const MARK_PROBLEM_WITH_ID = `INSERT INTO files (id, source_id, rel_path, status, message) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT(source_id, rel_path) DO UPDATE SET status = excluded.status, message = excluded.message`

const SET_SETTING = 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'

/** FindingsText.changed for ids given as one JSON array (on the writer thread's connection). */
const NOTE_PENDING_TEXT = 'INSERT OR IGNORE INTO findings_text_pending (event_id) SELECT value FROM json_each(?)'

/** A file state's values in UPSERT_FILE_WITH_ID's order after the id. */
function fileParams(f: FileState): unknown[] {
  return [f.sourceId, f.relPath, f.dev, f.ino, f.size, f.mtimeMs, f.offset, f.compressed ? 1 : 0, f.format, f.lines, f.events, f.unparsed, f.lastEventTs, f.status, f.message, f.csvHeader]
}

const fileKey = (sourceId: number, relPath: string): string => `${sourceId}\u0000${relPath}`

/**
 * A bulk load takes the events whose keys it has not stored (it runs without the unique key
 * index), gives them the next ids and writes each row where `row()` says. Returns what it took.
 */
/** A bulk commit's events so far: those stored, and those whose key's hash matched a stored one. */
interface Accepted {
  inserted: { id: number; index: number }[]
  /** Indexes (into the commit's events) of the events whose key may be stored already... */
  doubtful: number[]
  /** ... and the id of the stored event whose key hash matched. */
  matchedIds: number[]
}

/**
 * Gives each event of a bulk commit its id and row, unless its key's hash matches a stored key's:
 * those are left for `acceptDoubtful`, which confirms them all at once after the rows are written.
 */
function acceptBulk(bulk: BulkLoad, fileId: number, events: readonly KeyedEvent[], row: () => unknown[]): Accepted {
  const accepted: Accepted = { inserted: [], doubtful: [], matchedIds: [] }
  for (let i = 0; i < events.length; i++) {
    const match = bulk.keys.firstMatch(events[i].key)
    if (match === 0) acceptOne(bulk, fileId, events, i, row, accepted)
    else {
      accepted.doubtful.push(i)
      accepted.matchedIds.push(match)
    }
  }
  return accepted
}

/**
 * Confirms the doubtful events of a bulk commit against the stored keys (one read for them all;
 * `acceptBulk`'s rows must be written or posted first) and accepts those not stored after all
 * (a hash collision: their ids come after the commit's others).
 */
function acceptDoubtful(bulk: BulkLoad, fileId: number, events: readonly KeyedEvent[], accepted: Accepted, row: () => unknown[]): void {
  const keys = accepted.doubtful.map((i) => events[i].key)
  const stored = bulk.keys.confirm(accepted.matchedIds, keys)
  accepted.doubtful.forEach((i, d) => {
    // The first match held another key: a later slot may still hold this one.
    if (!stored[d] && !bulk.keys.has(keys[d])) acceptOne(bulk, fileId, events, i, row, accepted)
  })
}

function acceptOne(bulk: BulkLoad, fileId: number, events: readonly KeyedEvent[], i: number, row: () => unknown[], accepted: Accepted): void {
  const { key, event } = events[i]
  const id = bulk.firstId + bulk.count++
  bulk.keys.add(key, id)
  fillEventParams(row(), 0, id, key, fileId, event)
  accepted.inserted.push({ id, index: i })
  bulk.hosts.add(event.host)
  bulk.onCommitted?.(event, id)
}

/** An event row's usual `count` (fillEventParams' order): one line, one event. */
const EVENT_COMMONS: CommonValues = Object.assign(new Array<undefined>(EVENT_PARAM_COUNT), { [3 + EVENT_COLUMNS.indexOf('count')]: 1 })

/** What a NONE score's row holds (fillScoreParams' order), and the call's ATT&CK version and model. */
function scoreCommons(attackVersion: string, modelId: number | null): CommonValues {
  return [undefined, undefined, 'NONE', 0, 'none', '[]', '[]', undefined, '[]', attackVersion, modelId ?? undefined]
}

function storedFromRow(r: RawRow): StoredEvent {
  return { id: r[0] as number, key: r[1] as string, event: eventFromRow(r) }
}

function readDeferred(db: Database.Database): string[] {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(DEFERRED_INDEXES) as { value: string } | undefined
  if (!row) return []
  const v = JSON.parse(row.value) as unknown
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
}

const isTrigger = (sql: string): boolean => /^CREATE TRIGGER /i.test(sql)

/**
 * Recreates what a bulk load dropped (after it, or on open after a crash during it): the rollups'
 * triggers, the totals filled afresh first (the load wrote scores without them), and with
 * `indexes` the indexes too; the rest stays recorded as pending.
 */
function restoreDeferred(db: Database.Database, indexes: boolean): void {
  const pending = readDeferred(db)
  const now = pending.filter((sql) => indexes || isTrigger(sql))
  if (now.length === 0) return
  db.transaction(() => {
    if (now.some(isTrigger)) db.exec(REFILL_ROLLUPS)
    for (const sql of now) db.exec(sql.replace(/^CREATE (UNIQUE )?(INDEX|TRIGGER) (?!IF NOT EXISTS)/i, 'CREATE $1$2 IF NOT EXISTS '))
    const left = pending.filter((sql) => !now.includes(sql))
    if (left.length === 0) db.prepare('DELETE FROM settings WHERE key = ?').run(DEFERRED_INDEXES)
    else db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(DEFERRED_INDEXES, JSON.stringify(left))
  })()
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) {
    throw new Error(`store schema version ${current} is newer than this Vigil (${SCHEMA_VERSION}); update Vigil`)
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v])
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
}

