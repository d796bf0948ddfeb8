/**
 * `vigil bench`'s grid figures: a store of N synthetic scored events, built in one transaction by
 * SQLite itself (a recursive CTE, so 10,000,000 rows never pass through JavaScript), then the
 * grid's page queries timed cold (count included, no cache).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FindingsFilter } from '../../shared/api'
import { findingsQueryOf, type FindingsQuery } from './findingsQuery'
import { groupsQueryOf } from './groupsQuery'
import { TEXT_SQL } from './findingsText'
import { REFILL_PIVOTS } from './pivots'
import { REFILL_ROLLUPS } from './rollups'
import { Store } from './Store'

export interface GridQueryTiming {
  name: string
  /** Median of the runs, first page (100 rows) plus the total count. */
  ms: number
  /** Slowest run. */
  maxMs: number
  rows: number
  total: number
  plan: string[]
}

export interface GridQueryBench {
  events: number
  /** Findings at LOW or above (what the grid lists by default). */
  findings: number
  buildMs: number
  dbMB: number
  queries: GridQueryTiming[]
}

export interface GridQueryBenchOptions {
  /** Folder for the store file (default: a temporary one, removed afterwards). */
  dir?: string
  runs?: number
  /** Keep the store file (for repeated runs). */
  keep?: boolean
}

export const BENCH_USERS = 300

export interface FillBenchOptions {
  /** Index the findings' text for the quick filter (default true; the pictures' bench never asks it). */
  quickFilterIndex?: boolean
  /**
   * Run ANALYZE (default true: the grid's figures were taken so). A store the app writes is never
   * analyzed, so the pictures' bench leaves it out and sees the plans the app gets.
   */
  analyze?: boolean
}

/**
 * Events spread over 300 users, 7 hosts and 65,536 addresses; scores skewed as real ones are
 * (about 5.6 % at LOW or above, 0.4 % CRITICAL): score = r^12 for r uniform from a fixed hash.
 *
 * Loaded as a bulk load: with the journal in memory, the events' and scores' indexes dropped first and
 * built again at the end (one sort each instead of 10,000,000 random B-tree inserts), the totals
 * and the text index filled once.
 */
export function fillBenchStore(store: Store, n: number, options: FillBenchOptions = {}): void {
  const db = store.connection
  const journal = db.pragma('journal_mode', { simple: true }) as string
  // A rollback journal in memory: it holds only the pages that existed before (an empty store's), where
  // WAL would write every page twice. (journal_mode = OFF is refused in better-sqlite3's defensive mode.)
  db.pragma('journal_mode = MEMORY')
  db.pragma('synchronous = OFF')
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('events', 'scores') AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[]
  db.exec("INSERT INTO sources (id, root, opened_at) VALUES (1, '/bench', 0)")
  db.exec("INSERT INTO files (id, source_id, rel_path) VALUES (1, 1, 'auth.log')")
  const tx = db.transaction(() => {
    for (const index of indexes) db.exec(`DROP INDEX ${index.name}`)
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
      INSERT INTO events (id, event_key, file_id, ts, host, source_file, source_line, program, pid, event, outcome, "user",
        src_ip, src_port, auth_method, raw, "count")
      SELECT i, printf('bench:%010d', i), 1, 1735689600000 + i * 250, 'web' || (i % 7), 'auth.log', i, 'sshd', 1000 + i % 5000,
        'auth_failure', 'failure', 'user' || (i % ${BENCH_USERS}), '10.' || ((i >> 8) & 255) || '.' || (i & 255) || '.' || (i % 7),
        1024 + i % 60000, 'password',
        'Jan  1 00:00:00 web' || (i % 7) || ' sshd[1000]: Failed password for user' || (i % ${BENCH_USERS}) || ' from 10.0.0.1 port 22 ssh2', 1
      FROM n`).run(n)
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?),
      r(i, x) AS (SELECT i, ((i * 2654435761) % 4294967296) / 4294967296.0 FROM n),
      -- OFFSET keeps SQLite from inlining the score into each of the CASEs below (a third of the CPU).
      p(i, x, sc) AS (SELECT i, x, x * x * x * x * x * x * x * x * x * x * x * x FROM r LIMIT -1 OFFSET 0)
      INSERT INTO scores (event_id, score, severity, severity_rank, threat_type, mitre_techniques, mitre_tactics,
        detector_scores, reasons, attack_version, model_id, episode)
      SELECT i, sc,
        CASE WHEN sc >= 0.95 THEN 'CRITICAL' WHEN sc >= 0.85 THEN 'HIGH' WHEN sc >= 0.7 THEN 'MEDIUM' WHEN sc >= 0.5 THEN 'LOW' ELSE 'NONE' END,
        CASE WHEN sc >= 0.95 THEN 4 WHEN sc >= 0.85 THEN 3 WHEN sc >= 0.7 THEN 2 WHEN sc >= 0.5 THEN 1 ELSE 0 END,
        CASE WHEN sc >= 0.5 THEN 'brute_force' ELSE 'none' END,
        CASE WHEN sc >= 0.5 THEN '["T1110.001"]' ELSE '[]' END,
        CASE WHEN sc >= 0.5 THEN '["Credential Access"]' ELSE '[]' END,
        json_object('iforest', round(x, 3), 'statistical', round(sc, 3), 'rules', round(sc, 3)),
        CASE WHEN sc >= 0.5 THEN json_array(printf('%d failed passwords from 10.0.0.1 in 6 min', i % 400)) ELSE '[]' END,
        '18.1', NULL,
        CASE WHEN sc >= 0.5 THEN printf('brute_force:%d', i % 400) END
      FROM p`).run(n)
    for (const index of indexes) db.exec(index.sql)
    // Written behind the store's back: its rollups and quick-filter index are filled the way a scan's rescoring does.
    db.exec(REFILL_ROLLUPS)
    db.exec(REFILL_PIVOTS)
    if (options.quickFilterIndex ?? true) {
      db.exec(`INSERT INTO findings_text (rowid, text) SELECT s.event_id, ${TEXT_SQL} FROM scores s JOIN events e ON e.id = s.event_id WHERE s.severity_rank >= 1`)
    } else {
      // Left to the first quick filter, as after a scan whose text the idle engine has not indexed yet.
      db.exec('INSERT INTO findings_text_pending (event_id) SELECT event_id FROM scores WHERE severity_rank >= 1')
    }
  })
  tx()
  if (options.analyze ?? true) db.exec('ANALYZE')
  db.pragma(`journal_mode = ${journal}`)
  db.pragma('synchronous = NORMAL')
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/** CPU time of this process so far: what a shared, loaded machine does not inflate. */
export const cpuMsNow = (): number => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1000
}

/**
 * The bench store at `path`: reused when it holds `n` events, else emptied (with its WAL files)
 * and filled with `n`. `built` says which.
 */
export function openBenchStore(path: string, n: number, fill: FillBenchOptions = {}): { store: Store; built: boolean } {
  const store = Store.open(path)
  if (store.eventCount() === n) return { store, built: false }
  store.close()
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
  const fresh = Store.open(path)
  fillBenchStore(fresh, n, fill)
  return { store: fresh, built: true }
}

/** Builds the store and times the grid's queries (each run uses a fresh query object: no count cache). */
export function benchGridQuery(n: number, options: GridQueryBenchOptions = {}): GridQueryBench {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'vigil-gridbench-'))
  const path = join(dir, `grid-${n}.sqlite`)
  const t0 = performance.now()
  const { store } = openBenchStore(path, n)
  try {
    const buildMs = performance.now() - t0
    const runs = options.runs ?? 5
    const user = `user${Math.floor(BENCH_USERS / 3)}`
    const cases: [string, FindingsFilter, number?][] = [
      ['sort by score (LOW+)', { sortModel: [{ colId: 'score', sort: 'desc' }] }],
      ['sort by score, filter user = ' + user, { sortModel: [{ colId: 'score', sort: 'desc' }], filterModel: { user: { filterType: 'text', type: 'equals', filter: user } } }],
      ['sort by score, filter user contains ' + user, { sortModel: [{ colId: 'score', sort: 'desc' }], filterModel: { user: { filterType: 'text', type: 'contains', filter: user } } }],
      ['sort by score, all events (NONE), user = ' + user, { minSeverity: 'NONE', sortModel: [{ colId: 'score', sort: 'desc' }], filterModel: { user: { filterType: 'text', type: 'equals', filter: user } } }],
      ['sort by time (LOW+)', { sortModel: [{ colId: 'time', sort: 'desc' }] }],
      ['quick filter "' + user + '"', { sortModel: [{ colId: 'score', sort: 'desc' }], quickFilter: user }],
      // The raw line: a phrase only it holds, and a prefix (a word start).
      ['quick filter phrase "for ' + user + ' from"', { sortModel: [{ colId: 'score', sort: 'desc' }], quickFilter: `"for ${user} from"` }],
      ['quick filter prefix ' + user + '*', { sortModel: [{ colId: 'score', sort: 'desc' }], quickFilter: `${user}*` }],
      ['HIGH+, sort by score', { minSeverity: 'HIGH', sortModel: [{ colId: 'score', sort: 'desc' }] }],
      ['sort by score, page at row 10,000', { sortModel: [{ colId: 'score', sort: 'desc' }] }, 10_000],
      // Every other sortable column, at the grid's default floor and over every event.
      ['sort by event (LOW+)', { sortModel: [{ colId: 'event', sort: 'asc' }] }],
      ['sort by status (LOW+)', { sortModel: [{ colId: 'status', sort: 'asc' }] }],
      ['sort by ATT&CK (LOW+)', { sortModel: [{ colId: 'mitre', sort: 'asc' }] }],
      ['sort by threat (LOW+)', { sortModel: [{ colId: 'threat_type', sort: 'asc' }] }],
      ['sort by source (LOW+)', { sortModel: [{ colId: 'source', sort: 'asc' }] }],
      ['sort by why (LOW+)', { sortModel: [{ colId: 'why', sort: 'asc' }] }],
      ['sort by rules score (LOW+)', { sortModel: [{ colId: 'rules', sort: 'desc' }] }],
      ['sort by time, all events (NONE)', { minSeverity: 'NONE', sortModel: [{ colId: 'time', sort: 'desc' }] }],
      ['sort by event, all events (NONE)', { minSeverity: 'NONE', sortModel: [{ colId: 'event', sort: 'asc' }] }],
      ['sort by score, all events (NONE)', { minSeverity: 'NONE', sortModel: [{ colId: 'score', sort: 'desc' }] }],
    ]
    const queries: GridQueryTiming[] = []
    let findings = 0
    for (const [name, filter, start = 0] of cases) {
      const times: number[] = []
      let rows = 0
      let total = 0
      for (let r = 0; r < runs; r++) {
        const q: FindingsQuery = findingsQueryOf(store)
        const t = performance.now()
        const page = q.page(filter, start, start + 100)
        times.push(performance.now() - t)
        rows = page.rows.length
        total = page.total
      }
      if (queries.length === 0) findings = total
      queries.push({ name, ms: median(times), maxMs: Math.max(...times), rows, total, plan: findingsQueryOf(store).explain(filter) })
    }
    // The group panel: counts per value over every finding the floor selects.
    for (const column of ['host', 'user', 'src_ip'] as const) {
      const times: number[] = []
      let total = 0
      let groups = 0
      for (let r = 0; r < runs; r++) {
        const t = performance.now()
        const answer = groupsQueryOf(store).groups({}, column)
        times.push(performance.now() - t)
        total = answer.total
        groups = answer.groupCount
      }
      const name = `group by ${column} (LOW+): ${groups.toLocaleString('en-US')} groups`
      queries.push({ name, ms: median(times), maxMs: Math.max(...times), rows: 0, total, plan: [] })
    }
    const dbMB = statSync(path).size / 1e6
    return { events: n, findings, buildMs, dbMB, queries }
  } finally {
    store.close()
    if (!options.keep) {
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true })
      else for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
    }
  }
}

/** The figures as text lines for `vigil bench`. */
export function formatGridQueryBench(b: GridQueryBench): string[] {
  const lines = [
    `grid query on ${b.events.toLocaleString('en-US')} events (${b.findings.toLocaleString('en-US')} findings LOW+, store ${b.dbMB.toFixed(0)} MB, built in ${(b.buildMs / 1000).toFixed(1)} s), first page of 100 + total count, median:`,
  ]
  for (const q of b.queries) {
    lines.push(`  ${q.name.padEnd(48)} ${q.ms.toFixed(1).padStart(8)} ms (max ${q.maxMs.toFixed(1)}; ${q.total.toLocaleString('en-US')} rows match)`)
  }
  return lines
}
