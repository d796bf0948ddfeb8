/** Grid cell renderers. They render values as React text, never as HTML. */
import type { CustomCellRendererProps } from 'ag-grid-react'
import type { Finding, Severity, TriageStatus } from '../../shared/finding'
import type { Incident } from '../../shared/incident'
import { formatCount, humanize } from '../lib/format'
import { namesOf, type NameList } from '../lib/incidents'
import { SeverityChip } from './SeverityChip'

export function SeverityCell({ value }: CustomCellRendererProps<Finding, Severity>) {
  return <SeverityChip severity={value} />
}

export function StatusCell({ value }: CustomCellRendererProps<unknown, TriageStatus | 'mixed'>) {
  if (!value) return null
  return <span className={`status status-${value}`}>{humanize(value)}</span>
}

/** Score with a thin bar behind it, so the eye finds the worst rows without reading (findings and incidents). */
export function ScoreCell({ value, data }: CustomCellRendererProps<{ severity: Severity }, number>) {
  if (value === null || value === undefined) return null
  return (
    <span className="score-cell">
      <span className={`score-bar bar-${data?.severity ?? 'NONE'}`} style={{ width: `${Math.round(Math.min(1, Math.max(0, value)) * 100)}%` }} />
      <span className="score-value">{value.toFixed(2)}</span>
    </span>
  )
}

/** The first reason; "+N" says more are in the tooltip and the detail panel. */
export function WhyCell({ value, data }: CustomCellRendererProps<Finding, string>) {
  if (!value) return null
  const more = (data?.reasons.length ?? 0) - 1
  return (
    <span className="why-cell">
      <span className="why-text">{value}</span>
      {more > 0 && <span className="why-more">+{more}</span>}
    </span>
  )
}

/** An incident's hosts, users or addresses: the names it lists, "+N" for the ones it only counts. */
export function NamesCell({ data, colDef }: CustomCellRendererProps<Incident, number>) {
  const list = colDef?.colId as NameList | undefined
  if (!data || !list) return null
  const { names, more } = namesOf(data, list)
  return (
    <span className="names-cell">
      <span className="names-text">{names.join(', ')}</span>
      {more > 0 && <span className="why-more">+{formatCount(more)}</span>}
    </span>
  )
}

/** Lines of an incident still `new`; none left reads as done. */
export function UntriagedCell({ value }: CustomCellRendererProps<Incident, number>) {
  if (value === null || value === undefined) return null
  return <span className={value === 0 ? 'untriaged untriaged-none' : 'untriaged'}>{formatCount(value)}</span>
}
