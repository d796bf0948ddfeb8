/** Totals of what is open: events, findings by severity, hosts, files, unparsed lines. */
import type { EventPayloads } from '../../shared/api'
import type { ScanSummary } from '../../shared/sources'
import { formatCount } from '../lib/format'

export type Progress = EventPayloads['ingest.progress']

const BANDS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const

function Stat({ label, value, testId, warn }: { label: string; value: number; testId: string; warn?: boolean }) {
  return (
    <div className={warn ? 'stat stat-warn' : 'stat'} data-testid={testId}>
      <span className="stat-value">{formatCount(value)}</span>
      <span className="stat-label">{label}</span>
    </div>
  )
}

export function SummaryBar({ summary, progress, onCancel }: { summary: ScanSummary | null; progress: Progress | null; onCancel?: () => void }) {
  const s = summary
  const findings = s ? BANDS.reduce((n, b) => n + s.findings[b], 0) : 0
  return (
    <div className="summary" aria-label="Summary">
      <Stat label="events" value={s?.events ?? 0} testId="summary-events" />
      <div className="stat stat-findings" data-testid="summary-findings">
        <span className="stat-value">{formatCount(findings)}</span>
        <span className="stat-label">findings</span>
        <span className="band-counts">
          {BANDS.map((b) => (
            <span key={b} className={`band band-${b}`} title={`${b} findings`}>
              <span className={`dot sev-dot-${b}`} />
              {b} {formatCount(s?.findings[b] ?? 0)}
            </span>
          ))}
        </span>
      </div>
      <Stat label="hosts" value={s?.hosts ?? 0} testId="summary-hosts" />
      <Stat label="files" value={s?.files ?? 0} testId="summary-files" />
      <Stat label="unparsed lines" value={s?.unparsed ?? 0} testId="summary-unparsed" warn={(s?.unparsed ?? 0) > 0} />
      {s && s.problems.length > 0 && <Stat label="file problems" value={s.problems.length} testId="summary-problems" warn />}
      <span className="spacer" />
      {progress && progress.phase !== 'done' ? (
        <span className="progress" role="status" data-testid="scan-progress">
          <span className="spinner" aria-hidden="true" />
          {progress.phase === 'discover' ? 'Discovering files' : `Scanning: ${progress.phase}`} · {progress.filesDone}/
          {progress.filesTotal} files · {formatCount(progress.events)} events
          {onCancel && (
            <button type="button" className="progress-cancel" data-testid="scan-cancel" onClick={onCancel} title="Stop reading; what was read so far stays and is scored at the next open">
              Cancel
            </button>
          )}
        </span>
      ) : (
        s && s.roots.length > 0 && <span className="roots dim" title={s.roots.join('\n')}>{s.roots.join(' · ')}</span>
      )}
    </div>
  )
}
