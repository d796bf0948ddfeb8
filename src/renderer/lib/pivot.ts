/**
 * Pivots from a user, source IP or host (grid cell, detail panel, incident): every event of it in
 * time order, its findings, or that value added to (or excluded from) the current filter. Each is
 * a new grid filter model (AG Grid's text filter on the column) plus what else the view changes.
 */
import type { FilterModel } from 'ag-grid-community'
import type { Severity } from '../../shared/finding'

export const PIVOT_FIELDS = ['user', 'src_ip', 'host'] as const
export type PivotField = (typeof PIVOT_FIELDS)[number]
export const PIVOT_ACTIONS = ['events', 'findings', 'filter', 'exclude'] as const
export type PivotAction = (typeof PIVOT_ACTIONS)[number]

export const PIVOT_LABEL: Record<PivotAction, [label: string, title: string]> = {
  events: ['All events', 'Every event of it, unflagged ones (NONE) included, oldest first'],
  findings: ['Findings', 'Its findings (LOW and above), strongest first'],
  filter: ['+ Filter', 'Add it to the current filter'],
  exclude: ['− Exclude', 'Leave it out of the current filter'],
}

export interface Pivot {
  filterModel: FilterModel
  /** The floor the view switches to; undefined: kept. */
  minSeverity?: Severity
  /** Sort by time, oldest first (every event); by score (findings); undefined: kept. */
  sort?: 'time' | 'score'
  /** The quick filter, incident and time range are dropped (a fresh look at the value). */
  fresh: boolean
}

export function pivotOf(current: FilterModel | null | undefined, field: PivotField, value: string, action: PivotAction): Pivot {
  const equals = { filterType: 'text', type: 'equals', filter: value }
  switch (action) {
    case 'events':
      return { filterModel: { [field]: equals }, minSeverity: 'NONE', sort: 'time', fresh: true }
    case 'findings':
      return { filterModel: { [field]: equals }, minSeverity: 'LOW', sort: 'score', fresh: true }
    case 'filter':
      return { filterModel: { ...(current ?? {}), [field]: equals }, fresh: false }
    case 'exclude':
      return { filterModel: { ...(current ?? {}), [field]: { filterType: 'text', type: 'notEqual', filter: value } }, fresh: false }
    default: {
      const never: never = action
      throw new Error(`unknown pivot ${String(never)}`)
    }
  }
}
