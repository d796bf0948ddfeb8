/**
 * Syslog timestamps as rsyslog writes them: RFC 3164 (`Mar  2 08:15:03`, no year, no zone) and the
 * high-precision RFC 3339 form (`2026-03-02T08:15:03.123456+00:00`). Hosts log in UTC.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** `Mar  2 08:15:03` (day padded with a space, as syslog does). */
export function rfc3164(ts: number): string {
  const d = new Date(Math.floor(ts))
  const day = d.getUTCDate()
  return `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ` ${day}` : day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
}

/** `2026-03-02T08:15:03.123456+00:00`; the microseconds come from the fractional milliseconds. */
export function rfc3339Micro(ts: number): string {
  const ms = Math.floor(ts)
  const d = new Date(ms)
  const micros = Math.floor((ts - Math.floor(ts / 1000) * 1000) * 1000)
  const date = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
  return `${date}T${time}.${String(micros).padStart(6, '0')}+00:00`
}
