/** Display formatting shared by the grid and the panels (local time, scores, counts). */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** `2025-03-04 13:05:09` in the viewer's time zone (ISO order, sortable by eye). */
export function formatLocalTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return ''
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** ISO 8601 UTC, as in anomalies.csv. */
export function formatIsoUtc(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return ''
  return new Date(ms).toISOString()
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined || !Number.isFinite(score) ? '' : score.toFixed(2)
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

export function formatCount(n: number): string {
  return integer.format(n)
}

/** `false_positive` → `False positive`. */
export function humanize(token: string): string {
  const spaced = token.replace(/_/g, ' ')
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}
