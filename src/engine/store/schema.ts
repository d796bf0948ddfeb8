/**
 * The store's schema as an ordered list of migrations. `PRAGMA user_version` records how many have
 * run; a migration is never edited once shipped, only followed by a new one.
 */
import { CREATE_FINDINGS_TEXT, REINDEX_FINDINGS_TEXT } from './findingsText'
import { CREATE_GROUP_TOTALS } from './groupTotals'
import { CREATE_PIVOTS, MARK_PIVOTS_STALE } from './pivots'
import { CREATE_ROLLUPS, DROP_ROLLUP_TRIGGERS } from './rollups'

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    root TEXT NOT NULL UNIQUE,
    opened_at INTEGER NOT NULL
  );
  CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    rel_path TEXT NOT NULL,
    dev INTEGER NOT NULL DEFAULT 0,
    ino INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL DEFAULT 0,
    mtime_ms REAL NOT NULL DEFAULT 0,
    "offset" INTEGER NOT NULL DEFAULT 0,
    compressed INTEGER NOT NULL DEFAULT 0,
    format TEXT NOT NULL DEFAULT 'unknown',
    lines INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    unparsed INTEGER NOT NULL DEFAULT 0,
    last_event_ts REAL,
    status TEXT NOT NULL DEFAULT 'scanned',
    message TEXT,
    UNIQUE (source_id, rel_path)
  );
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    event_key TEXT NOT NULL,
    file_id INTEGER REFERENCES files(id) ON DELETE SET NULL,
    ts REAL NOT NULL,
    host TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    program TEXT,
    pid INTEGER,
    event TEXT NOT NULL,
    outcome TEXT NOT NULL,
    "user" TEXT,
    target_user TEXT,
    src_ip TEXT,
    src_port INTEGER,
    auth_method TEXT,
    command TEXT,
    bytes REAL,
    country TEXT,
    lat REAL,
    lon REAL,
    raw TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1
  );
  CREATE UNIQUE INDEX events_key ON events(event_key);
  CREATE INDEX events_ts ON events(ts);
  CREATE INDEX events_user ON events("user");
  CREATE INDEX events_src_ip ON events(src_ip);
  CREATE INDEX events_host ON events(host);
  CREATE INDEX events_file_line ON events(file_id, source_line);
  CREATE TABLE scores (
    event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    severity TEXT NOT NULL,
    severity_rank INTEGER NOT NULL,
    threat_type TEXT NOT NULL,
    mitre_techniques TEXT NOT NULL,
    mitre_tactics TEXT NOT NULL,
    detector_scores TEXT NOT NULL,
    reasons TEXT NOT NULL,
    attack_version TEXT NOT NULL,
    model_id INTEGER
  );
  CREATE INDEX scores_score ON scores(score);
  CREATE INDEX scores_severity ON scores(severity_rank, score);
  CREATE INDEX scores_threat ON scores(threat_type);
  CREATE TABLE triage (
    event_key TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    feature_schema_version TEXT,
    json TEXT NOT NULL
  );
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: CSV logs are tailed with their header row.
  `ALTER TABLE files ADD COLUMN csv_header TEXT;`,
  // 3: the grid's paged query (findingsQuery.ts): one index walk serves "score >= floor, highest
  // first" and counts it without reading rows; it supersedes scores(score).
  `CREATE INDEX scores_score_rank ON scores(score, severity_rank);
  DROP INDEX scores_score;`,
  // 4: a file deleted while watched has its own status (it was recorded as 'skipped').
  `UPDATE files SET status = 'deleted' WHERE status = 'skipped' AND message LIKE '%: deleted%; its events are kept';`,
  // 5: the SSH key of public-key logins (NormalizedEvent.key_type / key_fingerprint); NULL for
  // events stored before.
  `ALTER TABLE events ADD COLUMN key_type TEXT;
  ALTER TABLE events ADD COLUMN key_fingerprint TEXT;`,
  // 6: the grid's other common sorts walk an index in their order and stop after a page, instead
  // of sorting every finding (seconds at 10,000,000 events). Events columns: whole indexes, the
  // floor checked row by row. Scores columns: partial indexes of the findings only (LOW and above,
  // about 5 % of the events), which findingsQuery.ts names by their condition. The source, the
  // reasons and the detector scores are left out: every index is paid on every appended line, and
  // with them a flood of findings was stored a quarter slower (20 s soak at 20,000 lines/s: 15,200
  // lines/s instead of 18,200), for sorts an analyst rarely asks of millions of rows.
  `CREATE INDEX events_event ON events(event);
  CREATE INDEX findings_threat ON scores(threat_type) WHERE severity_rank >= 1;
  CREATE INDEX findings_mitre ON scores(mitre_techniques) WHERE severity_rank >= 1;`,
  // 7: the quick filter's trigram index of the findings' text (findingsText.ts).
  CREATE_FINDINGS_TEXT,
  // 8: the quick filter searches the raw line too: the findings' text is indexed again with it.
  REINDEX_FINDINGS_TEXT,
  // 9: incidents are keyed by episode (shared/incident.ts): the id the detector assigned to the
  // attack a finding is part of, NULL below LOW. Findings stored before keep the grouping they had
  // (threat type and first reason) until they are scored again.
  `ALTER TABLE scores ADD COLUMN episode TEXT;
  UPDATE scores SET episode = threat_type || ':' || COALESCE(json_extract(reasons, '$[0]'), '') WHERE severity_rank >= 1;
  CREATE INDEX findings_episode ON scores(episode) WHERE severity_rank >= 1;`,
  // 10: running totals for the pictures (rollups.ts): events per minute and hour by severity, score bins,
  // findings per user, address, host, threat type and ATT&CK ids; kept by triggers on scores.
  // And the login statistics' index: logins only, in user then time order (aggregates.ts).
  `${CREATE_ROLLUPS}
  CREATE INDEX events_logins ON events("user", ts) WHERE event IN ('auth_success', 'auth_failure');`,
  // 11: the Sigma rules that reported on an event (EventScore.sigma_rules), ids space-separated;
  // NULL when none (and for events scored before).
  `ALTER TABLE scores ADD COLUMN sigma_rules TEXT;`,
  // 12: the analyst's tags (space-separated words, shared/tags.ts) and colour of a line, with its triage.
  `ALTER TABLE triage ADD COLUMN tags TEXT NOT NULL DEFAULT '';
  ALTER TABLE triage ADD COLUMN color TEXT;`,
  // 13: the logins index covers the login statistics' reads (the event kind in it too): migration
  // 10's index made SQLite read each login's row to check its kind (0.5 s for 50,000 logins under load).
  `DROP INDEX IF EXISTS events_logins;
  CREATE INDEX events_logins ON events("user", ts, event) WHERE event IN ('auth_success', 'auth_failure');`,
  // 14: the rollups are kept per batch by the store (rollupDeltas.ts), not by per-row triggers
  // (four trigger programs per score row; a 500-finding live batch's score write costs a quarter less CPU).
  DROP_ROLLUP_TRIGGERS,
  // 15: the user index holds the time too, so the timeline under a user filter reads no event row
  // (10,000,000 events, a user's 33,000: 110 CPU ms, most of it event rows read for their time).
  // It serves every use of the old one (user = ?, the user's event ids).
  `CREATE INDEX events_user_ts ON events("user", ts);
  DROP INDEX events_user;`,
  // 16: the group panel's totals of every event per host, user, address, event kind and file, and
  // of the findings per event kind and file (groupTotals.ts): filled per column when first asked.
  CREATE_GROUP_TOTALS,
  // 17: running totals per user, address and host with many events (pivots.ts): a pivot's pictures
  // read them instead of one score row per event (10,000,000 events: a user's timeline 218 ms, a host's seconds).
  // Created stale: the first pivot fills them (Store.ensurePivots), so opening a big store does not wait.
  `${CREATE_PIVOTS}
  ${MARK_PIVOTS_STALE}`,
  // 18: the logins index holds the host and address too, so the login statistics under a host or
  // address pivot check it there instead of reading each login's row (10,000,000 events, a host
  // with a seventh of them: 614 CPU ms for the sample, most of it rows read to be dropped).
  `DROP INDEX IF EXISTS events_logins;
  CREATE INDEX events_logins ON events("user", ts, event, host, src_ip) WHERE event IN ('auth_success', 'auth_failure');`,
]

/** The schema version this code writes: the number of migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length
