/**
 * The report for the ticket: one self-contained HTML file (summary, incidents with their reasons,
 * the timeline and the charts as inline SVG, the ATT&CK matrix of what was seen, top entities,
 * options, versions and the ATT&CK notice). It opens offline and runs nothing: no script, no
 * external resource, and a CSP meta tag that forbids both; every text from the logs is
 * HTML-escaped here, and ECharts escapes what it writes into the SVG.
 */
import type { Chart } from '../../../shared/charts'
import { SEVERITY_COLORS, THEME } from '../../../shared/charts'
import type { Incident } from '../../../shared/incident'
import type { AttackMatrix } from '../../../shared/matrix'
import type { ScanSummary } from '../../../shared/sources'
import { chartSvg } from './svgChart'

/** What the report holds besides the pictures. */
export interface ReportInput {
  summary: ScanSummary
  incidents: readonly Incident[]
  charts: readonly Chart[]
  matrix: AttackMatrix
  /** Findings (LOW and above) the report counts: equal to anomalies.csv's rows. */
  findings: number
  /** Name → value of what the scan was run with (paths, detectors, seed, …). */
  options: Readonly<Record<string, string>>
  versions: { vigil: string; attack: string }
  attackNotice: string
  /** When it was written (epoch ms). */
  generatedAt: number
}

/** No script, no network: styles inline, images only as data: URLs. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

const INCIDENTS_SHOWN = 50

/** Text as HTML text (element content and quoted attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
}

const int = (n: number): string => n.toLocaleString('en-US')
/** `2026-03-28 01:24–02:24 UTC`, the date once when both ends share it. */
function span(first: number, last: number): string {
  const [a, b] = [new Date(first).toISOString(), new Date(last).toISOString()]
  return a.slice(0, 10) === b.slice(0, 10) ? `${a.slice(0, 10)} ${a.slice(11, 16)}–${b.slice(11, 16)} UTC` : `${a.slice(0, 16).replace('T', ' ')} – ${b.slice(0, 16).replace('T', ' ')} UTC`
}
const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`

const STYLE = `
  :root { color-scheme: dark; }
  body { margin: 0; padding: 24px 32px; background: #0b1016; color: ${THEME.text}; font: 14px/1.45 Inter, 'Segoe UI', Roboto, Arial, sans-serif; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid ${THEME.grid}; padding-bottom: 4px; }
  .dim { color: ${THEME.dim}; }
  .cards { display: flex; flex-wrap: wrap; gap: 10px; }
  .card { background: ${THEME.bg}; border: 1px solid ${THEME.grid}; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
  .card b { display: block; font-size: 20px; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid ${THEME.grid}; vertical-align: top; }
  td.when { white-space: nowrap; }
  th { color: ${THEME.dim}; font-weight: 600; font-size: 12px; }
  .sev { display: inline-block; padding: 0 6px; border-radius: 3px; color: #0b1016; font-weight: 700; font-size: 11px; }
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 14px; }
  figure { margin: 0; background: ${THEME.bg}; border: 1px solid ${THEME.grid}; border-radius: 6px; padding: 10px; }
  figure.wide { grid-column: 1 / -1; }
  figcaption { color: ${THEME.dim}; font-size: 12px; margin-top: 4px; } figure h3 { margin: 0 0 4px; font-size: 14px; }
  .matrix { display: grid; grid-template-columns: repeat(14, minmax(88px, 1fr)); gap: 4px; font-size: 11px; }
  .tactic { background: ${THEME.bg}; border: 1px solid ${THEME.grid}; border-radius: 4px; padding: 4px; }
  .tactic h4 { margin: 0 0 4px; font-size: 11px; min-height: 28px; }
  .cell { border-radius: 3px; padding: 3px 4px; margin-bottom: 3px; color: #0b1016; }
  .cell b { display: block; } .empty { color: ${THEME.dim}; font-style: italic; }
  code { font-family: 'JetBrains Mono', Menlo, Consolas, monospace; font-size: 12px; }
  footer { margin-top: 32px; color: ${THEME.dim}; font-size: 12px; }
`

function sevBadge(severity: keyof typeof SEVERITY_COLORS): string {
  return `<span class="sev" style="background:${SEVERITY_COLORS[severity]}">${severity}</span>`
}

function summarySection(r: ReportInput): string {
  const s = r.summary
  const cards: [string, string, string?][] = [
    ['Events', int(s.events)],
    ['Findings', int(r.findings), 'LOW and above: the rows of anomalies.csv'],
    ['CRITICAL', int(s.findings.CRITICAL)],
    ['HIGH', int(s.findings.HIGH)],
    ['MEDIUM', int(s.findings.MEDIUM)],
    ['LOW', int(s.findings.LOW)],
    ['Files', int(s.files)],
    ['Hosts', int(s.hosts)],
    ['Unparsed lines', int(s.unparsed)],
    ['Incidents', int(r.incidents.filter((i) => i.severity !== 'LOW' && i.severity !== 'NONE').length), 'at MEDIUM or above'],
  ]
  return `<section id="summary"><h2>Summary</h2><div class="cards">${cards
    .map(([label, value, title]) => `<div class="card" data-count="${escapeHtml(label)}"${title ? ` title="${escapeHtml(title)}"` : ''}><span class="dim">${escapeHtml(label)}</span><b>${value}</b></div>`)
    .join('')}</div>${
    s.problems.length > 0
      ? `<p class="dim">${int(s.problems.length)} file problems: ${s.problems
          .slice(0, 10)
          .map((p) => escapeHtml(p.message))
          .join('; ')}</p>`
      : ''
  }</section>`
}

function incidentsSection(all: readonly Incident[]): string {
  // The detected attacks (MEDIUM and above) are the report; LOW incidents are counted, listed in the CSV.
  const incidents = all.filter((i) => i.severity !== 'LOW' && i.severity !== 'NONE')
  const low = all.length - incidents.length
  const rows = incidents.slice(0, INCIDENTS_SHOWN).map(
    (i) => `<tr><td>${sevBadge(i.severity)}</td><td>${escapeHtml(i.threat_type)}</td><td>${escapeHtml(i.reason)}</td><td>${int(i.lines)}</td>
      <td class="when">${escapeHtml(span(i.first_ts, i.last_ts))}</td>
      <td>${escapeHtml([...i.hosts, ...(i.host_count > i.hosts.length ? [`+${i.host_count - i.hosts.length}`] : [])].join(', '))}</td>
      <td>${escapeHtml([...i.users, ...(i.user_count > i.users.length ? [`+${i.user_count - i.users.length}`] : [])].join(', '))}</td>
      <td>${escapeHtml([...i.src_ips, ...(i.src_ip_count > i.src_ips.length ? [`+${i.src_ip_count - i.src_ips.length}`] : [])].join(', '))}</td>
      <td><code>${escapeHtml(i.mitre_techniques.join(' '))}</code></td></tr>`,
  )
  const more = [
    ...(incidents.length > INCIDENTS_SHOWN ? [`${int(incidents.length - INCIDENTS_SHOWN)} more incidents at MEDIUM or above`] : []),
    ...(low > 0 ? [`${int(low)} LOW incidents`] : []),
  ]
  const tail = more.length > 0 ? `<p class="dim">${more.join(' and ')} are in anomalies.csv.</p>` : ''
  return `<section id="incidents"><h2>Incidents at MEDIUM or above (${int(incidents.length)})</h2>${
    incidents.length === 0
      ? `<p class="empty">No incident at MEDIUM or above.</p>${tail}`
      : `<table><thead><tr><th>Severity</th><th>Threat</th><th>Why</th><th>Lines</th><th>First / last</th><th>Hosts</th><th>Users</th><th>Source IPs</th><th>ATT&amp;CK</th></tr></thead><tbody>${rows.join('')}</tbody></table>${tail}`
  }</section>`
}

function figure(chart: Chart, wide: boolean): string {
  const [w, h] = wide ? [1200, 260] : [600, 300]
  const body = chart.hasData ? chartSvg(chart, w, h) : `<p class="empty">${escapeHtml(chart.caption)}</p>`
  return `<figure id="chart-${escapeHtml(chart.id)}" class="chart${wide ? ' wide' : ''}" data-has-data="${chart.hasData}"><h3>${escapeHtml(chart.title)}</h3>${body}<figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`
}

function matrixSection(m: AttackMatrix): string {
  const columns = m.tactics.map((t) => {
    const cells = t.cells
      .filter((c) => c.count > 0 && c.severity !== null)
      .map(
        (c) =>
          `<div class="cell" style="background:${SEVERITY_COLORS[c.severity ?? 'NONE']}" title="${escapeHtml(c.topReason)}"><b>${escapeHtml(c.id)}</b>${escapeHtml(c.name)}<br>${int(c.count)} findings</div>`,
      )
    return `<div class="tactic" data-tactic="${escapeHtml(t.shortname)}"><h4>${escapeHtml(t.name)}</h4>${cells.join('') || '<div class="empty">—</div>'}</div>`
  })
  return `<section id="attack"><h2>ATT&amp;CK matrix of what was seen (${int(m.seen)} techniques, Enterprise v${escapeHtml(m.attackVersion)})</h2><div class="matrix">${columns.join('')}</div></section>`
}

function optionsSection(r: ReportInput): string {
  const rows = Object.entries(r.options).map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`)
  return `<section id="options"><h2>Options and versions</h2><table><tbody>${rows.join('')}
    <tr><th>Vigil</th><td>${escapeHtml(r.versions.vigil)}</td></tr><tr><th>ATT&amp;CK</th><td>Enterprise v${escapeHtml(r.versions.attack)}</td></tr>
    <tr><th>Autoencoder backend</th><td>${escapeHtml(r.summary.backend ?? 'did not run')}</td></tr>
    <tr><th>Scan time</th><td>${(r.summary.durationMs / 1000).toFixed(1)} s</td></tr></tbody></table></section>`
}

/** The whole report as one HTML document. */
export function reportHtml(r: ReportInput): string {
  const [timeline, ...charts] = r.charts
  const roots = r.summary.roots.map(escapeHtml).join(', ')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<title>Vigil report: ${roots}</title>
<style>${STYLE}</style></head>
<body>
<h1>Vigil report</h1>
<p class="dim">${roots} · written ${escapeHtml(utc(r.generatedAt))} · Vigil ${escapeHtml(r.versions.vigil)}</p>
${summarySection(r)}
${incidentsSection(r.incidents)}
<section id="timeline"><h2>Timeline</h2>${timeline ? figure(timeline, true) : ''}</section>
<section id="charts"><h2>Charts</h2><div class="charts">${charts.map((c) => figure(c, false)).join('')}</div></section>
${matrixSection(r.matrix)}
${optionsSection(r)}
<footer>MITRE ATT&amp;CK® Enterprise v${escapeHtml(r.versions.attack)}. ${escapeHtml(r.attackNotice)}</footer>
</body></html>
`
}
