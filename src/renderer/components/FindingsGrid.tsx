/**
 * The findings grid: AG Grid (client-side row model, virtualised rows and columns), rows keyed by
 * finding id. Data arrives through the GridApi handed to `onReady` (transactions), not props, so
 * 100,000 rows never pass through React state.
 */
import type { GetRowIdParams, GridApi, GridReadyEvent, RowSelectionOptions } from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import { useCallback, useMemo } from 'react'
import type { Finding } from '../../shared/finding'
import { columnDefs, defaultColDef } from '../lib/columns'
import { gridTheme } from '../lib/gridTheme'

export interface FindingsGridProps {
  quickFilter: string
  loading: boolean
  onReady: (api: GridApi<Finding>) => void
  onSelect: (finding: Finding | null) => void
  /** After every model change (filter, sort, new rows): shown and loaded row counts. */
  onCounts: (api: GridApi<Finding>) => void
}

const getRowId = (p: GetRowIdParams<Finding>): string => String(p.data.id)

export function FindingsGrid({ quickFilter, loading, onReady, onSelect, onCounts }: FindingsGridProps) {
  const rowSelection = useMemo<RowSelectionOptions>(
    () => ({ mode: 'singleRow', checkboxes: false, enableClickSelection: true }),
    [],
  )
  const handleReady = useCallback((e: GridReadyEvent<Finding>) => onReady(e.api), [onReady])

  return (
    <div className="grid-host" data-testid="findings-grid" data-loading={loading}>
      <AgGridReact<Finding>
        theme={gridTheme}
        columnDefs={columnDefs}
        defaultColDef={defaultColDef}
        getRowId={getRowId}
        rowSelection={rowSelection}
        quickFilterText={quickFilter}
        animateRows={false}
        // Eleven columns: rendering them all is cheap and keeps every cell addressable.
        suppressColumnVirtualisation
        loading={loading}
        tooltipShowDelay={600}
        suppressCellFocus={false}
        onGridReady={handleReady}
        onSelectionChanged={(e) => onSelect(e.api.getSelectedRows()[0] ?? null)}
        onModelUpdated={(e) => onCounts(e.api)}
      />
    </div>
  )
}
