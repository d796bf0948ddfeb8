/** Grid cell renderers. They render values as React text, never as HTML. */
import type { CustomCellRendererProps } from 'ag-grid-react'
import type { Finding, Severity, TriageStatus } from '../../shared/finding'
import { humanize } from '../lib/format'
import { SeverityChip } from './SeverityChip'

export function SeverityCell({ value }: CustomCellRendererProps<Finding, Severity>) {
  return <SeverityChip severity={value} />
}

export function StatusCell({ value }: CustomCellRendererProps<Finding, TriageStatus>) {
  if (!value) return null
  return <span className={`status status-${value}`}>{humanize(value)}</span>
}

/** Score with a thin bar behind it, so the eye finds the worst rows without reading. */
export function ScoreCell({ value, data }: CustomCellRendererProps<Finding, number>) {
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
