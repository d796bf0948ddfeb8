/** Open a folder, quick filter, minimum severity, sources, row count and CSV export. */
import { SEVERITIES, type Severity } from '../../shared/finding'
import { formatCount } from '../lib/format'
import { OpenFolder } from './OpenFolder'

export interface ToolbarProps {
  pickFolder?: () => Promise<string | null>
  busy: boolean
  onOpenFolder: (path: string) => void
  quickFilter: string
  onQuickFilter: (text: string) => void
  minSeverity: Severity
  onMinSeverity: (severity: Severity) => void
  /** Findings matching the filters (null until the first page is answered). */
  total: number | null
  showDetectors: boolean
  onToggleDetectors: () => void
  showSources: boolean
  onToggleSources: () => void
  exporting: boolean
  onExport: () => void
}

const SEVERITY_LABEL: Record<Severity, string> = {
  NONE: 'All events',
  LOW: 'LOW and above',
  MEDIUM: 'MEDIUM and above',
  HIGH: 'HIGH and above',
  CRITICAL: 'CRITICAL only',
}

export function Toolbar(props: ToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Findings">
      <div className="brand" aria-label="Vigil">
        <span className="brand-mark" aria-hidden="true" />
        VIGIL
      </div>
      <OpenFolder pickFolder={props.pickFolder} busy={props.busy} onOpen={props.onOpenFolder} />
      <span className="toolbar-sep" />
      <input
        type="search"
        className="quick-filter"
        aria-label="Quick filter"
        placeholder="Filter all columns…"
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
        title="Show each detector's own score (isolation forest, autoencoder, statistical, rules)"
        onClick={props.onToggleDetectors}
      >
        Detector scores
      </button>
      <span className="spacer" />
      <span className="row-count" data-testid="row-count" data-shown={props.total ?? ''}>
        {props.total === null ? '…' : `${formatCount(props.total)} ${props.total === 1 ? 'row' : 'rows'}`}
      </span>
      <button type="button" className="primary" disabled={props.exporting || !props.total} onClick={props.onExport}>
        {props.exporting ? 'Exporting…' : 'Export CSV'}
      </button>
    </div>
  )
}
