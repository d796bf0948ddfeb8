/**
 * The quick filter's index: the searchable text of every finding (LOW and above) in an FTS5 table
 * with the trigram tokenizer, so "type an address" answers from an index instead of ten LIKEs per
 * finding (8 s at 10,000,000 events). Trigram matching is case-insensitive substring matching, as
 * the LIKE it replaces; words under three characters still go through LIKE. The table holds no
 * copy of the text (contentless), only its trigrams; rows are kept in step with the scores here.
 */
import type Database from 'better-sqlite3'

/**
 * What the quick filter searches, as in findingsQuery's QUICK_COLUMNS (the status, which triage
 * changes, apart). Migration 7 fills the table with it: a change here needs a migration that
 * rebuilds the table.
 */
const TEXT_SQL = `concat_ws(' ', e.host, e."user", e.src_ip, e.event, s.severity, s.threat_type, s.mitre_techniques, e.source_file, s.reasons)`

export const CREATE_FINDINGS_TEXT = `CREATE VIRTUAL TABLE findings_text USING fts5(text, content='', contentless_delete=1, tokenize='trigram');
  INSERT INTO findings_text(rowid, text) SELECT s.event_id, ${TEXT_SQL} FROM scores s JOIN events e ON e.id = s.event_id WHERE s.severity_rank >= 1;`

/** Shortest word the trigram index can answer. */
export const MIN_INDEXED_WORD = 3

/** The FTS5 query for one quick-filter word: a phrase, so every character is taken literally. */
export const matchPhrase = (word: string): string => `"${word.replace(/"/g, '""')}"`

const ID_CHUNK = 10_000

export class FindingsText {
  private readonly deleteIds: Database.Statement
  private readonly insertIds: Database.Statement
  private readonly deleteAll: Database.Statement
  private readonly insertAll: Database.Statement

  constructor(db: Database.Database) {
    this.deleteIds = db.prepare('DELETE FROM findings_text WHERE rowid IN (SELECT value FROM json_each(?))')
    this.insertIds = db.prepare(
      `INSERT INTO findings_text(rowid, text) SELECT s.event_id, ${TEXT_SQL} FROM scores s JOIN events e ON e.id = s.event_id
        WHERE s.event_id IN (SELECT value FROM json_each(?)) AND s.severity_rank >= 1`,
    )
    this.deleteAll = db.prepare("INSERT INTO findings_text(findings_text) VALUES ('delete-all')")
    this.insertAll = db.prepare(
      `INSERT INTO findings_text(rowid, text) SELECT s.event_id, ${TEXT_SQL} FROM scores s JOIN events e ON e.id = s.event_id WHERE s.severity_rank >= 1`,
    )
  }

  /** After the scores of these events were (re)written: their text in, or out below LOW. Call inside the write's transaction. */
  refresh(ids: ArrayLike<number>): void {
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = JSON.stringify(Array.from({ length: Math.min(ID_CHUNK, ids.length - i) }, (_, k) => ids[i + k]))
      this.deleteIds.run(chunk)
      this.insertIds.run(chunk)
    }
  }

  /** After every score was rewritten (a scan's analysis): rebuilt in two statements. */
  rebuild(): void {
    this.deleteAll.run()
    this.insertAll.run()
  }
}
