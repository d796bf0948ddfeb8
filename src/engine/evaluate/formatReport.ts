/** The `vigil eval` table: one row per attack kind, overall, and the baseline beside it. */
import type { EvalReport, MetricRow } from './evaluate'

const HEADER = ['attack', 'episodes hit', 'precision', 'recall', 'F1', 'ROC-AUC', 'PR-AUC', 'normal/10k']

function num(x: number | null, digits: number): string {
  return x === null ? '—' : x.toFixed(digits)
}

function cells(label: string, r: MetricRow): string[] {
  return [
    label,
    `${r.episodesHit}/${r.episodes}`,
    num(r.precision, 3),
    num(r.recall, 3),
    num(r.f1, 3),
    num(r.rocAuc, 4),
    num(r.prAuc, 3),
    r.normalFlaggedPer10k.toFixed(1),
  ]
}

/** Text table; `baseline` adds the isolation-forest-alone overall row under the full result's. */
export function formatReportTable(full: EvalReport, baseline: EvalReport | null): string {
  const rows = [HEADER, ...full.kinds.map((r) => cells(r.name, r)), cells('overall', full.overall)]
  if (baseline) rows.push(cells('baseline: iforest, top 1 %', baseline.overall))
  const widths = HEADER.map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  const line = (r: string[]): string => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  const body = rows.map(line)
  const out = [body[0], rule, ...body.slice(1, full.kinds.length + 1), rule, ...body.slice(full.kinds.length + 1)]
  return `${out.join('\n')}\n`
}

/** Notes under the table: what the figures mean and what did not join. */
export function formatReportNotes(full: EvalReport): string {
  const notes = [
    `Flagged = MEDIUM or above (baseline: its top 1 % of scores, as the seed pipeline did). Lines: ${full.lines.toLocaleString('en-US')} (${full.labeledLines.toLocaleString('en-US')} labeled, ${full.normalLines.toLocaleString('en-US')} normal).`,
    `Per-kind precision counts a flagged normal line against the kind its threat type names; ${full.unattributedFalsePositives} flagged normal line(s) named no kind (counted overall only).`,
  ]
  if (full.unmatchedLabels > 0) notes.push(`${full.unmatchedLabels} labeled line(s) had no parsed event (counted as missed).`)
  return `${notes.join('\n')}\n`
}
