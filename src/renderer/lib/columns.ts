/** The findings grid's columns: every one sortable and filterable (floating filters). */
import type { ColDef, ValueFormatterParams } from 'ag-grid-community'
import { severityRank, type Finding, type Severity } from '../../shared/finding'
import { ScoreCell, SeverityCell, StatusCell } from '../components/cells'
import { formatIsoUtc, formatLocalTime, formatScore, humanize } from './format'

/** Date filter on epoch ms: compares the calendar day in local time. */
function compareDay(filterLocalDateAtMidnight: Date, cellValue: number | null): number {
  if (cellValue === null || cellValue === undefined) return -1
  const d = new Date(cellValue)
  const day = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
  const wanted = filterLocalDateAtMidnight.getTime()
  return day === wanted ? 0 : day < wanted ? -1 : 1
}

const text = (p: ValueFormatterParams<Finding, string | null>): string => p.value ?? ''

export const defaultColDef: ColDef<Finding> = {
  sortable: true,
  filter: 'agTextColumnFilter',
  floatingFilter: true,
  resizable: true,
  suppressHeaderMenuButton: true,
  minWidth: 70,
}

export const columnDefs: ColDef<Finding>[] = [
  {
    colId: 'time',
    headerName: 'Time',
    field: 'ts',
    cellDataType: false,
    valueFormatter: (p) => formatLocalTime(p.value),
    tooltipValueGetter: (p) => `${formatIsoUtc(p.value)} (UTC)`,
    getQuickFilterText: (p) => formatLocalTime(p.value),
    filter: 'agDateColumnFilter',
    filterParams: { comparator: compareDay },
    width: 152,
    cellClass: 'mono',
  },
  { colId: 'host', headerName: 'Host', field: 'host', width: 100 },
  { colId: 'user', headerName: 'User', field: 'user', valueFormatter: text, width: 120 },
  { colId: 'src_ip', headerName: 'Source IP', field: 'src_ip', valueFormatter: text, width: 120, cellClass: 'mono' },
  { colId: 'event', headerName: 'Event', field: 'event', width: 125 },
  {
    colId: 'score',
    headerName: 'Score',
    field: 'score',
    cellDataType: false,
    cellRenderer: ScoreCell,
    valueFormatter: (p) => formatScore(p.value),
    getQuickFilterText: (p) => formatScore(p.value),
    filter: 'agNumberColumnFilter',
    sort: 'desc',
    sortingOrder: ['desc', 'asc'],
    width: 82,
  },
  {
    colId: 'severity',
    headerName: 'Severity',
    field: 'severity',
    cellRenderer: SeverityCell,
    comparator: (a: Severity, b: Severity) => severityRank(a) - severityRank(b),
    width: 100,
  },
  { colId: 'threat_type', headerName: 'Threat', field: 'threat_type', width: 140 },
  {
    colId: 'mitre',
    headerName: 'MITRE technique',
    cellDataType: false,
    valueGetter: (p) => (p.data ? p.data.mitre_techniques.join(', ') : ''),
    width: 120,
    cellClass: 'mono',
  },
  {
    colId: 'status',
    headerName: 'Status',
    field: 'status',
    cellRenderer: StatusCell,
    getQuickFilterText: (p) => humanize(p.value ?? ''),
    width: 110,
  },
  {
    colId: 'source',
    headerName: 'Source',
    cellDataType: false,
    valueGetter: (p) => (p.data ? `${p.data.source_file}:${p.data.source_line}` : ''),
    flex: 1,
    minWidth: 140,
    cellClass: 'mono dim',
  },
]
