/**
 * The store's schema as an ordered list of migrations. `PRAGMA user_version` records how many have
 * run; a migration is never edited once shipped, only followed by a new one.
 */
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
]

/** The schema version this code writes: the number of migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length
