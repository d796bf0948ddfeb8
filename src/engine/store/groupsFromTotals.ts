/**
 * The group panel's counts when the grid's filter is only a severity floor (the common case, and
 * the one where a GROUP BY must read every finding): from the running totals (rollups.ts), or, for
 * every event (the NONE floor), from the events table alone through its column indexes. The GROUP
 * BY joins each finding to its event: at 1,000,000 events every event grouped by user took 16 s,
 * the findings (LOW and above) 0.1–0.2 s (load 21); these answers take milliseconds, and stay so
 * at 10,000,000 events (test/engine/store/groupsFromTotals.test.ts checks they equal the GROUP BY).
 *
 * Null when the totals cannot answer (another filter, or a column they do not keep above the NONE
 * floor: the event kind, the source file): the caller runs the GROUP BY.
 */
import type { FindingsFilter } from '../../shared/api'
import { SEVERITIES } from '../../shared/finding'
import type { FindingsGroup, FindingsGroups, GroupColumn } from '../../shared/groups'
import { buildWhere } from './findingsQuery'
import type { StatementCache } from './statementCache'

/** Facets rollup_facets keeps per value (findings, LOW and above). */
const FACETS: Partial<Record<GroupColumn, string>> = { host: 'host', user: 'user', src_ip: 'src_ip' }
/** Events columns counted straight from the events table at the NONE floor (host, user, address are indexed). */
const EVENT_COLUMNS: Partial<Record<GroupColumn, string>> = { host: 'host', user: '"user"', src_ip: 'src_ip', event: 'event', source: 'source_file' }

type Row = { value: string | null; n: number }

export function groupsFromTotals(
  statements: StatementCache,
  filter: FindingsFilter,
  column: GroupColumn,
  limit: number,
): FindingsGroups | null {
  // The group column's own filter is left out (opening a group keeps the list whole), as in the GROUP BY.
  const otherFilters = Object.fromEntries(Object.entries(filter.filterModel ?? {}).filter(([col]) => col !== column))
  if (buildWhere({ ...filter, sortModel: [], minSeverity: 'NONE', filterModel: otherFilters }).where !== '') return null
  const floor = SEVERITIES.indexOf(filter.minSeverity ?? 'LOW')
  const all = (sql: string, ...params: unknown[]): Row[] => statements.get(sql).all(...params) as Row[]
  const total = (statements.get('SELECT COALESCE(SUM(n), 0) AS n FROM rollup_hours WHERE rank >= ?').get(floor) as { n: number }).n
  let rows: Row[]
  if (column === 'severity') {
    rows = all('SELECT rank AS value, SUM(n) AS n FROM rollup_hours WHERE rank >= ? GROUP BY rank HAVING SUM(n) > 0', floor).map((r) => ({
      value: SEVERITIES[Number(r.value)],
      n: r.n,
    }))
  } else if (column === 'threat_type') {
    rows = all('SELECT threat_type AS value, SUM(n) AS n FROM rollup_scores WHERE rank >= ? GROUP BY 1 HAVING SUM(n) > 0', floor)
  } else if (column === 'status') {
    // Few lines are triaged: count those; every other line is new.
    const triaged = all(
      `SELECT t.status AS value, COUNT(*) AS n FROM triage t JOIN events e ON e.event_key = t.event_key JOIN scores s ON s.event_id = e.id
        WHERE s.severity_rank >= ? AND t.status <> 'new' GROUP BY 1`,
      floor,
    )
    rows = [...triaged, { value: 'new', n: total - triaged.reduce((sum, r) => sum + r.n, 0) }]
  } else if (floor >= 1 && FACETS[column]) {
    // Cumulative: a row at `rank` counts the findings at or above it.
    rows = all('SELECT value, n FROM rollup_facets WHERE facet = ? AND rank = ? AND n > 0', FACETS[column], floor)
  } else if (floor === 0 && EVENT_COLUMNS[column]) {
    // Every scored event: the events table alone, when every event has its score (a live batch
    // stored and not yet scored would otherwise be counted).
    const events = (statements.get('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n
    if (events !== total) return null
    rows = all(`SELECT ${EVENT_COLUMNS[column]} AS value, COUNT(*) AS n FROM events GROUP BY 1`)
  } else {
    return null
  }
  // The rollups and the GROUP BY both count an empty value as none.
  const groups = new Map<string | null, number>()
  let named = 0
  for (const r of rows) {
    const value = r.value === null || r.value === '' ? null : String(r.value)
    groups.set(value, (groups.get(value) ?? 0) + r.n)
    named += r.n
  }
  // The facet totals keep no empty values: the findings without one are the rest of the total.
  if (floor >= 1 && FACETS[column] && total > named) groups.set(null, total - named)
  const list: FindingsGroup[] = [...groups].map(([value, count]) => ({ value, count })).filter((g) => g.count > 0)
  list.sort((a, b) => b.count - a.count || (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || byBytes(a.value, b.value))
  return { column, groups: list.slice(0, limit), groupCount: list.length, total }
}

/** SQLite's order of text (its bytes), which the GROUP BY's ORDER BY gives. */
function byBytes(a: string | null, b: string | null): number {
  return Buffer.compare(Buffer.from(a ?? ''), Buffer.from(b ?? ''))
}
