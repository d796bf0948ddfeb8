/**
 * The selected finding: what happened (raw line, as text), why it scored (reasons, detector
 * scores), what it maps to in ATT&CK, the analyst's triage, every field and the lines around it.
 */
import { useEffect, useState } from 'react'
import type { FindingDetail } from '../../shared/api'
import type { Finding, TriageStatus } from '../../shared/finding'
import type { TriageChange } from '../../shared/tags'
import { formatScore, formatTime, humanize } from '../lib/format'
import type { UiClient } from '../transport/types'
import { AttackTechniques } from './AttackTechniques'
import { SigmaRuleRefs } from './SigmaRuleRefs'
import { DetectorScores } from './DetectorScores'
import { FieldTable } from './FieldTable'
import { HighlightedText } from './HighlightedText'
import { SeverityChip } from './SeverityChip'
import { TagEditor } from './TagEditor'
import { TriageEditor } from './TriageEditor'
import { PivotButtons, type PivotTarget } from './pictures/PivotMenu'
import { PIVOT_FIELDS, type PivotAction } from '../lib/pivot'
import type { StatusRequest } from '../lib/keyboard'

export interface DetailPanelProps {
  client: UiClient
  /** The row as the grid has it (shown at once; the detail call adds techniques and context). */
  finding: Finding
  onTriaged: (finding: Finding) => void
  onError: (message: string) => void
  onClose: () => void
  /** What a whole-incident triage did, for the banner. */
  onNotice?: (message: string) => void
  /** The quick filter: its matches are marked in the raw line. */
  search?: string
  /** Pivots from the finding's user, source IP and host (shown when given). */
  onPivot?: (target: PivotTarget, action: PivotAction) => void
  /** `s` / Shift+S: step the status (TriageEditor). */
  statusRequest?: StatusRequest
}

export function DetailPanel({ client, finding, onTriaged, onError, onClose, onNotice, search = '', onPivot, statusRequest }: DetailPanelProps) {
  // Keyed by id, so a slow answer for the previous selection is never shown for this one.
  const [loaded, setLoaded] = useState<{ id: number; detail: FindingDetail } | null>(null)
  const detail = loaded?.id === finding.id ? loaded.detail : null

  useEffect(() => {
    let current = true
    client.call('findings.get', { id: finding.id }).then(
      (d) => current && setLoaded({ id: finding.id, detail: d }),
      (e: unknown) => current && onError(e instanceof Error ? e.message : String(e)),
    )
    return () => {
      current = false
    }
  }, [client, finding.id, onError])

  const save = async (change: TriageChange): Promise<void> => {
    try {
      onTriaged(await client.call('triage.set', { id: finding.id, ...change }))
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e))
    }
  }

  // A line of a multi-line incident (single findings get an episode of their own, `<threat>:line-<id>`).
  const inIncident = finding.episode !== '' && !finding.episode.includes(':line-')
  const saveIncident = async (status: TriageStatus): Promise<void> => {
    try {
      const { updated } = await client.call('incidents.triage', { episode: finding.episode, status })
      onTriaged((await client.call('findings.get', { id: finding.id })).finding)
      onNotice?.(`Marked the whole incident (${updated.toLocaleString('en-US')} lines) as ${humanize(status)}.`)
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e))
    }
  }

  const f = finding
  return (
    <aside className="detail" data-testid="detail-panel" aria-label="Finding detail">
      <header className="detail-head">
        <div className="detail-title">
          <SeverityChip severity={f.severity} />
          <span className="detail-score mono">{formatScore(f.score)}</span>
          <span className="detail-threat">{humanize(f.threat_type)}</span>
        </div>
        <button type="button" className="icon-button" aria-label="Close detail" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="detail-sub dim">
        {formatTime(f.ts)} · {f.host} · {f.event}
        {f.user !== null ? ` · ${f.user}` : ''}
      </div>

      {onPivot && <Pivots finding={f} onPivot={onPivot} />}

      <section>
        <h3>Raw line</h3>
        <pre className="raw" data-testid="raw-line">
          <HighlightedText text={f.raw} search={search} />
        </pre>
      </section>

      <section>
        <h3>Why</h3>
        {f.reasons.length > 0 ? (
          <ul className="reasons">
            {f.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        ) : (
          <p className="dim">No reasons recorded.</p>
        )}
        <DetectorScores scores={f.detector_scores} />
      </section>

      <section>
        <h3>MITRE ATT&amp;CK</h3>
        <AttackTechniques techniques={detail?.techniques ?? []} ids={f.mitre_techniques} version={f.attack_version} />
      </section>

      {f.sigma_rules && f.sigma_rules.length > 0 && (
        <section>
          <h3>Sigma rules</h3>
          <SigmaRuleRefs ids={f.sigma_rules} refs={detail?.sigmaRules ?? []} />
        </section>
      )}

      <section>
        <h3>Triage</h3>
        <TriageEditor key={f.id} finding={f} onSave={save} onSaveIncident={inIncident ? saveIncident : undefined} statusRequest={statusRequest} />
        <TagEditor key={`tags-${f.id}`} finding={f} onSave={save} />
      </section>

      <section>
        <h3>Fields</h3>
        <FieldTable finding={f} />
      </section>

      {detail && detail.context.length > 1 && (
        <section>
          <h3>
            Context <span className="h3-detail">{f.source_file}</span>
          </h3>
          <ol className="context">
            {detail.context.map((c) => (
              <li key={c.id} className={c.id === f.id ? 'context-current' : undefined}>
                <span className="context-line mono dim">{c.source_line}</span>
                <pre className="context-raw">{c.raw}</pre>
              </li>
            ))}
          </ol>
        </section>
      )}
    </aside>
  )
}

const PIVOT_NAMES = { user: 'User', src_ip: 'Source IP', host: 'Host' } as const

/** The finding's user, source IP and host, each with its pivots. */
function Pivots({ finding, onPivot }: { finding: Finding; onPivot: (target: PivotTarget, action: PivotAction) => void }) {
  const targets = PIVOT_FIELDS.flatMap((field) => {
    const value = finding[field]
    return typeof value === 'string' && value !== '' ? [{ field, value }] : []
  })
  if (targets.length === 0) return null
  return (
    <section className="pivot-section">
      <h3>Pivot</h3>
      {targets.map((t) => (
        <div key={t.field} className="pivot-row">
          <span className="dim">{PIVOT_NAMES[t.field]}</span> <span className="mono pivot-value">{t.value}</span>
          <PivotButtons target={t} onPivot={onPivot} />
        </div>
      ))}
    </section>
  )
}
