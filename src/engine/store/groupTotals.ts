/**
 * Running totals for the group panel's columns the pictures' rollups do not keep: every scored
 * event (the NONE floor) per host, user, address, event kind and source file, and the findings per
 * event kind and source file at each floor (rollup_facets keeps host, user and address from LOW
 * up). `rollup_groups` is cumulative as rollup_facets is: a row at `rank` counts the scored events
 * at or above it, so a floor's groups are one index range, biggest first.
 *
 * The store keeps them per batch with the rollups' deltas (rollupDeltas.ts runs the statements
 * below beside its own). A bulk load, and any rewrite of the scores the deltas do not see, ends
 * in REFILL_ROLLUPS, which marks every column stale: unlike the rollups these are not refilled
 * then (counting every event per column took 0.4–1 s per column at 1,000,000 events, on a first
 * scan that must stay fast), but per column when the engine is idle after a scan (`fillNextColumn`)
 * or on the first group-by that asks for it (`fillColumn`), through the column's index when it has one. The `store.groupTotals` setting lists the columns
 * whose totals are whole.
 */
import type Database from 'better-sqlite3'

/** The events columns kept, by the group column's name (shared/groups.ts). */
export const GROUP_TOTAL_COLUMNS = {
  host: 'host',
  user: '"user"',
  src_ip: 'src_ip',
  event: 'event',
  source: 'source_file',
} as const
export type GroupTotalColumn = keyof typeof GROUP_TOTAL_COLUMNS

/** Columns whose findings (rank 1 and up) rollup_facets already counts: here only their NONE floor. */
const FACET_KEPT: ReadonlySet<GroupTotalColumn> = new Set(['host', 'user', 'src_ip'])

/** Setting: the columns whose totals are whole (a JSON array); absent = none. */
export const GROUP_TOTALS_FILLED = 'store.groupTotals'

/** Migration: the table (empty: every column is filled when first asked). */
export const CREATE_GROUP_TOTALS = `
  CREATE TABLE rollup_groups (col TEXT NOT NULL, value TEXT NOT NULL, rank INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (col, value, rank)) WITHOUT ROWID;
  CREATE INDEX rollup_groups_top ON rollup_groups (col, rank, n DESC, value);`

/** Appended to REFILL_ROLLUPS: the scores were rewritten without the deltas, so no column is whole. */
export const STALE_GROUP_TOTALS = `DELETE FROM settings WHERE key = '${GROUP_TOTALS_FILLED}';`

/** The column of the row and its value for event `e`, one row per kept column (`c.col`, `c.v`). */
const COLUMN_VALUES = `(SELECT 'host' AS col UNION ALL SELECT 'user' UNION ALL SELECT 'src_ip' UNION ALL SELECT 'event' UNION ALL SELECT 'source') AS c`
const valueOf = (e: string): string =>
  `CASE c.col WHEN 'host' THEN ${e}.host WHEN 'user' THEN ${e}."user" WHEN 'src_ip' THEN ${e}.src_ip WHEN 'event' THEN ${e}.event ELSE ${e}.source_file END`
/** The findings' floors (as rollups.ts's FLOORS), and with the NONE floor (every event). */
const FLOORS = '(SELECT 1 AS r UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) AS k'
/** A row counts at every floor from 0 up to its rank; rollup_facets' columns at 0 only. */
const ALL_FLOORS = '(SELECT 0 AS r UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) AS k'
const COUNTED = `k.r <= s.severity_rank AND (k.r = 0 OR c.col IN ('event', 'source'))`

/**
 * The counts of the score rows `ids` selects (with `s` and its event `e`), one row per column,
 * value and floor, times the first parameter (+1 or −1) when `signed`.
 */
const batchCounts = (ids: string, signed: boolean): string =>
  `SELECT col, v, r, ${signed ? '? * ' : ''}COUNT(*) FROM (
      SELECT c.col AS col, ${valueOf('e')} AS v, k.r AS r FROM scores s JOIN events e ON e.id = s.event_id, ${COLUMN_VALUES}, ${ALL_FLOORS}
      WHERE s.event_id IN (${ids}) AND ${COUNTED})
    WHERE v IS NOT NULL AND v <> '' GROUP BY 1, 2, 3`

/** The rollups' delta statements (rollupDeltas.ts), for this table. */
export const GROUP_DELTAS = {
  createTemp: `CREATE TEMP TABLE IF NOT EXISTS rollup_delta_groups (col TEXT NOT NULL, value TEXT NOT NULL, rank INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (col, value, rank)) WITHOUT ROWID;`,
  /** Adds ±1 × the counts of the rows `ids` selects to the delta table. */
  collect: (ids: string): string =>
    `INSERT INTO temp.rollup_delta_groups (col, value, rank, n) ${batchCounts(ids, true)}
      ON CONFLICT (col, value, rank) DO UPDATE SET n = n + excluded.n`,
  /** Adds a batch of new scores' counts straight to the totals. */
  add: (ids: string): string =>
    `INSERT INTO rollup_groups (col, value, rank, n) ${batchCounts(ids, false)}
      ON CONFLICT (col, value, rank) DO UPDATE SET n = n + excluded.n`,
  apply: [
    `INSERT INTO rollup_groups (col, value, rank, n) SELECT col, value, rank, n FROM temp.rollup_delta_groups WHERE n <> 0
      ON CONFLICT (col, value, rank) DO UPDATE SET n = n + excluded.n`,
    'DELETE FROM rollup_groups WHERE (col, value, rank) IN (SELECT col, value, rank FROM temp.rollup_delta_groups) AND n = 0',
    'DELETE FROM temp.rollup_delta_groups',
  ],
}

/** The columns whose totals are whole. */
export function filledColumns(db: Database.Database): Set<string> {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(GROUP_TOTALS_FILLED) as { value: string } | undefined
  return new Set(row ? (JSON.parse(row.value) as string[]) : [])
}

/**
 * Counts `column` afresh: every event per value (through the column's index when it has one:
 * the caller has checked that every stored event is scored) and its findings per floor when
 * rollup_facets does not keep them. Marks it whole, in one transaction.
 */
export function fillColumn(db: Database.Database, column: GroupTotalColumn): void {
  const expr = GROUP_TOTAL_COLUMNS[column]
  db.transaction(() => {
    db.prepare('DELETE FROM rollup_groups WHERE col = ?').run(column)
    db.prepare(`INSERT INTO rollup_groups (col, value, rank, n) SELECT ?, ${expr}, 0, COUNT(*) FROM events WHERE ${expr} <> '' GROUP BY ${expr}`).run(column)
    if (!FACET_KEPT.has(column)) {
      // Each value's findings per severity, then added to every floor at or below it.
      db.prepare(
        `WITH g AS MATERIALIZED (SELECT e.${expr} AS v, s.severity_rank AS rank, COUNT(*) AS n FROM scores s JOIN events e ON e.id = s.event_id
            WHERE s.severity_rank >= 1 GROUP BY 1, 2)
          INSERT INTO rollup_groups (col, value, rank, n) SELECT ?, g.v, k.r, SUM(g.n) FROM g, ${FLOORS} WHERE k.r <= g.rank AND g.v <> '' GROUP BY g.v, k.r`,
      ).run(column)
    }
    const filled = [...filledColumns(db), column].sort()
    db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(GROUP_TOTALS_FILLED, JSON.stringify(filled))
  })()
}

/**
 * Whether every stored event is scored (the scored events, as rollup_hours counts them, are all
 * of them): only then may a column's NONE floor be counted from the events table.
 */
export function everyEventScored(db: Database.Database): boolean {
  const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n
  const scored = (db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM rollup_hours').get() as { n: number }).n
  return events === scored
}

/**
 * Counts the first column whose totals are not whole (the engine calls it when idle after a
 * scan, so the first group-by finds them done). Returns whether another is left.
 */
export function fillNextColumn(db: Database.Database): boolean {
  const filled = filledColumns(db)
  const left = (Object.keys(GROUP_TOTAL_COLUMNS) as GroupTotalColumn[]).filter((c) => !filled.has(c))
  if (left.length === 0 || !everyEventScored(db)) return false
  fillColumn(db, left[0])
  return left.length > 1
}

/** Whether rollup_facets answers `column` at `floor` (else rollup_groups). */
export function keptByFacets(column: GroupTotalColumn, floor: number): boolean {
  return floor >= 1 && FACET_KEPT.has(column)
}
