/**
 * Which file names are logs: `auth.log*`, `secure*`, `messages*`, `syslog*`, `*.log`, `*.json`,
 * `*.jsonl`, `*.ndjson`, `*.csv`, their numbered/dated rotations (`auth.log.1`, `app.log-20240105`)
 * and the `.gz` of any of them (`auth.log.2.gz`).
 */
const SYSLOG_NAMES = /^(?:auth\.log|secure|messages|syslog)(?:[._-][\w.-]*)?$/i
const EXTENSIONS = /\.(?:log|json|jsonl|ndjson|csv)(?:[._-]\d[\w.-]*)?$/i

export function isLogFileName(name: string): boolean {
  const base = name.toLowerCase().endsWith('.gz') ? name.slice(0, -3) : name
  if (base.length === 0) return false
  return SYSLOG_NAMES.test(base) || EXTENSIONS.test(base)
}

/** True when the name says gzip (the content is sniffed anyway). */
export function isGzName(name: string): boolean {
  return name.toLowerCase().endsWith('.gz')
}
