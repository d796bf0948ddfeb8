/**
 * Keeps the pictures' running totals (rollups.ts) true as scores are written or removed, with a
 * few grouped statements per batch instead of per-row triggers (migration 14 dropped them: four
 * trigger programs ran per score row; grouped, a 500-finding batch's score write costs a quarter
 * less CPU, most of what is left being the facet totals' own index updates).
 *
 * A batch's change is gathered in temporary delta tables: the counts of the rows it replaces or
 * removes (taken off) and of the rows it writes (added), then applied with one upsert per table.
 * A total that reaches zero is deleted, so the tables always equal a GROUP BY over the store
 * (`REFILL_ROLLUPS`): a closed folder's minutes no longer stretch the timeline.
 *
 * A bulk load (a first scan) keeps no deltas: it marks the totals stale in the same transaction
 * that starts it, and `refillIfStale` recomputes them at its end, or on the next open after a crash.
 */
import type Database from 'better-sqlite3'
import { GROUP_DELTAS, STALE_GROUP_TOTALS } from './groupTotals'
import { PivotDeltas, markPivotsStale } from './pivots'
import { BIN_OF, FACET_NAMES, FLOORS, MINUTE_OF, REFILL_ROLLUPS, facetValue } from './rollups'

/** Setting present while the totals do not count what a bulk load wrote. */
const ROLLUPS_STALE = 'store.rollupsStale'

const CREATE_DELTA_TABLES = `
  CREATE TEMP TABLE IF NOT EXISTS rollup_ids (event_id INTEGER PRIMARY KEY);
  CREATE TEMP TABLE IF NOT EXISTS rollup_delta_minutes (minute INTEGER NOT NULL, rank INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (minute, rank)) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS rollup_delta_scores (threat_type TEXT NOT NULL, bin INTEGER NOT NULL, rank INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (threat_type, bin, rank)) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS rollup_delta_facets (facet TEXT NOT NULL, value TEXT NOT NULL, rank INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (facet, value, rank)) WITHOUT ROWID;
  ${GROUP_DELTAS.createTemp}`

/** The batch's event ids (`rollup_ids`, filled from a JSON array). */
const BATCH_IDS = 'SELECT event_id FROM temp.rollup_ids'

/**
 * Statements adding `?` (first parameter: +1 or −1) times the counts of the score rows whose event
 * ids `ids` selects (its own parameters follow) to the delta tables.
 */
const collectSql = (ids: string): string[] => [
  `INSERT INTO temp.rollup_delta_minutes (minute, rank, n)
    SELECT ${MINUTE_OF('e')}, s.severity_rank, ? * COUNT(*) FROM scores s JOIN events e ON e.id = s.event_id
    WHERE s.event_id IN (${ids}) GROUP BY 1, 2
    ON CONFLICT (minute, rank) DO UPDATE SET n = n + excluded.n`,
  `INSERT INTO temp.rollup_delta_scores (threat_type, bin, rank, n)
    SELECT s.threat_type, ${BIN_OF('s')}, s.severity_rank, ? * COUNT(*) FROM scores s
    WHERE s.event_id IN (${ids}) GROUP BY 1, 2, 3
    ON CONFLICT (threat_type, bin, rank) DO UPDATE SET n = n + excluded.n`,
  `INSERT INTO temp.rollup_delta_facets (facet, value, rank, n)
    SELECT f, v, r, ? * COUNT(*) FROM (
      SELECT x.f AS f, ${facetValue('s', 'e')} AS v, k.r AS r FROM scores s JOIN events e ON e.id = s.event_id, ${FACET_NAMES}, ${FLOORS}
      WHERE s.event_id IN (${ids}) AND s.severity_rank >= 1 AND k.r <= s.severity_rank)
    WHERE v IS NOT NULL AND v <> '' GROUP BY 1, 2, 3
    ON CONFLICT (facet, value, rank) DO UPDATE SET n = n + excluded.n`,
  GROUP_DELTAS.collect(ids),
]

/**
 * Adds the counts of the batch's score rows straight to the totals: for a batch that replaced no
 * score (a live batch of new lines), no total can drop, so the delta tables would only cost time.
 */
const ADD_BATCH = [
  `INSERT INTO rollup_minutes (minute, rank, n)
    SELECT ${MINUTE_OF('e')}, s.severity_rank, COUNT(*) FROM scores s JOIN events e ON e.id = s.event_id
    WHERE s.event_id IN (${BATCH_IDS}) GROUP BY 1, 2
    ON CONFLICT (minute, rank) DO UPDATE SET n = n + excluded.n`,
  `INSERT INTO rollup_hours (hour, rank, n)
    SELECT ${MINUTE_OF('e')} / 60, s.severity_rank, COUNT(*) FROM scores s JOIN events e ON e.id = s.event_id
    WHERE s.event_id IN (${BATCH_IDS}) GROUP BY 1, 2
    ON CONFLICT (hour, rank) DO UPDATE SET n = n + excluded.n`,
  `INSERT INTO rollup_scores (threat_type, bin, rank, n)
    SELECT s.threat_type, ${BIN_OF('s')}, s.severity_rank, COUNT(*) FROM scores s
    WHERE s.event_id IN (${BATCH_IDS}) GROUP BY 1, 2, 3
    ON CONFLICT (threat_type, bin, rank) DO UPDATE SET n = n + excluded.n`,
  `INSERT INTO rollup_facets (facet, value, rank, n)
    SELECT f, v, r, COUNT(*) FROM (
      SELECT x.f AS f, ${facetValue('s', 'e')} AS v, k.r AS r FROM scores s JOIN events e ON e.id = s.event_id, ${FACET_NAMES}, ${FLOORS}
      WHERE s.event_id IN (${BATCH_IDS}) AND s.severity_rank >= 1 AND k.r <= s.severity_rank)
    WHERE v IS NOT NULL AND v <> '' GROUP BY 1, 2, 3
    ON CONFLICT (facet, value, rank) DO UPDATE SET n = n + excluded.n`,
  GROUP_DELTAS.add(BATCH_IDS),
  'DELETE FROM temp.rollup_ids',
]

/** Adds the deltas to the totals, deletes the totals they took to zero, and empties the delta tables. */
const APPLY = [
  `INSERT INTO rollup_minutes (minute, rank, n) SELECT minute, rank, n FROM temp.rollup_delta_minutes WHERE n <> 0
    ON CONFLICT (minute, rank) DO UPDATE SET n = n + excluded.n`,
  // Hours from the minutes, as REFILL_ROLLUPS computes them.
  `INSERT INTO rollup_hours (hour, rank, n) SELECT minute / 60, rank, SUM(n) FROM temp.rollup_delta_minutes WHERE true GROUP BY 1, 2 HAVING SUM(n) <> 0
    ON CONFLICT (hour, rank) DO UPDATE SET n = n + excluded.n`,
  `INSERT INTO rollup_scores (threat_type, bin, rank, n) SELECT threat_type, bin, rank, n FROM temp.rollup_delta_scores WHERE n <> 0
    ON CONFLICT (threat_type, bin, rank) DO UPDATE SET n = n + excluded.n`,
  `INSERT INTO rollup_facets (facet, value, rank, n) SELECT facet, value, rank, n FROM temp.rollup_delta_facets WHERE n <> 0
    ON CONFLICT (facet, value, rank) DO UPDATE SET n = n + excluded.n`,
  'DELETE FROM rollup_minutes WHERE (minute, rank) IN (SELECT minute, rank FROM temp.rollup_delta_minutes) AND n = 0',
  'DELETE FROM rollup_hours WHERE (hour, rank) IN (SELECT minute / 60, rank FROM temp.rollup_delta_minutes) AND n = 0',
  'DELETE FROM rollup_scores WHERE (threat_type, bin, rank) IN (SELECT threat_type, bin, rank FROM temp.rollup_delta_scores) AND n = 0',
  'DELETE FROM rollup_facets WHERE (facet, value, rank) IN (SELECT facet, value, rank FROM temp.rollup_delta_facets) AND n = 0',
  'DELETE FROM temp.rollup_delta_minutes',
  'DELETE FROM temp.rollup_delta_scores',
  'DELETE FROM temp.rollup_delta_facets',
  ...GROUP_DELTAS.apply,
  'DELETE FROM temp.rollup_ids',
]

type Statement = Database.Statement<unknown[], unknown>

export class RollupDeltas {
  private readonly fillIds: Statement
  private readonly collectBatch: Statement[]
  private readonly apply: Statement[]
  private readonly anyScored: Statement
  private readonly addBatch: Statement[]
  private readonly collectOther = new Map<string, Statement[]>()
  /** The per-user, address and host totals (pivots.ts), moved at the same points. */
  private readonly pivots: PivotDeltas

  constructor(private readonly db: Database.Database) {
    db.exec(CREATE_DELTA_TABLES)
    this.pivots = new PivotDeltas(db)
    this.fillIds = db.prepare('INSERT OR IGNORE INTO temp.rollup_ids (event_id) SELECT value FROM json_each(?)')
    this.collectBatch = collectSql(BATCH_IDS).map((sql) => db.prepare(sql))
    this.apply = APPLY.map((sql) => db.prepare(sql))
    this.anyScored = db.prepare(`SELECT EXISTS (SELECT 1 FROM scores WHERE event_id IN (${BATCH_IDS})) AS any`).pluck()
    this.addBatch = ADD_BATCH.map((sql) => db.prepare(sql))
  }

  /**
   * Runs `write`, which (re)writes the scores of `eventIds`, and moves the totals from the old
   * rows' counts to the new ones'. Call inside the write's transaction.
   */
  rewriting<T>(eventIds: ArrayLike<number>, write: () => T): T {
    if (eventIds.length === 0) return write()
    this.fillIds.run(JSON.stringify(Array.from(eventIds)))
    if (this.anyScored.get() === 0) {
      const result = write()
      this.pivots.collect(1, BATCH_IDS)
      for (const st of this.addBatch) st.run()
      this.pivots.apply()
      return result
    }
    for (const st of this.collectBatch) st.run(-1)
    this.pivots.collect(-1, BATCH_IDS)
    const result = write()
    for (const st of this.collectBatch) st.run(1)
    this.pivots.collect(1, BATCH_IDS)
    for (const st of this.apply) st.run()
    this.pivots.apply()
    return result
  }

  /**
   * Runs `remove`, which deletes the scores of the events `idsSql` selects (with `params`), after
   * taking their counts off. Call inside the removal's transaction.
   */
  removing<T>(idsSql: string, params: readonly unknown[], remove: () => T): T {
    let collect = this.collectOther.get(idsSql)
    if (!collect) {
      collect = collectSql(idsSql).map((sql) => this.db.prepare(sql))
      this.collectOther.set(idsSql, collect)
    }
    for (const st of collect) st.run(-1, ...params)
    this.pivots.collect(-1, idsSql, params)
    const result = remove()
    for (const st of this.apply) st.run()
    this.pivots.apply()
    return result
  }
}

/** Records, inside a bulk load's opening transaction, that the totals will need a refill. */
export function markRollupsStale(db: Database.Database): void {
  db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(ROLLUPS_STALE, 'true')
  db.exec(STALE_GROUP_TOTALS)
  markPivotsStale(db)
}

/** Whether a bulk load's totals are still to be refilled (they count none of what it wrote). */
export function rollupsStale(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM settings WHERE key = ?').get(ROLLUPS_STALE) !== undefined
}

/** Recomputes the totals after a bulk load (or on open after a crash during one); nothing otherwise. */
export function refillRollupsIfStale(db: Database.Database): void {
  if (!db.prepare('SELECT 1 FROM settings WHERE key = ?').get(ROLLUPS_STALE)) return
  db.transaction(() => {
    db.exec(REFILL_ROLLUPS)
    db.prepare('DELETE FROM settings WHERE key = ?').run(ROLLUPS_STALE)
  })()
}
