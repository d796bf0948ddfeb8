/**
 * The grid's part of the saved view (src/shared/uiState.ts): read from the grid's column state and
 * filter model when they change, and handed back to AG Grid as its `initialState` at start, so the
 * first page the grid asks for is already the restored one.
 */
import type { ColumnState, FilterModel, GridState } from 'ag-grid-community'
import { QUERY_COLUMNS, type QueryColumn, type UiState } from '../../shared/api'
import { gridFilterSchema, type GridFilter, type SavedColumn } from '../../shared/uiState'

/** Sort, column filters, column order and widths. */
export type GridView = Pick<UiState, 'sortModel' | 'filterModel' | 'columns'>

const isQueryColumn = (id: string): id is QueryColumn => (QUERY_COLUMNS as readonly string[]).includes(id)
const MAX_SORTED = 5
const clampWidth = (w: number): number => Math.min(5000, Math.max(10, Math.round(w)))

/** The view of the grid's current column state (in display order) and filter model. */
export function gridViewOf(columns: readonly ColumnState[], filterModel: FilterModel | null | undefined): GridView {
  const known = columns.filter((c) => isQueryColumn(c.colId))
  const sortModel = known
    .filter((c) => c.sort === 'asc' || c.sort === 'desc')
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .slice(0, MAX_SORTED)
    .map((c) => ({ colId: c.colId as QueryColumn, sort: c.sort as 'asc' | 'desc' }))
  const filters: Partial<Record<QueryColumn, GridFilter>> = {}
  for (const [colId, model] of Object.entries(filterModel ?? {})) {
    const parsed = gridFilterSchema.safeParse(model)
    if (isQueryColumn(colId) && parsed.success) filters[colId] = parsed.data
  }
  const saved: SavedColumn[] = known.map((c) => {
    // A flex column takes what is left of the window: its width is not the analyst's choice.
    const column: SavedColumn = c.flex || typeof c.width !== 'number' ? { colId: c.colId as QueryColumn } : { colId: c.colId as QueryColumn, width: clampWidth(c.width) }
    if (c.hide) column.hide = true
    return column
  })
  return { sortModel, filterModel: filters, columns: saved }
}

/** AG Grid's `initialState` for a saved view; parts never saved keep the column definitions' defaults. */
export function initialGridState(view: GridView): GridState {
  const state: GridState = {}
  if (view.sortModel) state.sort = { sortModel: view.sortModel.map((s) => ({ ...s })) }
  if (view.filterModel) state.filter = { filterModel: structuredClone(view.filterModel) as FilterModel }
  if (view.columns && view.columns.length > 0) {
    state.columnOrder = { orderedColIds: view.columns.map((c) => c.colId) }
    const hidden = view.columns.filter((c) => c.hide).map((c) => c.colId)
    if (hidden.length > 0) state.columnVisibility = { hiddenColIds: hidden }
    state.columnSizing = {
      columnSizingModel: view.columns.flatMap((c) => (c.width === undefined ? [] : [{ colId: c.colId, width: c.width }])),
    }
  }
  return state
}
