/**
 * The findings grid: AG Grid's infinite row model over `findings.query`. The engine sorts, filters
 * and counts in SQL and the grid holds a few blocks of 100 rows, so a store of millions of events
 * scrolls with bounded memory. Rows are keyed by finding id, so a refresh (live findings, a new
 * summary) keeps the analyst's sort, filters, selection and scroll position.
 */
import type {
  CellPosition,
  ColumnMovedEvent,
  ColumnResizedEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  GridState,
  IDatasource,
  IGetRowsParams,
  NavigateToNextCellParams,
  RowSelectionOptions,
} from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Finding, Severity } from '../../shared/finding'
import type { IncidentKey } from '../../shared/incident'
import { columnDefs, defaultColDef } from '../lib/columns'
import { gridTheme } from '../lib/gridTheme'
import { toFindingsFilter } from '../lib/queryModel'
import { gridViewOf, initialGridState, type GridView } from '../lib/savedView'
import type { UiClient } from '../transport/types'
import type { Progress } from './SummaryBar'
import { GridOverlay, readingLogs } from './GridOverlay'

/** What the grid asks for besides its own sort and column filters. */
export interface GridQuery {
  /** Already debounced. */
  quickFilter: string
  minSeverity: Severity
  /** Only this incident's lines (the incidents view opened it); null: every line. */
  incident: IncidentKey | null
  /** The timeline's brush; null: all time. */
  range: { from: number; to: number } | null
}

export interface FindingsGridProps {
  client: UiClient
  query: GridQuery
  /** The quick filter is being typed (its debounce has not fired yet): the rows are about to change. */
  pending: boolean
  /** Scan progress, shown over an empty grid while a folder is read. */
  progress: Progress | null
  /** Sort, filters and columns to start with (the saved view); read once, when the grid is made. */
  initialView: GridView
  /** The finding to select once its row is loaded (the saved selection, an incident's strongest line); read once. */
  initialSelectedId: number | null
  /** The analyst changed the sort, a filter, or moved or resized a column. */
  onViewChange: (view: GridView) => void
  onReady: (api: GridApi<Finding>) => void
  /** The finding the detail panel shows: the row clicked, moved to with the keys, or the only one selected. */
  onSelect: (finding: Finding | null) => void
  /** Every selected row (Ctrl/Shift-click select several, for bulk triage). */
  onSelectedRows?: (findings: Finding[]) => void
  /** A right-click on a cell: its column and value, where (the pivot menu). */
  onCellMenu?: (colId: string, value: unknown, x: number, y: number) => void
  /** After every answered page: how many findings match. */
  onTotal: (total: number) => void
  onError: (message: string) => void
}

const BLOCK = 100
const getRowId = (p: GetRowIdParams<Finding>): string => String(p.data.id)

export function FindingsGrid(props: FindingsGridProps) {
  const { client, query, pending, progress, onReady, onSelect, onTotal, onError, onViewChange } = props
  const [api, setApi] = useState<GridApi<Finding> | null>(null)
  const [inFlight, setInFlight] = useState(0)
  const [total, setTotal] = useState<number | null>(null)
  // Each change of sort, filter or query is a generation; the grid is loading until a page of the
  // current one is answered. `answered` (the filter of that page) is in the DOM for tests and tools.
  const generation = useRef(0)
  const [current, setCurrent] = useState(0)
  const [answered, setAnswered] = useState<{ generation: number; filter: string } | null>(null)
  const nextGeneration = useCallback(() => setCurrent(++generation.current), [])
  // The datasource is made once; it reads the newest query and callbacks through refs.
  const queryRef = useRef(query)
  const callbacks = useRef({ onTotal, onError })
  useEffect(() => {
    callbacks.current = { onTotal, onError }
  }, [onTotal, onError])
  // AG Grid reads its initial state once; so are the saved view and selection.
  const [initialState] = useState<GridState>(() => initialGridState(props.initialView))
  const toSelect = useRef(props.initialSelectedId)
  const apiRef = useRef<GridApi<Finding> | null>(null)

  const rowSelection = useMemo<RowSelectionOptions>(
    // A click selects one row, Ctrl/⌘-click adds or removes one, Shift-click a range (bulk triage).
    () => ({ mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true }),
    [],
  )

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(params: IGetRowsParams<Finding>) {
        const { quickFilter, minSeverity, incident, range } = queryRef.current
        const filter = toFindingsFilter(params.sortModel, params.filterModel, quickFilter, minSeverity, incident, range)
        const mine = generation.current
        setInFlight((n) => n + 1)
        client
          .call('findings.query', { ...filter, startRow: params.startRow, endRow: params.endRow })
          .then(
            (page) => {
              params.successCallback(page.rows, page.total)
              selectRestored(apiRef.current, toSelect)
              if (mine !== generation.current) return
              setTotal(page.total)
              setAnswered({ generation: mine, filter: JSON.stringify(filter) })
              callbacks.current.onTotal(page.total)
            },
            (e: unknown) => {
              params.failCallback()
              callbacks.current.onError(e instanceof Error ? e.message : String(e))
            },
          )
          .finally(() => setInFlight((n) => n - 1))
      },
    }),
    [client],
  )

  // A new quick filter, severity floor or incident: drop the cached blocks and start again at the top.
  useEffect(() => {
    if (queryRef.current === query) return
    queryRef.current = query
    if (!api) return
    nextGeneration()
    api.purgeInfiniteCache()
    api.ensureIndexVisible(0, 'top')
  }, [api, query, nextGeneration])

  const handleReady = useCallback(
    (e: GridReadyEvent<Finding>) => {
      apiRef.current = e.api
      setApi(e.api)
      onReady(e.api)
    },
    [onReady],
  )

  const viewChanged = useCallback(
    (gridApi: GridApi<Finding>) => onViewChange(gridViewOf(gridApi.getColumnState(), gridApi.getFilterModel())),
    [onViewChange],
  )
  // Only a finished drag counts; the grid's own sizing (flex, a new window width) is not the analyst's.
  const columnsChanged = useCallback(
    (e: ColumnMovedEvent<Finding> | ColumnResizedEvent<Finding>) => {
      // The column chooser moves columns through the API: that is the analyst's choice too.
      if (e.finished && (e.source.startsWith('ui') || (e.type === 'columnMoved' && e.source === 'api'))) viewChanged(e.api)
    },
    [viewChanged],
  )

  const loading = pending || answered?.generation !== current || inFlight > 0
  const scanning = progress !== null && progress.phase !== 'done'
  const overlay =
    total === 0 && scanning
      ? readingLogs(progress)
      : total === 0 && !loading
        ? 'No findings match. Lower the severity floor or clear the filters.'
        : null

  return (
    <div className="grid-host" data-testid="findings-grid" data-loading={loading} data-query={answered?.filter ?? ''}>
      <AgGridReact<Finding>
        theme={gridTheme}
        columnDefs={columnDefs}
        defaultColDef={defaultColDef}
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={BLOCK}
        // About 2,000 rows in the browser at most, however big the store.
        maxBlocksInCache={20}
        maxConcurrentDatasourceRequests={2}
        blockLoadDebounceMillis={40}
        getRowId={getRowId}
        // The analyst's colour tints the row.
        getRowClass={(p) => (p.data?.color ? `row-color-${p.data.color}` : undefined)}
        rowSelection={rowSelection}
        animateRows={false}
        // Sixteen columns: rendering them all is cheap and keeps every cell addressable.
        suppressColumnVirtualisation
        tooltipShowDelay={600}
        // A tooltip never outstays the pointer for long (AG Grid keeps one up 10 s by default).
        tooltipHideDelay={4000}
        initialState={initialState}
        onGridReady={handleReady}
        onSelectionChanged={(e) => {
          toSelect.current = null
          const rows = e.api.getSelectedRows()
          props.onSelectedRows?.(rows)
          if (rows.length <= 1) onSelect(rows[0] ?? null)
        }}
        onRowClicked={(e) => {
          // Of several selected rows, the panel shows the one clicked last.
          if (e.data && e.node.isSelected()) onSelect(e.data)
        }}
        // Arrows move the selection (so the detail panel follows), as in Timeline Explorer.
        navigateToNextCell={followSelection}
        preventDefaultOnContextMenu={props.onCellMenu !== undefined}
        onCellContextMenu={(e) => {
          const m = e.event as MouseEvent | null | undefined
          if (m && e.column) props.onCellMenu?.(e.column.getColId(), e.value, m.clientX, m.clientY)
        }}
        onCellKeyDown={(e) => {
          // Enter opens the row in the detail panel (after Esc closed it).
          if ((e.event as KeyboardEvent | null | undefined)?.key === 'Enter' && e.data && e.node) {
            e.node.setSelected(true, true)
            onSelect(e.data)
          }
        }}
        onSortChanged={(e) => {
          nextGeneration()
          viewChanged(e.api)
        }}
        onFilterChanged={(e) => {
          nextGeneration()
          viewChanged(e.api)
        }}
        onColumnMoved={columnsChanged}
        onColumnVisible={(e) => viewChanged(e.api)}
        // A header dragged out of the grid (to the group panel) stays shown.
        suppressDragLeaveHidesColumns
        onColumnResized={columnsChanged}
      />
      <GridOverlay message={overlay} scanning={scanning} />
    </div>
  )
}

/** Up and Down select the row they move to (alone); other keys move the focus only. */
function followSelection(p: NavigateToNextCellParams<Finding>): CellPosition | null {
  const next = p.nextCellPosition
  if (next && (p.key === 'ArrowUp' || p.key === 'ArrowDown')) p.api.getDisplayedRowAtIndex(next.rowIndex)?.setSelected(true, true)
  return next
}

/**
 * Selects the saved finding if the first page answered holds its row, then forgets it (the detail
 * panel shows it either way; a row further down is not scrolled to).
 */
function selectRestored(api: GridApi<Finding> | null, toSelect: { current: number | null }): void {
  const id = toSelect.current
  if (api === null || id === null) return
  toSelect.current = null
  api.getRowNode(String(id))?.setSelected(true)
}
