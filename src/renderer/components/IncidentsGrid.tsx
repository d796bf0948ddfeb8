/**
 * The incidents grid: one row per detected episode (all of them in the browser, 2,000 at most;
 * AG Grid sorts them). A click on a row opens its lines; the checkboxes select incidents for the
 * triage bar. Rows are keyed by incident, so a reload keeps sort, selection and scroll position.
 */
import type { CellClickedEvent, CellKeyDownEvent, GetRowIdParams, GridApi, RowClassRules, RowSelectionOptions } from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import { useMemo } from 'react'
import type { Incident, IncidentKey } from '../../shared/incident'
import { gridTheme } from '../lib/gridTheme'
import { incidentColumnDefs, incidentDefaultColDef } from '../lib/incidentColumns'
import { incidentRowId, sameIncident } from '../lib/incidents'
import type { Progress } from './SummaryBar'
import { GridOverlay, readingLogs } from './GridOverlay'

export interface IncidentsGridProps {
  incidents: Incident[] | null
  /** The incident the lines view is narrowed to: its row is marked. */
  current: IncidentKey | null
  loading: boolean
  /** Scan progress, shown over an empty list while a folder is read. */
  progress: Progress | null
  /** JSON of the filter the rows answer (in the DOM for tests and tools). */
  answered: string
  onOpen: (incident: Incident) => void
  onSelect: (incidents: Incident[]) => void
  onReady: (api: GridApi<Incident>) => void
  /** A right-click on a cell: its column and incident, where (the pivot menu). */
  onCellMenu?: (colId: string, incident: Incident, x: number, y: number) => void
}

const getRowId = (p: GetRowIdParams<Incident>): string => incidentRowId(p.data)
const SELECTION_COLUMN = 'ag-Grid-SelectionColumn'

export function IncidentsGrid({ incidents, current, loading, progress, answered, onOpen, onSelect, onReady, onCellMenu }: IncidentsGridProps) {
  const rowSelection = useMemo<RowSelectionOptions>(
    // Checkboxes select (for triage); a click elsewhere on the row opens the incident's lines.
    () => ({ mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false }),
    [],
  )
  const rowClassRules = useMemo<RowClassRules<Incident>>(() => ({ 'incident-current': (p) => sameIncident(p.data, current) }), [current])
  const selectionColumnDef = useMemo(() => ({ width: 40, minWidth: 40, maxWidth: 40 }), [])

  const open = (e: CellClickedEvent<Incident> | CellKeyDownEvent<Incident>): void => {
    if (e.data && e.column.getColId() !== SELECTION_COLUMN) onOpen(e.data)
  }

  const empty = incidents !== null && incidents.length === 0
  const scanning = progress !== null && progress.phase !== 'done'
  const overlay =
    empty && scanning
      ? readingLogs(progress)
      : empty && !loading
        ? 'No incidents match. Lower the severity floor or clear the filters.'
        : null

  return (
    <div className="grid-host incidents-grid" data-testid="incidents-grid" data-loading={loading} data-query={answered}>
      <AgGridReact<Incident>
        theme={gridTheme}
        columnDefs={incidentColumnDefs}
        defaultColDef={incidentDefaultColDef}
        rowData={incidents ?? undefined}
        getRowId={getRowId}
        rowSelection={rowSelection}
        selectionColumnDef={selectionColumnDef}
        animateRows={false}
        suppressColumnVirtualisation
        tooltipShowDelay={600}
        // A tooltip never outstays the pointer for long (AG Grid keeps one up 10 s by default).
        tooltipHideDelay={4000}
        rowClass="incident-row"
        rowClassRules={rowClassRules}
        suppressOverlays={['noRows']}
        onGridReady={(e) => onReady(e.api)}
        onSelectionChanged={(e) => onSelect(e.api.getSelectedRows())}
        onCellClicked={open}
        preventDefaultOnContextMenu={onCellMenu !== undefined}
        onCellContextMenu={(e) => {
          const m = e.event as MouseEvent | null | undefined
          if (m && e.data && e.column) onCellMenu?.(e.column.getColId(), e.data, m.clientX, m.clientY)
        }}
        onCellKeyDown={(e) => {
          if ('column' in e && (e.event as KeyboardEvent | null | undefined)?.key === 'Enter') open(e)
        }}
      />
      <GridOverlay message={overlay} scanning={scanning} />
    </div>
  )
}
