/**
 * The incidents grid's columns. The engine filters the incidents (floor, quick filter, the lines
 * grid's column filters); the grid holds them all (2,000 at most) and sorts them itself, so these
 * columns sort but do not filter. Hosts, users and addresses sort by how many there are.
 */
import type { ColDef, ValueFormatterParams } from 'ag-grid-community'
import { severityRank, type Severity } from '../../shared/finding'
import type { Incident } from '../../shared/incident'
import { NamesCell, ScoreCell, SeverityCell, StatusCell, UntriagedCell } from '../components/cells'
import { TIME_ZONE_NAME, formatCount, formatIsoUtc, formatScore, formatTimeCell } from './format'
import { namesText, type NameList } from './incidents'

export const incidentDefaultColDef: ColDef<Incident> = {
  sortable: true,
  filter: false,
  resizable: true,
  suppressHeaderMenuButton: true,
  minWidth: 60,
  // Highest first on the first click: the analyst looks for the worst, the biggest, the newest.
  sortingOrder: ['desc', 'asc', null],
}

const time = (p: ValueFormatterParams<Incident, number>): string => formatTimeCell(p.value)
const count = (p: ValueFormatterParams<Incident, number>): string => (typeof p.value === 'number' ? formatCount(p.value) : '')

function namesColumn(colId: NameList, headerName: string, countOf: (i: Incident) => number, width: number): ColDef<Incident> {
  return {
    colId,
    headerName,
    headerTooltip: `${headerName} of the incident's lines (sorts by how many)`,
    cellDataType: false,
    valueGetter: (p) => (p.data ? countOf(p.data) : null),
    tooltipValueGetter: (p) => (p.data ? namesText(p.data, colId) : null),
    cellRenderer: NamesCell,
    width,
    cellClass: colId === 'src_ips' ? 'mono' : undefined,
  }
}

export const incidentColumnDefs: ColDef<Incident>[] = [
  {
    colId: 'severity',
    headerName: 'Severity',
    field: 'severity',
    cellRenderer: SeverityCell,
    comparator: (a: Severity, b: Severity) => severityRank(a) - severityRank(b),
    width: 92,
  },
  {
    colId: 'max_score',
    headerName: 'Score',
    headerTooltip: "The incident's strongest line",
    field: 'max_score',
    cellDataType: false,
    cellRenderer: ScoreCell,
    valueFormatter: (p) => formatScore(p.value),
    // The engine's order (score, then lines, then time) is kept among equal scores.
    sort: 'desc',
    width: 72,
  },
  { colId: 'threat_type', headerName: 'Threat', field: 'threat_type', width: 142, sortingOrder: ['asc', 'desc', null] },
  {
    colId: 'mitre',
    headerName: 'ATT&CK',
    headerTooltip: 'MITRE ATT&CK techniques',
    cellDataType: false,
    valueGetter: (p) => (p.data ? p.data.mitre_techniques.join(', ') : ''),
    sortingOrder: ['asc', 'desc', null],
    wrapText: true,
    autoHeight: true,
    width: 150,
    cellClass: 'mono wrap-cell',
  },
  {
    colId: 'reason',
    headerName: 'What happened',
    field: 'reason',
    // The whole sentence, wrapped: its numbers (how many, from where, how fast) are the point.
    wrapText: true,
    autoHeight: true,
    sortingOrder: ['asc', 'desc', null],
    flex: 1,
    minWidth: 280,
    cellClass: 'wrap-cell reason-cell',
  },
  {
    colId: 'lines',
    headerName: 'Lines',
    field: 'lines',
    cellDataType: false,
    valueFormatter: count,
    width: 72,
    type: 'rightAligned',
  },
  namesColumn('hosts', 'Hosts', (i) => i.host_count, 120),
  namesColumn('users', 'Users', (i) => i.user_count, 160),
  namesColumn('src_ips', 'Source IPs', (i) => i.src_ip_count, 150),
  {
    colId: 'first_ts',
    headerName: `First seen (${TIME_ZONE_NAME})`,
    field: 'first_ts',
    cellDataType: false,
    valueFormatter: time,
    tooltipValueGetter: (p) => formatIsoUtc(p.value),
    width: 152,
    cellClass: 'mono',
  },
  {
    colId: 'last_ts',
    headerName: `Last seen (${TIME_ZONE_NAME})`,
    field: 'last_ts',
    cellDataType: false,
    valueFormatter: time,
    tooltipValueGetter: (p) => formatIsoUtc(p.value),
    width: 152,
    cellClass: 'mono',
  },
  {
    colId: 'status',
    headerName: 'Status',
    headerTooltip: "The status the incident's lines share (Mixed when they differ)",
    field: 'status',
    cellRenderer: StatusCell,
    width: 100,
  },
  {
    colId: 'untriaged',
    headerName: 'Untriaged',
    headerTooltip: 'Lines still new (not triaged)',
    field: 'untriaged',
    cellDataType: false,
    cellRenderer: UntriagedCell,
    width: 88,
    type: 'rightAligned',
  },
]
