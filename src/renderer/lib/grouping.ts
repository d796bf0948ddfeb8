/**
 * Opening a group is a column filter on the lines grid: `equals` the value (the engine's exact
 * match), `blank` for lines without one; the open group is read back from the filter model.
 */
import type { FilterModel, GridApi } from 'ag-grid-community'
import type { Finding } from '../../shared/finding'
import type { GroupColumn } from '../../shared/groups'
import type { OpenGroup } from '../components/GroupsList'

/** The open group, as the grid's filter on the group column says. */
export function openGroupOf(filterModel: FilterModel | undefined, column: GroupColumn): OpenGroup {
  const f = filterModel?.[column] as { filterType?: string; type?: string; filter?: unknown } | undefined
  if (!f || f.filterType !== 'text') return null
  if (f.type === 'blank') return { value: null }
  if (f.type === 'equals' && typeof f.filter === 'string') return { value: f.filter }
  return null
}

/** Filters the grid to a group (null: every line). */
export function openGroup(api: GridApi<Finding>, column: GroupColumn, group: OpenGroup): void {
  const model = group === null ? null : group.value === null ? { filterType: 'text', type: 'blank' } : { filterType: 'text', type: 'equals', filter: group.value }
  void api.setColumnFilterModel(column, model).then(() => api.onFilterChanged())
}
