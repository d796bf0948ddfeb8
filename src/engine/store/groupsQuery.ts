/**
 * The lines grid's group-by in SQL: the findings the filter selects, counted per value of one
 * column, biggest groups first, in one statement (one GROUP BY, window sums for the totals); a
 * filter that is only a severity floor is answered from the running totals (groupsFromTotals.ts).
 * The group column's own filter is left out, so opening a group (a filter on that column) keeps
 * the list of groups whole.
 */
import type Database from 'better-sqlite3'
import type { FindingsFilter } from '../../shared/api'
import { MAX_GROUPS, type FindingsGroups, type GroupColumn } from '../../shared/groups'
import { buildWhere, columnSql, fromFor, registerSearchFunctions } from './findingsQuery'
import type { Store } from './Store'
import { groupsFromTotals } from './groupsFromTotals'
import { StatementCache } from './statementCache'

interface Row {
  value: string | null
  n: number
  group_count: number
  total: number
}

/** Answers kept (per filter and column) until the store changes. */
const CACHE_SIZE = 16

export class GroupsQuery {
  private readonly statements: StatementCache
  private readonly version: Database.Statement
  private readonly cache = new Map<string, FindingsGroups>()

  /** `syncText` brings the quick filter's index up to date (Store.syncFindingsText). */
  constructor(
    private readonly db: Database.Database,
    private readonly syncText: () => void = () => undefined,
    /** Answer a floor-only filter from the running totals (groupsFromTotals.ts); off: always the GROUP BY. */
    private readonly useTotals = true,
    /** Refills the totals a bulk load left pending (Store.ensureRollups). */
    private readonly ensureTotals: () => void = () => undefined,
  ) {
    this.statements = new StatementCache(db, 50)
    this.version = db.prepare('SELECT total_changes() AS changes')
    registerSearchFunctions(db)
  }

  groups(filter: FindingsFilter, column: GroupColumn, limit = MAX_GROUPS): FindingsGroups {
    if (filter.quickFilter?.trim()) this.syncText()
    if (this.useTotals) this.ensureTotals()
    // Every event grouped from the events table still reads them all: kept like a GROUP BY's answer.
    const totalsKey = `${this.dataVersion()}|totals|${column}|${JSON.stringify(filter)}|${limit}`
    const kept = this.useTotals ? this.cache.get(totalsKey) : undefined
    if (kept) return kept
    const fromTotals = this.useTotals ? groupsFromTotals(this.db, this.statements, filter, column, limit) : null
    if (fromTotals) return this.keep(totalsKey, fromTotals)
    const otherFilters = Object.fromEntries(Object.entries(filter.filterModel ?? {}).filter(([col]) => col !== column))
    const built = buildWhere({ ...filter, sortModel: [], filterModel: otherFilters })
    const col = columnSql(column)
    for (const t of col.needs) built.needs.add(t)
    // Severity groups as its rank orders it; status as shown ('new' when never triaged).
    const sql = `SELECT value, n, COUNT(*) OVER () AS group_count, SUM(n) OVER () AS total FROM (
        SELECT NULLIF(${col.expr}, '') AS value, COUNT(*) AS n FROM ${fromFor(built.needs)} ${built.where} GROUP BY 1
      ) ORDER BY n DESC, value IS NULL, value LIMIT ?`
    // A GROUP BY reads every matching finding (half a million at 10,000,000 events): the answer is
    // kept until the store changes, so reopening the panel or a group costs nothing.
    const key = `${this.dataVersion()}|${sql}|${JSON.stringify(built.params)}|${limit}`
    const cached = this.cache.get(key)
    if (cached) return cached
    const rows = this.statements.get(sql).all(...built.params, limit) as Row[]
    const answer: FindingsGroups = {
      column,
      groups: rows.map((r) => ({ value: r.value === null ? null : String(r.value), count: r.n })),
      groupCount: rows[0]?.group_count ?? 0,
      total: rows[0]?.total ?? 0,
    }
    return this.keep(key, answer)
  }

  private keep(key: string, answer: FindingsGroups): FindingsGroups {
    if (this.cache.size >= CACHE_SIZE) this.cache.clear()
    this.cache.set(key, answer)
    return answer
  }

  private dataVersion(): string {
    const changes = (this.version.get() as { changes: number }).changes
    return `${changes}:${this.db.pragma('data_version', { simple: true }) as number}`
  }
}

/** The query over a Store's own connection (as findingsQueryOf). */
export function groupsQueryOf(store: Store): GroupsQuery {
  return new GroupsQuery(store.connection, () => store.syncFindingsText(), true, () => store.ensureRollups())
}
