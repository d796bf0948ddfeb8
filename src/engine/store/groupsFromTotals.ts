/**
 * The group panel's counts when the grid's filter is only a severity floor (the common case, and
 * the one where a GROUP BY must read every finding, or every event): from running totals. The
 * severity and threat type from the pictures' rollups (rollups.ts), the status from the triage
 * table, host, user and address from LOW up from rollup_facets, and every other column and floor
 * (the NONE floor; event kind and file at any floor) from rollup_groups (groupTotals.ts, filled per
 * column when first asked after a scan). The biggest groups are a walk of the totals' index, so
 * an answer takes milliseconds whatever the number of values (at 10,000,000 events the GROUP BY
 * took seconds; figures in the store README). test/engine/store/groupsFromTotals.test.ts checks
 * that they equal the GROUP BY for every column and floor.
 *
 * Null when the totals cannot answer (another filter; mid bulk load; at the NONE floor while
 * some stored event is not scored yet): the caller runs the GROUP BY.
 */
import type Database from 'better-sqlite3'
import type { FindingsFilter } from '../../shared/api'
import { SEVERITIES } from '../../shared/finding'
import type { FindingsGroup, FindingsGroups, GroupColumn } from '../../shared/groups'
import { buildWhere } from './findingsQuery'
import { GROUP_TOTAL_COLUMNS, everyEventScored, fillColumn, filledColumns, keptByFacets, type GroupTotalColumn } from './groupTotals'
import { rollupsStale } from './rollupDeltas'
import type { StatementCache } from './statementCache'

type Row = { value: string | null; n: number }

export function groupsFromTotals(
  db: Database.Database,
  statements: StatementCache,
  filter: FindingsFilter,
  column: GroupColumn,
  limit: number,
): FindingsGroups | null {
  // The group column's own filter is left out (opening a group keeps the list whole), as in the GROUP BY.
  const otherFilters = Object.fromEntries(Object.entries(filter.filterModel ?? {}).filter(([col]) => col !== column))
  if (buildWhere({ ...filter, sortModel: [], minSeverity: 'NONE', filterModel: otherFilters }).where !== '') return null
  // Mid bulk load the totals do not count what it wrote yet.
  if (rollupsStale(db)) return null
  const floor = SEVERITIES.indexOf(filter.minSeverity ?? 'LOW')
  const all = (sql: string, ...params: unknown[]): Row[] => statements.get(sql).all(...params) as Row[]
  const total = (statements.get('SELECT COALESCE(SUM(n), 0) AS n FROM rollup_hours WHERE rank >= ?').get(floor) as { n: number }).n
  if (column === 'severity') {
    const rows = all('SELECT rank AS value, SUM(n) AS n FROM rollup_hours WHERE rank >= ? GROUP BY rank HAVING SUM(n) > 0', floor)
    return listed(column, rows.map((r) => ({ value: SEVERITIES[Number(r.value)], n: r.n })), total, limit)
  }
  if (column === 'threat_type') {
    return listed(column, all('SELECT threat_type AS value, SUM(n) AS n FROM rollup_scores WHERE rank >= ? GROUP BY 1 HAVING SUM(n) > 0', floor), total, limit)
  }
  if (column === 'status') {
    // Few lines are triaged: count those; every other line is new.
    const triaged = all(
      `SELECT t.status AS value, COUNT(*) AS n FROM triage t JOIN events e ON e.event_key = t.event_key JOIN scores s ON s.event_id = e.id
        WHERE s.severity_rank >= ? AND t.status <> 'new' GROUP BY 1`,
      floor,
    )
    return listed(column, [...triaged, { value: 'new', n: total - triaged.reduce((sum, r) => sum + r.n, 0) }], total, limit)
  }
  // host, user, address, event kind, file: a walk of the biggest groups in the totals' index.
  const table = keptByFacets(column, floor)
    ? { name: 'rollup_facets', key: 'facet' }
    : ensureFilled(db, column)
      ? { name: 'rollup_groups', key: 'col' }
      : null
  if (table === null) return null
  const where = `FROM ${table.name} WHERE ${table.key} = ? AND rank = ? AND n > 0`
  const named = statements.get(`SELECT COUNT(*) AS groups, COALESCE(SUM(n), 0) AS n ${where}`).get(column, floor) as { groups: number; n: number }
  const top = all(`SELECT value, n ${where} ORDER BY n DESC, value LIMIT ?`, column, floor, limit)
  // The totals keep no empty values: the lines without one are the rest of the total, listed after
  // the values of the same count (as the GROUP BY orders them).
  const blank = total - named.n
  if (blank <= 0) return { column, groups: top.map((r) => ({ value: r.value, count: r.n })), groupCount: named.groups, total }
  const at = top.findIndex((r) => r.n < blank)
  const groups = [...top.map((r) => ({ value: r.value as string | null, count: r.n }))]
  groups.splice(at === -1 ? groups.length : at, 0, { value: null, count: blank })
  return { column, groups: groups.slice(0, limit), groupCount: named.groups + 1, total }
}

/**
 * Whether rollup_groups holds `column` whole, filling it first when it does not (once after a
 * scan). Its NONE floor is counted from the events table, so only when every event is scored (a
 * live batch stored and not yet scored would otherwise be counted): else false, and the GROUP BY answers.
 */
function ensureFilled(db: Database.Database, column: GroupColumn): boolean {
  if (!Object.hasOwn(GROUP_TOTAL_COLUMNS, column)) return false
  if (filledColumns(db).has(column)) return true
  if (!everyEventScored(db)) return false
  fillColumn(db, column as GroupTotalColumn)
  return true
}

/** Groups from counted rows (few: severities, threat types, statuses), biggest first, empty values as none. */
function listed(column: GroupColumn, rows: Row[], total: number, limit: number): FindingsGroups {
  const groups = new Map<string | null, number>()
  for (const r of rows) {
    const value = r.value === null || r.value === '' ? null : String(r.value)
    groups.set(value, (groups.get(value) ?? 0) + r.n)
  }
  const list: FindingsGroup[] = [...groups].map(([value, count]) => ({ value, count })).filter((g) => g.count > 0)
  list.sort((a, b) => b.count - a.count || (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || byBytes(a.value, b.value))
  return { column, groups: list.slice(0, limit), groupCount: list.length, total }
}

/** SQLite's order of text (its bytes), which the GROUP BY's ORDER BY gives. */
function byBytes(a: string | null, b: string | null): number {
  return Buffer.compare(Buffer.from(a ?? ''), Buffer.from(b ?? ''))
}
