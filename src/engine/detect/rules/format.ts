/** Number and time formatting for reason sentences. */

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtCount(n)} ${n === 1 ? one : many}`
}

export function fmtCount(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

export function fmtDuration(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 90) return `${Math.max(s, 1)} s`
  const m = Math.round(s / 60)
  if (m < 90) return `${m} min`
  const h = Math.floor(m / 60)
  const rm = m % 60
  if (h < 48) return rm ? `${h} h ${rm} min` : `${h} h`
  return `${Math.round(h / 24)} days`
}

/** HH:MM in UTC. */
export function fmtClock(ts: number): string {
  const d = new Date(ts)
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}

export function fmtHourSpan(span: [number, number]): string {
  return `${String(span[0]).padStart(2, '0')}:00–${String((span[1] + 1) % 24).padStart(2, '0')}:00`
}

export function fmtBytes(b: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = b
  let u = 0
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`
}

/**
 * A short list: `root, admin and 3 more`; names with spaces or odd characters are quoted. `total`:
 * how many there are when `names` holds only the first few (the "more" counts the rest of them).
 */
export function fmtList(names: string[], max = 3, total = names.length): string {
  const shown = names.slice(0, max).map((n) => (/^[\w.@$-]+$/.test(n) ? n : JSON.stringify(n)))
  const more = Math.max(total, names.length) - shown.length
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ')
}
