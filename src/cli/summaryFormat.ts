/**
 * The human summary `vigil scan` prints (DESIGN.md, "Command line"):
 *
 *   Scanned 4 files (3 hosts), 61,204 events in 1.9 s (32,200 events/s); 2 lines unparsed
 *   Anomalies: 1,212 (CRITICAL 9, HIGH 140, MEDIUM 420, LOW 643)
 *   Threats: brute_force 820 · password_spraying 61 · privilege_escalation 12 · ...
 *   Top users: root 640 · admin 180 · ...   Top source IPs: 185.220.101.47 412 · ...
 *   Incidents: 14 at MEDIUM or above (...); the strongest: (one line each, see formatIncidents)
 *   Wrote anomalies.csv (1,212 rows)
 */
import type { Incident } from '../shared/incident'
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

/** Incidents listed by name under the summary; the rest are counted. */
const TOP_INCIDENTS = 5
const REASON_CHARS = 110

/**
 * The incidents at MEDIUM or above, strongest first — what an analyst reads before opening the CSV:
 *
 *   Incidents: 14 at MEDIUM or above (CRITICAL 5, HIGH 6, MEDIUM 3); the strongest:
 *     CRITICAL  brute_force  bastion-01  07:07–07:16 UTC 2026-03-28  364 lines  364 failed logins from …
 */
export function formatIncidents(incidents: readonly Incident[]): string[] {
  const shown = incidents.filter((i) => i.severity === 'CRITICAL' || i.severity === 'HIGH' || i.severity === 'MEDIUM')
  if (shown.length === 0) return ['Incidents: none at MEDIUM or above']
  const by = (sev: string): number => shown.filter((i) => i.severity === sev).length
  const lines = [`Incidents: ${int(shown.length)} at MEDIUM or above (CRITICAL ${by('CRITICAL')}, HIGH ${by('HIGH')}, MEDIUM ${by('MEDIUM')}); the strongest:`]
  const top = shown.slice(0, TOP_INCIDENTS).map((i) => ({
    i,
    threat: oneLine(i.threat_type),
    hosts: oneLine(i.host_count > i.hosts.length ? `${i.hosts.join(',')} +${i.host_count - i.hosts.length}` : i.hosts.join(',') || '-'),
    span: span(i.first_ts, i.last_ts),
    lines: plural(i.lines, 'line', 'lines'),
    reason: oneLine(i.reason),
  }))
  const width = (pick: (r: (typeof top)[number]) => string): number => Math.max(...top.map((r) => pick(r).length))
  const [threatW, hostsW, spanW, linesW] = [width((r) => r.threat), width((r) => r.hosts), width((r) => r.span), width((r) => r.lines)]
  for (const r of top) {
    const reason = r.reason.length > REASON_CHARS ? `${r.reason.slice(0, REASON_CHARS - 1)}…` : r.reason
    lines.push(`  ${r.i.severity.padEnd(8)}  ${r.threat.padEnd(threatW)}  ${r.hosts.padEnd(hostsW)}  ${r.span.padEnd(spanW)}  ${r.lines.padStart(linesW)}  ${reason}`)
  }
  if (shown.length > TOP_INCIDENTS) lines.push(`  ... ${int(shown.length - TOP_INCIDENTS)} more (vigil serve, or --json: incidents by episode)`)
  return lines
}

/** `2026-03-28 07:07–07:16 UTC`, or both ends in full when the incident spans days. */
function span(first: number, last: number): string {
  const a = new Date(first).toISOString()
  const b = new Date(last).toISOString()
  if (a.slice(0, 10) === b.slice(0, 10)) return `${a.slice(0, 10)} ${a.slice(11, 16)}–${b.slice(11, 16)} UTC`
  return `${a.slice(0, 10)} ${a.slice(11, 16)} – ${b.slice(0, 10)} ${b.slice(11, 16)} UTC`
}

export function formatWrote(path: string, rows: number): string {
  return `Wrote ${path} (${plural(rows, 'row', 'rows')})`
}
