/**
 * Running totals the pictures read when the grid's filter is only a severity floor (the common
 * case, and the only one where an aggregate must read every event): events per minute and per hour
 * by severity, scores per threat type and 0.01 bin, and for the findings (LOW and above) counts per
 * user, address, host, threat type and ATT&CK ids with first reason. The store keeps them with one
 * grouped statement per table and batch (rollupDeltas.ts): a score written adds its row's counts,
 * a score replaced (a rescan) or removed takes the old row's off. Migration 10 kept them with
 * per-row triggers; migration 14 dropped those. At 10,000,000 events a GROUP BY over the tables
 * takes seconds; over these, milliseconds.
 *
 * A facet row counts the findings at or above its floor (`rank` 1..4), so "the top 10 addresses
 * at MEDIUM and above" is a walk of the first ten entries of `rollup_facets_top`, whatever the
 * number of addresses. Cost on ingest: see the store README.
 */
import { STALE_GROUP_TOTALS } from './groupTotals'

/** Width of a score bin in `rollup_scores`. */
export const SCORE_BIN = 0.01
/** Separates a finding's technique list from its first reason in the `mitre` facet's value. */
export const FACET_SEPARATOR = '\u001f'

export const MINUTE_OF = (row: string): string => `CAST(${row}.ts / 60000 AS INTEGER)`
const HOUR_OF = (row: string): string => `CAST(${row}.ts / 3600000 AS INTEGER)`
export const BIN_OF = (row: string): string => `MIN(99, CAST(${row}.score * 100 AS INTEGER))`
const FIRST_REASON = (row: string): string => `COALESCE(json_extract(${row}.reasons, '$[0]'), '')`

/** The facets of a finding, one row each (joined to the finding, whose value `facetValue` picks). */
export const FACET_NAMES = `(SELECT 'user' AS f UNION ALL SELECT 'src_ip' UNION ALL SELECT 'host' UNION ALL SELECT 'threat' UNION ALL SELECT 'mitre') AS x`
/** The floors a finding counts at: 1 (LOW) up to its own rank. */
export const FLOORS = '(SELECT 1 AS r UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) AS k'

/** A finding `s`'s value for facet `x.f` (its event `e`): the `mitre` value is its ids and first reason. */
export const facetValue = (s: string, e: string): string => `CASE x.f WHEN 'user' THEN ${e}."user" WHEN 'src_ip' THEN ${e}.src_ip WHEN 'host' THEN ${e}.host
      WHEN 'threat' THEN ${s}.threat_type ELSE ${s}.mitre_techniques || char(31) || ${FIRST_REASON(s)} END`

/** SQL that takes the score row `s` (of event `e`, selected from `from` by `where`) off the totals. */
function subtract(from: string, where: string): string {
  return `UPDATE rollup_minutes SET n = n - 1 WHERE (minute, rank) IN (SELECT ${MINUTE_OF('e')}, s.severity_rank FROM ${from} WHERE ${where});
    UPDATE rollup_hours SET n = n - 1 WHERE (hour, rank) IN (SELECT ${HOUR_OF('e')}, s.severity_rank FROM ${from} WHERE ${where});
    UPDATE rollup_scores SET n = n - 1 WHERE (threat_type, bin, rank) IN (SELECT s.threat_type, ${BIN_OF('s')}, s.severity_rank FROM ${from} WHERE ${where});
    UPDATE rollup_facets SET n = n - 1 WHERE (facet, value, rank) IN (
      SELECT x.f, ${facetValue('s', 'e')}, k.r FROM ${from}, ${FACET_NAMES}, ${FLOORS} WHERE ${where} AND k.r <= s.severity_rank);`
}

/** The totals from what the store holds: one GROUP BY per table (rollup_hours from rollup_minutes). */
const FILL_TIME_AND_SCORES = `
  INSERT INTO rollup_minutes SELECT ${MINUTE_OF('e')}, s.severity_rank, COUNT(*) FROM scores s JOIN events e ON e.id = s.event_id GROUP BY 1, 2;
  INSERT INTO rollup_hours SELECT minute / 60, rank, SUM(n) FROM rollup_minutes GROUP BY 1, 2;
  INSERT INTO rollup_scores SELECT s.threat_type, ${BIN_OF('s')}, s.severity_rank, COUNT(*) FROM scores s GROUP BY 1, 2, 3;`
export const FILL_ROLLUPS = `${FILL_TIME_AND_SCORES}
  INSERT INTO rollup_facets SELECT f, v, r, COUNT(*) FROM (
      SELECT x.f AS f, ${facetValue('s', 'e')} AS v, k.r AS r FROM scores s JOIN events e ON e.id = s.event_id, ${FACET_NAMES}, ${FLOORS}
      WHERE s.severity_rank >= 1 AND k.r <= s.severity_rank)
    WHERE v IS NOT NULL AND v <> '' GROUP BY 1, 2, 3;`

/** A facet's findings counted per value and severity (`from` gives the finding `s` and its event `e`). */
const facetCounts = (f: string, value: string, from: string): string =>
  `SELECT '${f}' AS f, ${value} AS v, s.severity_rank AS rank, COUNT(*) AS n FROM ${from} WHERE s.severity_rank >= 1 GROUP BY 2, 3`
const WITH_EVENT = 'scores s JOIN events e ON e.id = s.event_id'

/**
 * The facet totals as FILL_ROLLUPS computes them, faster: one GROUP BY per facet, then each count
 * added to the floors at or below its severity. The cross join of every finding with five facets
 * and four floors sorted 20 rows per finding (100,000 CRITICAL findings: 2.9 s of 3 s of the refill);
 * MATERIALIZED, or the join would run the five groupings once per floor.
 */
const FILL_FACETS = `
  WITH g AS MATERIALIZED (
    ${facetCounts('user', 'e."user"', WITH_EVENT)} UNION ALL ${facetCounts('src_ip', 'e.src_ip', WITH_EVENT)}
    UNION ALL ${facetCounts('host', 'e.host', WITH_EVENT)} UNION ALL ${facetCounts('threat', 's.threat_type', 'scores s')}
    UNION ALL ${facetCounts('mitre', `s.mitre_techniques || char(31) || ${FIRST_REASON('s')}`, 'scores s')})
  INSERT INTO rollup_facets SELECT g.f, g.v, k.r, SUM(g.n) FROM g, ${FLOORS} WHERE k.r <= g.rank AND g.v IS NOT NULL AND g.v <> '' GROUP BY 1, 2, 3;`

/**
 * The totals computed afresh (after a bulk load, which runs without the triggers: four trigger
 * statements per score row were a third of a first scan). Equal to FILL_ROLLUPS row for row
 * (property test in test/engine/store/rollupsFill.test.ts), which the shipped migration keeps as it was.
 */
export const REFILL_ROLLUPS = `
  DELETE FROM rollup_minutes; DELETE FROM rollup_hours; DELETE FROM rollup_scores; DELETE FROM rollup_facets;
  ${FILL_TIME_AND_SCORES}
  ${FILL_FACETS}
  ${STALE_GROUP_TOTALS}`

/** Migration: the tables, filled from what the store holds, and the triggers that keep them. */
export const CREATE_ROLLUPS = `
  CREATE TABLE rollup_minutes (minute INTEGER NOT NULL, rank INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (minute, rank)) WITHOUT ROWID;
  CREATE TABLE rollup_hours (hour INTEGER NOT NULL, rank INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (hour, rank)) WITHOUT ROWID;
  CREATE TABLE rollup_scores (threat_type TEXT NOT NULL, bin INTEGER NOT NULL, rank INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (threat_type, bin, rank)) WITHOUT ROWID;
  CREATE TABLE rollup_facets (facet TEXT NOT NULL, value TEXT NOT NULL, rank INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (facet, value, rank)) WITHOUT ROWID;
  CREATE INDEX rollup_facets_top ON rollup_facets (facet, rank, n DESC, value);
  ${FILL_ROLLUPS}
  CREATE TRIGGER rollup_replace BEFORE INSERT ON scores WHEN EXISTS (SELECT 1 FROM scores WHERE event_id = NEW.event_id) BEGIN
    ${subtract('scores s JOIN events e ON e.id = s.event_id', 's.event_id = NEW.event_id')}
  END;
  CREATE TRIGGER rollup_delete AFTER DELETE ON scores BEGIN
    ${subtract('(SELECT OLD.event_id AS event_id, OLD.severity_rank AS severity_rank, OLD.score AS score, OLD.threat_type AS threat_type, OLD.mitre_techniques AS mitre_techniques, OLD.reasons AS reasons) s JOIN events e ON e.id = s.event_id', '1')}
  END;
  CREATE TRIGGER rollup_insert AFTER INSERT ON scores BEGIN
    INSERT INTO rollup_minutes (minute, rank, n) SELECT ${MINUTE_OF('e')}, NEW.severity_rank, 1 FROM events e WHERE e.id = NEW.event_id
      ON CONFLICT (minute, rank) DO UPDATE SET n = n + 1;
    INSERT INTO rollup_hours (hour, rank, n) SELECT ${HOUR_OF('e')}, NEW.severity_rank, 1 FROM events e WHERE e.id = NEW.event_id
      ON CONFLICT (hour, rank) DO UPDATE SET n = n + 1;
    INSERT INTO rollup_scores (threat_type, bin, rank, n) VALUES (NEW.threat_type, ${BIN_OF('NEW')}, NEW.severity_rank, 1)
      ON CONFLICT (threat_type, bin, rank) DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER rollup_insert_finding AFTER INSERT ON scores WHEN NEW.severity_rank >= 1 BEGIN
    INSERT INTO rollup_facets (facet, value, rank, n)
      SELECT f, v, r, 1 FROM (SELECT x.f AS f, ${facetValue('NEW', 'e')} AS v, k.r AS r FROM events e, ${FACET_NAMES}, ${FLOORS}
        WHERE e.id = NEW.event_id AND k.r <= NEW.severity_rank)
      WHERE v IS NOT NULL AND v <> ''
      ON CONFLICT (facet, value, rank) DO UPDATE SET n = n + 1;
  END;`

/**
 * Migration 14: the per-row triggers go (rollupDeltas.ts keeps the totals per batch), and so do the
 * zero totals they left behind, so the tables equal a GROUP BY over the store.
 */
export const DROP_ROLLUP_TRIGGERS = `
  DROP TRIGGER IF EXISTS rollup_replace;
  DROP TRIGGER IF EXISTS rollup_delete;
  DROP TRIGGER IF EXISTS rollup_insert;
  DROP TRIGGER IF EXISTS rollup_insert_finding;
  DELETE FROM rollup_minutes WHERE n = 0;
  DELETE FROM rollup_hours WHERE n = 0;
  DELETE FROM rollup_scores WHERE n = 0;
  DELETE FROM rollup_facets WHERE n = 0;`
