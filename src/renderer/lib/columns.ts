/**
 * The findings grid's columns: every one sortable and filterable (floating filters). Sorting and
 * filtering run in the engine (infinite row model), so each colId is one of the API's
 * QUERY_COLUMNS and filters are the kinds the engine understands (text, number, date → range).
 */
import type { ColDef, ValueFormatterParams } from 'ag-grid-community'
import type { QueryColumn } from '../../shared/api'
import { DETECTORS, type DetectorName, type Finding } from '../../shared/finding'
import { ScoreCell, SeverityCell, StatusCell, WhyCell } from '../components/cells'
import { HeaderLabel } from '../components/HeaderLabel'
import { TagsCell } from '../components/TagsCell'
import { tagsText } from '../../shared/tags'
import { TIME_ZONE_NAME, formatIsoUtc, formatScore, formatTimeCell } from './format'

const text = (p: ValueFormatterParams<Finding, string | null>): string => p.value ?? ''

export const defaultColDef: ColDef<Finding> = {
  sortable: true,
  filter: 'agTextColumnFilter',
  floatingFilter: true,
  resizable: true,
  suppressHeaderMenuButton: true,
  minWidth: 70,
  // The label with a grip to drag to the group panel; AG Grid keeps sorting, resizing and moving.
  headerComponentParams: { innerHeaderComponent: HeaderLabel },
}

const BASE_COLUMNS: ColDef<Finding>[] = [
  {
    colId: 'time',
    headerName: `Time (${TIME_ZONE_NAME})`,
    field: 'ts',
    cellDataType: false,
    valueFormatter: (p) => formatTimeCell(p.value),
    tooltipValueGetter: (p) => formatIsoUtc(p.value),
    filter: 'agDateColumnFilter',
    // The whole `2026-03-28 07:07:12`, never cut.
    width: 160,
    cellClass: 'mono',
  },
  { colId: 'host', headerName: 'Host', field: 'host', width: 86 },
  { colId: 'user', headerName: 'User', field: 'user', valueFormatter: text, width: 88 },
  { colId: 'src_ip', headerName: 'Source IP', field: 'src_ip', valueFormatter: text, width: 118, cellClass: 'mono' },
  // Wide enough for the longest kinds (max_auth_exceeded, connection_refused): never cut.
  { colId: 'event', headerName: 'Event', field: 'event', width: 128 },
  {
    colId: 'score',
    headerName: 'Score',
    field: 'score',
    cellDataType: false,
    cellRenderer: ScoreCell,
    valueFormatter: (p) => formatScore(p.value),
    filter: 'agNumberColumnFilter',
    sort: 'desc',
    sortingOrder: ['desc', 'asc'],
    width: 74,
  },
  {
    colId: 'severity',
    headerName: 'Severity',
    field: 'severity',
    cellRenderer: SeverityCell,
    width: 90,
  },
  { colId: 'threat_type', headerName: 'Threat', field: 'threat_type', width: 112 },
  {
    colId: 'mitre',
    headerName: 'ATT&CK',
    headerTooltip: 'MITRE ATT&CK technique',
    cellDataType: false,
    valueGetter: (p) => (p.data ? p.data.mitre_techniques.join(', ') : ''),
    width: 84,
    cellClass: 'mono',
  },
  {
    colId: 'status',
    headerName: 'Status',
    field: 'status',
    cellRenderer: StatusCell,
    width: 90,
  },
  {
    colId: 'tags',
    headerName: 'Tags',
    headerTooltip: 'Your colour and tags (filter: a tag, or color:red)',
    cellDataType: false,
    valueGetter: (p) => (p.data ? tagsText(p.data.tags, p.data.color) : ''),
    cellRenderer: TagsCell,
    sortable: false,
    width: 92,
  },
  {
    colId: 'source',
    headerName: 'Source',
    cellDataType: false,
    valueGetter: (p) => (p.data ? `${p.data.source_file}:${p.data.source_line}` : ''),
    width: 110,
    cellClass: 'mono dim',
  },
]

/** Short headers: the full detector name is the header's tooltip. */
const DETECTOR_HEADERS: Record<DetectorName, [string, string]> = {
  iforest: ['IF', 'Isolation forest score'],
  autoencoder: ['AE', 'Autoencoder score'],
  statistical: ['Stat', 'Statistical model score'],
  rules: ['Rules', 'Threat rules score'],
}

/** The four detectors' own scores: narrow numeric columns after the ensemble score. */
export const DETECTOR_COLUMNS: ColDef<Finding>[] = DETECTORS.map((d) => ({
  colId: d satisfies QueryColumn,
  headerName: DETECTOR_HEADERS[d][0],
  headerTooltip: DETECTOR_HEADERS[d][1],
  cellDataType: false,
  valueGetter: (p) => p.data?.detector_scores[d] ?? null,
  valueFormatter: (p) => formatScore(p.value as number | null),
  // Narrow columns to sort by (the engine also filters them: `findings.query` / export).
  filter: false,
  floatingFilter: false,
  sortingOrder: ['desc', 'asc', null],
  width: 50,
  minWidth: 46,
  cellClass: 'mono num detector-cell',
  headerClass: 'detector-header',
}))

/** Why it scored: the first reason in the cell, every reason in the tooltip (and the detail panel). */
export const WHY_COLUMN: ColDef<Finding> = {
  colId: 'why' satisfies QueryColumn,
  headerName: 'Why',
  cellDataType: false,
  valueGetter: (p) => p.data?.reasons[0] ?? '',
  tooltipValueGetter: (p) => (p.data && p.data.reasons.length > 0 ? p.data.reasons.join('\n') : null),
  cellRenderer: WhyCell,
  flex: 1,
  // With the others' widths, every column fits a 1600-pixel window (the Why cell takes the rest).
  minWidth: 150,
}

const byId = (id: string): ColDef<Finding> => {
  const col = BASE_COLUMNS.find((c) => c.colId === id)
  if (!col) throw new Error(`no column ${id}`)
  return col
}

/** Every column, in display order; the ensemble score is followed by its detectors' scores. */
export const columnDefs: ColDef<Finding>[] = [
  ...['time', 'host', 'user', 'src_ip', 'event', 'score'].map(byId),
  ...DETECTOR_COLUMNS,
  ...['severity', 'threat_type', 'mitre'].map(byId),
  WHY_COLUMN,
  ...['status', 'tags', 'source'].map(byId),
]

/** Column ids of the detector scores (the toolbar can hide them). */
export const DETECTOR_COLUMN_IDS: string[] = DETECTOR_COLUMNS.map((c) => c.colId ?? '')

/** A column's header (`host` → `Host`), for saying which column filters apply. */
export function headerNameOf(colId: string): string {
  return columnDefs.find((c) => c.colId === colId)?.headerName ?? colId
}
