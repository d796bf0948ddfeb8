/**
 * The quick filter's index: the searchable text of every finding (LOW and above) in an FTS5 table
 * with the trigram tokenizer, so "type an address" answers from an index instead of ten LIKEs per
 * finding (8 s at 10,000,000 events). Trigram matching is case-insensitive substring matching, as
 * the LIKE it replaces; words under three characters still go through LIKE. The table holds no
 * copy of the text (contentless), only its trigrams.
 *
 * Indexing a finding's text costs far more than storing its score (a few hundred trigrams), and
 * during an attack nearly every appended line is a finding: so score writes only note which
 * events changed (`findings_text_pending`), and `sync()` indexes them — in small chunks when the
 * engine is idle, and whole before a quick filter is answered.
 */
import type Database from 'better-sqlite3'

/**
 * What the quick filter searches: findingsQuery's QUICK_COLUMNS (the status, which triage changes,
 * apart) and the raw line. A change here needs a migration that empties the index and marks every
 * finding pending (REINDEX_FINDINGS_TEXT). Also the text a prefix term (`Accept*`) is checked in.
 */
export const TEXT_SQL = `concat_ws(' ', e.host, e."user", e.src_ip, e.event, s.severity, s.threat_type, s.mitre_techniques, e.source_file, s.reasons, e.raw)`

export const CREATE_FINDINGS_TEXT = `CREATE VIRTUAL TABLE findings_text USING fts5(text, content='', contentless_delete=1, tokenize='trigram');
  CREATE TABLE findings_text_pending (event_id INTEGER PRIMARY KEY);
  INSERT INTO findings_text_pending (event_id) SELECT event_id FROM scores WHERE severity_rank >= 1;`

/** A migration after a change of TEXT_SQL: the index starts again, every finding pending. */
export const REINDEX_FINDINGS_TEXT = `INSERT INTO findings_text(findings_text) VALUES ('delete-all');
  DELETE FROM findings_text_pending;
  INSERT INTO findings_text_pending (event_id) SELECT event_id FROM scores WHERE severity_rank >= 1;`

/** Shortest word the trigram index can answer. */
const MIN_INDEXED_WORD = 3

/** Whether the trigram index can answer this quick-filter word (else it goes through LIKE). */
export const isIndexedWord = (word: string): boolean => [...word].length >= MIN_INDEXED_WORD

/** The FTS5 query for one quick-filter word: a phrase, so every character is taken literally. */
export const matchPhrase = (word: string): string => `"${word.replace(/"/g, '""')}"`

/** Pending events indexed per transaction. */
const CHUNK = 2_000

/** `ids` as JSON arrays of at most CHUNK, for `json_each`. */
function* chunks(ids: ArrayLike<number>): Generator<string> {
  for (let i = 0; i < ids.length; i += CHUNK) yield JSON.stringify(Array.from({ length: Math.min(CHUNK, ids.length - i) }, (_, k) => ids[i + k]))
}

export class FindingsText {
  private readonly notePending: Database.Statement
  private readonly findingsIn: Database.Statement
  private readonly noteAllFindings: Database.Statement
  private readonly pendingCount: Database.Statement
  private readonly takePending: Database.Statement
  private readonly dropPending: Database.Statement
  private readonly clearPending: Database.Statement
  private readonly deleteIds: Database.Statement
  private readonly insertIds: Database.Statement
  private readonly deleteAll: Database.Statement

  constructor(private readonly db: Database.Database) {
    this.notePending = db.prepare('INSERT OR IGNORE INTO findings_text_pending (event_id) SELECT value FROM json_each(?)')
    this.findingsIn = db.prepare('SELECT event_id FROM scores WHERE event_id IN (SELECT value FROM json_each(?)) AND severity_rank >= 1').pluck(true)
    this.noteAllFindings = db.prepare('INSERT OR IGNORE INTO findings_text_pending (event_id) SELECT event_id FROM scores WHERE severity_rank >= 1')
    this.pendingCount = db.prepare('SELECT COUNT(*) AS n FROM findings_text_pending')
    this.takePending = db.prepare('SELECT event_id FROM findings_text_pending ORDER BY event_id LIMIT ?').pluck(true)
    this.dropPending = db.prepare('DELETE FROM findings_text_pending WHERE event_id IN (SELECT value FROM json_each(?))')
    this.clearPending = db.prepare('DELETE FROM findings_text_pending')
    this.deleteIds = db.prepare('DELETE FROM findings_text WHERE rowid IN (SELECT value FROM json_each(?))')
    this.insertIds = db.prepare(
      `INSERT INTO findings_text(rowid, text) SELECT s.event_id, ${TEXT_SQL} FROM scores s JOIN events e ON e.id = s.event_id
        WHERE s.event_id IN (SELECT value FROM json_each(?)) AND s.severity_rank >= 1`,
    )
    this.deleteAll = db.prepare("INSERT INTO findings_text(findings_text) VALUES ('delete-all')")
  }

  /**
   * Of these events, those scored LOW or above now. Asked before their scores are rewritten, it
   * names the ones whose indexed text may have to go; the rest (most events) never reach the index.
   */
  findingsAmong(ids: ArrayLike<number>): number[] {
    const out: number[] = []
    for (const chunk of chunks(ids)) for (const id of this.findingsIn.all(chunk) as number[]) out.push(id)
    return out
  }

  /** These findings' scores were (re)written: their text is indexed at the next sync. Call inside the write's transaction. */
  changed(ids: ArrayLike<number>): void {
    for (const chunk of chunks(ids)) this.notePending.run(chunk)
  }

  /** Every score was rewritten (a scan's analysis): the index starts again from the findings. Call inside the write's transaction. */
  changedAll(): void {
    this.deleteAll.run()
    this.clearPending.run()
    this.noteAllFindings.run()
  }

  /** Events whose text is not indexed yet. */
  pending(): number {
    return (this.pendingCount.get() as { n: number }).n
  }

  /** Indexes up to `limit` pending events (all by default), a chunk per transaction; returns how many. */
  sync(limit = Infinity): number {
    let done = 0
    while (done < limit) {
      const ids = this.takePending.all(Math.min(CHUNK, limit - done)) as number[]
      if (ids.length === 0) break
      const chunk = JSON.stringify(ids)
      this.db.transaction(() => {
        this.deleteIds.run(chunk)
        this.insertIds.run(chunk)
        this.dropPending.run(chunk)
      })()
      done += ids.length
    }
    return done
  }
}
