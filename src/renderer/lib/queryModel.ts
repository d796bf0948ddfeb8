/**
 * The grid's sort and filter models as the engine's query (`findings.query`, `export.csv`): column
 * ids checked against the API's whitelist, and the time column's date filter turned into an epoch
 * range of UTC days (the zone the grid shows every time in).
 */
import type { FilterModel, SortModelItem } from 'ag-grid-community'
import { QUERY_COLUMNS, type ColumnFilter, type FindingsFilter, type QueryColumn } from '../../shared/api'
import type { Severity } from '../../shared/finding'
import type { IncidentKey } from '../../shared/incident'

const DAY_MS = 86_400_000
const isQueryColumn = (id: string): id is QueryColumn => (QUERY_COLUMNS as readonly string[]).includes(id)

/** `2025-03-04 00:00:00` (AG Grid's date filter value) → that day's midnight in UTC (the zone the grid shows), in epoch ms. */
function utcDay(text: unknown): number | null {
  if (typeof text !== 'string') return null
  const m = /^(\d{4})-(\d\d)-(\d\d)/.exec(text)
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null
}

interface DateCondition {
  filterType: 'date'
  type: string
  dateFrom?: string | null
  dateTo?: string | null
}

function dateToNumber(c: DateCondition): ColumnFilter | null {
  if (c.type === 'blank' || c.type === 'notBlank') return { filterType: 'number', type: c.type }
  const from = utcDay(c.dateFrom)
  if (from === null) return null
  switch (c.type) {
    case 'equals':
      return { filterType: 'number', type: 'inRange', filter: from, filterTo: from + DAY_MS - 1 }
    case 'notEqual':
      // "Not that day": before it or after it.
      return {
        filterType: 'number',
        operator: 'OR',
        conditions: [
          { filterType: 'number', type: 'lessThan', filter: from },
          { filterType: 'number', type: 'greaterThanOrEqual', filter: from + DAY_MS },
        ],
      }
    case 'greaterThan':
      return { filterType: 'number', type: 'greaterThanOrEqual', filter: from + DAY_MS }
    case 'greaterThanOrEqual':
      return { filterType: 'number', type: 'greaterThanOrEqual', filter: from }
    case 'lessThan':
      return { filterType: 'number', type: 'lessThan', filter: from }
    case 'lessThanOrEqual':
      return { filterType: 'number', type: 'lessThan', filter: from + DAY_MS }
    case 'inRange': {
      const to = utcDay(c.dateTo)
      return to === null ? null : { filterType: 'number', type: 'inRange', filter: from, filterTo: to + DAY_MS - 1 }
    }
    default:
      return null
  }
}

function convert(model: unknown): ColumnFilter | null {
  if (typeof model !== 'object' || model === null) return null
  const m = model as { filterType?: string; operator?: 'AND' | 'OR'; conditions?: unknown[] }
  if (m.filterType === 'date') {
    if (m.conditions) {
      const parts = m.conditions.map(convert).filter((c): c is ColumnFilter => c !== null)
      // Each date condition may itself be a pair (notEqual); AND/OR of pairs flattens safely
      // only for single conditions, so keep the first when they do not all convert simply.
      const simple = parts.filter((p) => !('conditions' in p))
      if (simple.length === 0) return parts[0] ?? null
      return { filterType: 'number', operator: m.operator ?? 'AND', conditions: simple as never }
    }
    return dateToNumber(model as DateCondition)
  }
  return model as ColumnFilter
}

/**
 * The engine's filter for the grid's current models, quick filter and severity floor, and the
 * incident the lines are narrowed to (the key is left out when there is none).
 */
export function toFindingsFilter(
  sortModel: readonly SortModelItem[],
  filterModel: FilterModel | null | undefined,
  quickFilter: string,
  minSeverity: Severity,
  incident?: IncidentKey | null,
  /** The timeline's brush (epoch ms, `to` excluded); null: all time. */
  range?: { from: number; to: number } | null,
): FindingsFilter {
  const filters: Partial<Record<QueryColumn, ColumnFilter>> = {}
  for (const [colId, model] of Object.entries(filterModel ?? {})) {
    if (!isQueryColumn(colId)) continue
    const converted = convert(model)
    if (converted) filters[colId] = converted
  }
  const filter: FindingsFilter = {
    sortModel: sortModel.filter((s) => isQueryColumn(s.colId)).map((s) => ({ colId: s.colId as QueryColumn, sort: s.sort })),
    filterModel: filters,
    quickFilter: quickFilter.trim(),
    minSeverity,
  }
  if (incident) filter.incident = { episode: incident.episode }
  if (range) {
    filter.from = range.from
    filter.to = range.to
  }
  return filter
}
