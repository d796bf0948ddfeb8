/**
 * Prepared statements by SQL text, for queries built from a filter: one statement per filter
 * shape, kept prepared; the cache starts over past `limit` shapes.
 */
import type Database from 'better-sqlite3'

export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>()

  constructor(
    private readonly db: Database.Database,
    private readonly limit: number,
  ) {}

  get(sql: string): Database.Statement {
    let st = this.statements.get(sql)
    if (!st) {
      if (this.statements.size > this.limit) this.statements.clear()
      st = this.db.prepare(sql)
      this.statements.set(sql, st)
    }
    return st
  }
}
