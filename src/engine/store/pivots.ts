/**
 * Running totals per user, source address and host: what the pictures read when the grid's filter
 * is one of them, as a pivot sets it (issue 13: each aggregate ≤ 100 ms at 10,000,000 events). A
 * value's own rows are read one score lookup per event (a user's 33,000 events: 218 ms for the
 * timeline at 10 M), and a host can hold a seventh of the store.
 *
 * Only values with at least PIVOT_MIN_EVENTS scored events are totalled (`pivot_counts` counts
 * every value, to know which): below that, the rows answer in a few milliseconds, and totalling
 * every address of a store would cost about a row per event. For each such value:
 * - `pivot_quarters`: events per quarter hour and severity (the timeline's buckets of 15 minutes
 *   and wider; a finer bucket, asked when the value's events span 16 hours or less, comes from its rows);
 * - `pivot_scores`: events per threat type, score bin and severity;
 * - `pivot_facets`: its findings per user, address, host, threat type and ATT&CK ids with first
 *   reason, counted at each floor up to their severity, as `rollup_facets` (rollups.ts).
 * Every table equals a GROUP BY over the store (REFILL_PIVOTS); PivotDeltas keeps them so per batch,
 * and a bulk load leaves them stale until the first pivot asks (Store.ensurePivots).
 */
import type Database from 'better-sqlite3'
import { BIN_OF, FACET_NAMES, FLOORS, facetValue } from './rollups'

/** The filter columns a pivot sets, as they are named in the grid's filter model and the facets. */
export const PIVOT_FIELDS = ['user', 'src_ip', 'host'] as const
export type PivotField = (typeof PIVOT_FIELDS)[number]

/** Values with fewer scored events are answered from their rows (≈ 5 µs per event: 25 ms). */
export const PIVOT_MIN_EVENTS = 5_000
/** Setting that overrides PIVOT_MIN_EVENTS (tests; read by the SQL itself, so every statement agrees). */
export const PIVOT_MIN_EVENTS_KEY = 'store.pivotMinEvents'
/** Setting present while the pivot totals do not count what a bulk load or a rescore wrote. */
export const PIVOTS_STALE_KEY = 'store.pivotsStale'

/** A quarter hour in ms: the pivot timeline's finest bucket. */
export const QUARTER_MS = 15 * 60_000

const MIN_EVENTS = `COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = '${PIVOT_MIN_EVENTS_KEY}'), ${PIVOT_MIN_EVENTS})`
/** The values that are totalled. */
const PIVOTED = `(SELECT facet, value FROM pivot_counts WHERE n >= ${MIN_EVENTS})`
/** The three pivot fields, one row each (joined to an event, whose value `pivotValue` picks). */
const PIVOTS = `(SELECT 'user' AS p UNION ALL SELECT 'src_ip' UNION ALL SELECT 'host') AS y`
const pivotValue = (e: string): string => `CASE y.p WHEN 'user' THEN ${e}."user" WHEN 'src_ip' THEN ${e}.src_ip ELSE ${e}.host END`
const EVENT_COLUMN: Readonly<Record<PivotField, string>> = { user: 'e."user"', src_ip: 'e.src_ip', host: 'e.host' }
const QUARTER_OF = (e: string): string => `CAST(${e}.ts / ${QUARTER_MS} AS INTEGER)`
const SCORED = 'scores s JOIN events e ON e.id = s.event_id'
/**
 * Every score row in stored order, each with its event: the planner would otherwise walk the score
 * index and read both rows at random (10,000,000 events: hours instead of minutes).
 */
const ALL_SCORED = 'scores s NOT INDEXED CROSS JOIN events e ON e.id = s.event_id'

export const CREATE_PIVOTS = `
  CREATE TABLE pivot_counts (facet TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (facet, value)) WITHOUT ROWID;
  CREATE TABLE pivot_quarters (facet TEXT NOT NULL, value TEXT NOT NULL, quarter INTEGER NOT NULL, rank INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (facet, value, quarter, rank)) WITHOUT ROWID;
  CREATE TABLE pivot_scores (facet TEXT NOT NULL, value TEXT NOT NULL, threat_type TEXT NOT NULL, bin INTEGER NOT NULL, rank INTEGER NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (facet, value, threat_type, bin, rank)) WITHOUT ROWID;
  CREATE TABLE pivot_facets (facet TEXT NOT NULL, value TEXT NOT NULL, facet2 TEXT NOT NULL, value2 TEXT NOT NULL, rank INTEGER NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (facet, value, facet2, value2, rank)) WITHOUT ROWID;
  CREATE INDEX pivot_facets_top ON pivot_facets (facet, value, facet2, rank, n DESC, value2);`

/**
 * SELECTs of the totals' rows (each table's columns, then a count times the first parameter) over
 * the score rows `s` of events `e` that `where` selects, for the pivot fields' values `y.p`/`pv`.
 */
function contributions(from: string, where: string): { counts: string; quarters: string; scores: string; facets: string } {
  const rows = `SELECT y.p AS p, ${pivotValue('e')} AS pv, e.ts AS ts, s.severity_rank AS rank, s.threat_type AS threat_type, ${BIN_OF('s')} AS bin
    FROM ${from}, ${PIVOTS} WHERE ${where}`
  return {
    counts: `SELECT p, pv, ? * COUNT(*) FROM (${rows}) WHERE pv IS NOT NULL AND pv <> '' GROUP BY 1, 2`,
    quarters: `SELECT y.p, ${pivotValue('e')}, ${QUARTER_OF('e')}, s.severity_rank, ? * COUNT(*) FROM ${from}, ${PIVOTS}
      WHERE ${where} AND (y.p, ${pivotValue('e')}) IN ${PIVOTED} GROUP BY 1, 2, 3, 4`,
    scores: `SELECT y.p, ${pivotValue('e')}, s.threat_type, ${BIN_OF('s')}, s.severity_rank, ? * COUNT(*) FROM ${from}, ${PIVOTS}
      WHERE ${where} AND (y.p, ${pivotValue('e')}) IN ${PIVOTED} GROUP BY 1, 2, 3, 4, 5`,
    facets: `SELECT p, pv, f, v, r, ? * COUNT(*) FROM (
        SELECT y.p AS p, ${pivotValue('e')} AS pv, x.f AS f, ${facetValue('s', 'e')} AS v, k.r AS r FROM ${from}, ${PIVOTS}, ${FACET_NAMES}, ${FLOORS}
        WHERE ${where} AND s.severity_rank >= 1 AND k.r <= s.severity_rank AND (y.p, ${pivotValue('e')}) IN ${PIVOTED})
      WHERE v IS NOT NULL AND v <> '' GROUP BY 1, 2, 3, 4, 5`,
  }
}

const PIVOT_TABLES = ['pivot_counts', 'pivot_quarters', 'pivot_scores', 'pivot_facets'] as const

/**
 * The counts when every event is scored (as many score rows as events; each score row is an
 * event's): each field's events counted along its own index, no join and no sort. Otherwise (a
 * scan stopped between storing and scoring) the score rows joined to their events are counted.
 */
const REFILL_COUNTS = `
  INSERT INTO pivot_counts
    SELECT 'user', "user", COUNT(*) FROM events WHERE "user" <> '' AND (SELECT COUNT(*) FROM scores) = (SELECT COUNT(*) FROM events) GROUP BY "user";
  INSERT INTO pivot_counts
    SELECT 'src_ip', src_ip, COUNT(*) FROM events WHERE src_ip <> '' AND (SELECT COUNT(*) FROM scores) = (SELECT COUNT(*) FROM events) GROUP BY src_ip;
  INSERT INTO pivot_counts
    SELECT 'host', host, COUNT(*) FROM events WHERE host <> '' AND (SELECT COUNT(*) FROM scores) = (SELECT COUNT(*) FROM events) GROUP BY host;
  INSERT INTO pivot_counts ${contributions(ALL_SCORED, '(SELECT COUNT(*) FROM scores) <> (SELECT COUNT(*) FROM events)').counts.replace('? *', '1 *')};`

/** The totals computed afresh from what the store holds (the counts first: they say which values are totalled). */
export const REFILL_PIVOTS = (() => {
  const c = contributions(ALL_SCORED, 'true')
  return `${PIVOT_TABLES.map((t) => `DELETE FROM ${t};`).join(' ')}
    ${REFILL_COUNTS}
    INSERT INTO pivot_quarters ${c.quarters.replace('? *', '1 *')};
    INSERT INTO pivot_scores ${c.scores.replace('? *', '1 *')};
    INSERT INTO pivot_facets ${c.facets.replace('? *', '1 *')};
    DELETE FROM settings WHERE key = '${PIVOTS_STALE_KEY}';`
})()

/** SQL recording that the pivot totals need a refill (markPivotsStale). */
export const MARK_PIVOTS_STALE = `INSERT OR REPLACE INTO settings (key, value) VALUES ('${PIVOTS_STALE_KEY}', 'true');`

/** Records that the pivot totals need a refill (a bulk load or a rescore of every event writes its scores without deltas). */
export function markPivotsStale(db: Database.Database): void {
  db.exec(MARK_PIVOTS_STALE)
}

/** Recomputes the pivot totals when they are stale (Store.ensurePivots, before a pivot is answered); nothing otherwise. */
export function refillPivotsIfStale(db: Database.Database): void {
  if (!db.prepare('SELECT 1 FROM settings WHERE key = ?').get(PIVOTS_STALE_KEY)) return
  db.transaction(() => db.exec(REFILL_PIVOTS))()
}

const CREATE_DELTA_TABLES = `
  CREATE TEMP TABLE IF NOT EXISTS pivot_delta_counts (facet TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (facet, value)) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS pivot_delta_quarters (facet TEXT NOT NULL, value TEXT NOT NULL, quarter INTEGER NOT NULL, rank INTEGER NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (facet, value, quarter, rank)) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS pivot_delta_scores (facet TEXT NOT NULL, value TEXT NOT NULL, threat_type TEXT NOT NULL, bin INTEGER NOT NULL,
    rank INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (facet, value, threat_type, bin, rank)) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS pivot_delta_facets (facet TEXT NOT NULL, value TEXT NOT NULL, facet2 TEXT NOT NULL, value2 TEXT NOT NULL,
    rank INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (facet, value, facet2, value2, rank)) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS pivot_crossed (facet TEXT NOT NULL, value TEXT NOT NULL, up INTEGER NOT NULL, PRIMARY KEY (facet, value)) WITHOUT ROWID;`

const KEYS = {
  counts: 'facet, value',
  quarters: 'facet, value, quarter, rank',
  scores: 'facet, value, threat_type, bin, rank',
  facets: 'facet, value, facet2, value2, rank',
} as const
type Part = keyof typeof KEYS
const PARTS = Object.keys(KEYS) as Part[]
const TOTALLED: readonly Part[] = ['quarters', 'scores', 'facets']

/** Statements adding `?` (+1 or −1) times the counts of the score rows `ids` selects to the delta tables. */
function collectSql(ids: string): string[] {
  const c = contributions(SCORED, `s.event_id IN (${ids})`)
  return PARTS.map((part) => `INSERT INTO temp.pivot_delta_${part} (${KEYS[part]}, n) ${c[part]} ON CONFLICT (${KEYS[part]}) DO UPDATE SET n = n + excluded.n`)
}

/** The deltas added to the totals; values that crossed the threshold get their totals built or dropped. */
const APPLY = [
  ...TOTALLED.map(
    (part) => `INSERT INTO pivot_${part} (${KEYS[part]}, n) SELECT ${KEYS[part]}, n FROM temp.pivot_delta_${part} WHERE n <> 0
      ON CONFLICT (${KEYS[part]}) DO UPDATE SET n = n + excluded.n`,
  ),
  ...TOTALLED.map((part) => `DELETE FROM pivot_${part} WHERE (${KEYS[part]}) IN (SELECT ${KEYS[part]} FROM temp.pivot_delta_${part}) AND n = 0`),
  // Before the counts move: which values start or stop being totalled.
  `INSERT INTO temp.pivot_crossed (facet, value, up)
    SELECT d.facet, d.value, COALESCE(c.n, 0) + d.n >= ${MIN_EVENTS} FROM temp.pivot_delta_counts d LEFT JOIN pivot_counts c USING (facet, value)
    WHERE d.n <> 0 AND (COALESCE(c.n, 0) >= ${MIN_EVENTS}) <> (COALESCE(c.n, 0) + d.n >= ${MIN_EVENTS})`,
  `INSERT INTO pivot_counts (facet, value, n) SELECT facet, value, n FROM temp.pivot_delta_counts WHERE n <> 0
    ON CONFLICT (facet, value) DO UPDATE SET n = n + excluded.n`,
  'DELETE FROM pivot_counts WHERE (facet, value) IN (SELECT facet, value FROM temp.pivot_delta_counts) AND n = 0',
  ...TOTALLED.map((part) => `DELETE FROM pivot_${part} WHERE (facet, value) IN (SELECT facet, value FROM temp.pivot_crossed WHERE up = 0)`),
  // A value that reached the threshold: its totals from its rows, through its own index.
  ...PIVOT_FIELDS.flatMap((field) => {
    const c = contributions(SCORED, `${EVENT_COLUMN[field]} IN (SELECT value FROM temp.pivot_crossed WHERE facet = '${field}' AND up = 1) AND y.p = '${field}'`)
    return TOTALLED.map((part) => `INSERT INTO pivot_${part} (${KEYS[part]}, n) ${c[part].replace('? *', '1 *')}`)
  }),
  ...PARTS.map((part) => `DELETE FROM temp.pivot_delta_${part}`),
  'DELETE FROM temp.pivot_crossed',
]

type Statement = Database.Statement<unknown[], unknown>

/** Keeps the pivot totals as RollupDeltas keeps the rollups: collect the old rows' counts and the new ones', then apply. */
export class PivotDeltas {
  private readonly collectByIds = new Map<string, Statement[]>()
  private readonly applyAll: Statement[]

  constructor(private readonly db: Database.Database) {
    db.exec(CREATE_DELTA_TABLES)
    this.applyAll = APPLY.map((sql) => db.prepare(sql))
  }

  /** Adds `sign` times the counts of the score rows `idsSql` (with `params`) selects to the deltas. */
  collect(sign: 1 | -1, idsSql: string, params: readonly unknown[] = []): void {
    let statements = this.collectByIds.get(idsSql)
    if (!statements) {
      statements = collectSql(idsSql).map((sql) => this.db.prepare(sql))
      this.collectByIds.set(idsSql, statements)
    }
    for (const st of statements) st.run(sign, ...params)
  }

  /** Moves the totals by the collected deltas (values crossing the threshold built or dropped). */
  apply(): void {
    for (const st of this.applyAll) st.run()
  }
}

/** Whether `value` of `field` is totalled (and the totals are current), so the pictures may read them. */
export const IS_PIVOTED_SQL = `SELECT 1 FROM pivot_counts WHERE facet = ? AND value = ? AND n >= ${MIN_EVENTS}
  AND NOT EXISTS (SELECT 1 FROM settings WHERE key = '${PIVOTS_STALE_KEY}')`
