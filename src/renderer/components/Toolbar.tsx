/** Open a folder, the view (incidents or lines), quick filter, minimum severity, sources, counts and CSV export. */
import type { ReactNode } from 'react'
import { SEVERITIES, type Severity } from '../../shared/finding'
import type { View } from '../../shared/uiState'
import { formatCount } from '../lib/format'
import { OpenFolder } from './OpenFolder'

export interface ToolbarProps {
  /** The current case and its menu (absent where the window has one store). */
  caseSwitcher?: ReactNode
  pickFolder?: () => Promise<string | null>
  busy: boolean
  onOpenFolder: (path: string) => void
  view: View
  onView: (view: View) => void
  /** Incidents listed (null until the first answer); shown in the incidents view. */
  incidentCount: number | null
  quickFilter: string
  onQuickFilter: (text: string) => void
  minSeverity: Severity
  onMinSeverity: (severity: Severity) => void
  /** Findings matching the filters (null until the first page is answered); shown in the lines view. */
  total: number | null
  showDetectors: boolean
  onToggleDetectors: () => void
  showSources: boolean
  onToggleSources: () => void
  exporting: boolean
  onExport: () => void
  /** The HTML report of the current filter (every view). */
  onExportReport?: () => void
}

const SEVERITY_LABEL: Record<Severity, string> = {
  NONE: 'All events',
  LOW: 'LOW and above',
  MEDIUM: 'MEDIUM and above',
  HIGH: 'HIGH and above',
  CRITICAL: 'CRITICAL only',
}

const VIEW_LABEL: Record<View, [label: string, title: string]> = {
  incidents: ['Incidents', 'Findings grouped by detected episode: triage an attack at once'],
  lines: ['Lines', 'Every finding, line by line'],
  insights: ['Insights', 'Charts of the current filter: scores, threat types, top users, addresses and hosts, login statistics'],
  attack: ['ATT&CK', 'The ATT&CK matrix of the techniques the findings name'],
}

function countText(n: number | null, one: string, many: string): string {
  return n === null ? '…' : `${formatCount(n)} ${n === 1 ? one : many}`
}

/** Why Export CSV cannot run now, or null when it can. */
export function exportBlockedReason(p: Pick<ToolbarProps, 'view' | 'exporting' | 'total'>): string | null {
  if (p.view !== 'lines') return 'Export writes the lines: open an incident, or the Lines view, first'
  if (p.exporting) return 'An export is being written'
  if (p.total === null) return 'Waiting for the grid to count the rows'
  if (p.total === 0) return 'No rows match the filters: nothing to export'
  return null
}

export function Toolbar(props: ToolbarProps) {
  const lines = props.view === 'lines'
  const exportBlocked = exportBlockedReason(props)
  const exportTitle = exportBlocked ?? 'The rows the grid shows (sort, filters, floor, incident), as anomalies.csv'
  return (
    <div className="toolbar" role="toolbar" aria-label="Findings">
      <div className="brand" aria-label="Vigil">
        <span className="brand-mark" aria-hidden="true" />
        VIGIL
      </div>
      {props.caseSwitcher}
      <OpenFolder pickFolder={props.pickFolder} busy={props.busy} onOpen={props.onOpenFolder} />
      <span className="toolbar-sep" />
      <div className="view-switch" role="group" aria-label="View">
        {(['incidents', 'lines', 'insights', 'attack'] as const).map((v) => (
          <button key={v} type="button" aria-pressed={props.view === v} title={VIEW_LABEL[v][1]} onClick={() => props.onView(v)}>
            {VIEW_LABEL[v][0]}
          </button>
        ))}
      </div>
      <input
        type="search"
        id="quick-filter"
        className="quick-filter"
        aria-label="Quick filter"
        placeholder='Search lines: root "port 22" Accept*  (/ or Ctrl+F)'
        title={'Every word must match a column or the raw line. "a phrase" in quotes, Accept* for words starting with Accept.'}
        value={props.quickFilter}
        spellCheck={false}
        onChange={(e) => props.onQuickFilter(e.target.value)}
      />
      <select
        aria-label="Minimum severity"
        value={props.minSeverity}
        onChange={(e) => props.onMinSeverity(e.target.value as Severity)}
      >
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {SEVERITY_LABEL[s]}
          </option>
        ))}
      </select>
      <button type="button" aria-pressed={props.showSources} onClick={props.onToggleSources}>
        Sources
      </button>
      <button
        type="button"
        aria-pressed={props.showDetectors}
        disabled={!lines}
        title="Show each detector's own score (isolation forest, autoencoder, statistical, rules) in the lines view"
        onClick={props.onToggleDetectors}
      >
        Detector scores
      </button>
      <span className="spacer" />
      {lines ? (
        <span className="row-count" data-testid="row-count" data-shown={props.total ?? ''}>
          {countText(props.total, 'row', 'rows')}
        </span>
      ) : (
        <span className="row-count" data-testid="incident-count" data-shown={props.incidentCount ?? ''}>
          {countText(props.incidentCount, 'incident', 'incidents')}
        </span>
      )}
      {/* A disabled button gets no pointer events, so its wrapper carries the reason's tooltip. */}
      <span className="export-wrap" title={exportTitle} data-testid="export-reason">
        <button type="button" className="primary" disabled={exportBlocked !== null} aria-description={exportBlocked ?? undefined} onClick={props.onExport}>
          {props.exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </span>
      {props.onExportReport && (
        <button type="button" onClick={props.onExportReport} title="One HTML file for the ticket: summary, incidents, timeline, charts and ATT&CK matrix of the current filter" data-testid="export-report">
          Export report
        </button>
      )}
    </div>
  )
}
