/**
 * Display formatting shared by the grid and the panels (times, scores, counts). Every time is
 * shown in UTC, 24-hour, as the CLI and anomalies.csv give it: one clock for the whole window,
 * whatever the viewer's zone (the grid's Time header names the zone; elsewhere the text does).
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** The zone every time is shown in. */
export const TIME_ZONE_NAME = 'UTC'

/** `2025-03-04 13:05:09` in UTC (ISO order, sortable by eye): a grid cell, whose header names the zone. */
export function formatTimeCell(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return ''
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** `2025-03-04 13:05:09 UTC`: a time anywhere else, the zone named. */
export function formatTime(ms: number | null | undefined): string {
  const cell = formatTimeCell(ms)
  return cell === '' ? '' : `${cell} ${TIME_ZONE_NAME}`
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

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB']

/** `912 B`, `1.5 KiB`, `23 MiB`: a file offset or size for the eye (the exact count goes in a tooltip). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1024) return `${Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0} B`
  let value = n
  let unit = -1
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  // One decimal while it says something (1.5 KiB), none once the number is big enough (150 KiB).
  const shown = value < 10 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value))
  return `${shown} ${BYTE_UNITS[unit]}`
}
