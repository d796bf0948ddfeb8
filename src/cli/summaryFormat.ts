/**
 * The human summary `vigil scan` prints (DESIGN.md, "Command line"):
 *
 *   Scanned 4 files (3 hosts), 61,204 events in 1.9 s (32,200 events/s); 2 lines unparsed
 *   Anomalies: 1,212 (CRITICAL 9, HIGH 140, MEDIUM 420, LOW 643)
 *   Threats: brute_force 820 · password_spraying 61 · privilege_escalation 12 · ...
 *   Top users: root 640 · admin 180 · ...   Top source IPs: 185.220.101.47 412 · ...
 *   Wrote anomalies.csv (1,212 rows)
 */
import type { ScanSummary } from '../shared/sources'

const TOP_THREATS = 5
const TOP_ENTITIES = 3

export const int = (n: number): string => Math.round(n).toLocaleString('en-US')
const plural = (n: number, one: string, many: string): string => `${int(n)} ${n === 1 ? one : many}`

/** Three significant figures: a rate is an estimate, not a count. */
export function rate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '0'
  const digits = Math.floor(Math.log10(perSecond)) + 1
  const unit = 10 ** Math.max(0, digits - 3)
  return int(Math.round(perSecond / unit) * unit)
}

export function seconds(ms: number): string {
  const s = ms / 1000
  return s >= 10 ? s.toFixed(0) : s >= 1 ? s.toFixed(1) : s.toFixed(2)
}

function ranked(pairs: readonly (readonly [string, number])[], limit: number): string {
  if (pairs.length === 0) return 'none'
  const shown = pairs.slice(0, limit).map(([k, n]) => `${oneLine(k)} ${int(n)}`)
  return [...shown, ...(pairs.length > limit ? ['...'] : [])].join(' · ')
}

/** Names come from logs: a control character must not rewrite the analyst's terminal. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
}

export function formatSummary(s: ScanSummary): string[] {
  const total = s.findings.CRITICAL + s.findings.HIGH + s.findings.MEDIUM + s.findings.LOW
  const threats = Object.entries(s.threats).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  return [
    `Scanned ${plural(s.files, 'file', 'files')} (${plural(s.hosts, 'host', 'hosts')}), ${plural(s.events, 'event', 'events')} in ${seconds(s.durationMs)} s ` +
      `(${rate(s.events / Math.max(s.durationMs / 1000, 1e-3))} events/s); ${plural(s.unparsed, 'line', 'lines')} unparsed`,
    `Anomalies: ${int(total)} (CRITICAL ${int(s.findings.CRITICAL)}, HIGH ${int(s.findings.HIGH)}, MEDIUM ${int(s.findings.MEDIUM)}, LOW ${int(s.findings.LOW)})`,
    `Threats: ${ranked(threats, TOP_THREATS)}`,
    `Top users: ${ranked(s.topUsers, TOP_ENTITIES)}   Top source IPs: ${ranked(s.topSourceIps, TOP_ENTITIES)}`,
  ]
}

export function formatWrote(path: string, rows: number): string {
  return `Wrote ${path} (${plural(rows, 'row', 'rows')})`
}
