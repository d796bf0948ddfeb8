import type { ColumnState } from 'ag-grid-community'
import { describe, expect, it } from 'vitest'
import { gridViewOf, initialGridState } from '../../../src/renderer/lib/savedView'
import { uiStateSchema } from '../../../src/shared/uiState'

const col = (colId: string, over: Partial<ColumnState> = {}): ColumnState => ({ colId, width: 100, sort: null, sortIndex: null, flex: null, ...over })

describe('the saved grid view', () => {
  it('reads sort (by sort index), filters and columns in display order from the grid', () => {
    const view = gridViewOf(
      [
        col('host', { width: 90.4 }),
        col('time', { sort: 'asc', sortIndex: 1 }),
        col('score', { sort: 'desc', sortIndex: 0, width: 74 }),
        col('why', { flex: 1, width: 612 }),
        col('user', { hide: true, width: 92 }),
        col('ag-Grid-SelectionColumn'),
      ],
      {
        host: { filterType: 'text', type: 'contains', filter: 'web' },
        time: { filterType: 'date', type: 'equals', dateFrom: '2025-03-01 00:00:00', dateTo: null },
        bogus: { filterType: 'text', type: 'contains', filter: 'x' },
        user: { filterType: 'agMultiColumnFilter', filterModels: [] },
      },
    )
    expect(view).toEqual({
      sortModel: [
        { colId: 'score', sort: 'desc' },
        { colId: 'time', sort: 'asc' },
      ],
      filterModel: {
        host: { filterType: 'text', type: 'contains', filter: 'web' },
        time: { filterType: 'date', type: 'equals', dateFrom: '2025-03-01 00:00:00', dateTo: null },
      },
      columns: [{ colId: 'host', width: 90 }, { colId: 'time', width: 100 }, { colId: 'score', width: 74 }, { colId: 'why' }, { colId: 'user', width: 92, hide: true }],
    })
    expect(uiStateSchema.safeParse(view).success).toBe(true)
  })

  it('gives AG Grid back what it saved, and nothing for what was never saved', () => {
    const view = gridViewOf([col('time', { sort: 'asc', sortIndex: 0 }), col('why', { flex: 1 }), col('host', { hide: true })], { host: { filterType: 'text', type: 'equals', filter: 'db-01' } })
    expect(initialGridState(view)).toEqual({
      sort: { sortModel: [{ colId: 'time', sort: 'asc' }] },
      filter: { filterModel: { host: { filterType: 'text', type: 'equals', filter: 'db-01' } } },
      columnOrder: { orderedColIds: ['time', 'why', 'host'] },
      columnVisibility: { hiddenColIds: ['host'] },
      columnSizing: { columnSizingModel: [{ colId: 'time', width: 100 }, { colId: 'host', width: 100 }] },
    })
    expect(initialGridState({})).toEqual({})
    // No sort at all is a choice too: it is restored as such, not as the default sort.
    expect(initialGridState({ sortModel: [] })).toEqual({ sort: { sortModel: [] } })
  })
})
