/**
 * The pictures as ECharts options, built from the engine's aggregates (shared/insights.ts), each
 * with its one-line caption. The same options are drawn live in the app and rendered to inline
 * SVG in the HTML report, so both show the same thing. Plain data only: no functions (formatters
 * are template strings), nothing from the logs is ever treated as markup (ECharts renders text
 * as text in SVG).
 */
import type { EChartsOption } from 'echarts'
import { SEVERITIES, SEVERITY_FLOOR, severityOf, type Severity } from './finding'
import { LOGIN_SAMPLE, type EntityCount, type InterArrival, type LoginWindows, type ScoreHistogram, type ThreatCount, type ThreatScores, type Timeline } from './insights'

/** The app's dark theme (styles.css). */
export const THEME = {
  bg: '#111820',
  text: '#d3dbe5',
  dim: '#7d8fa3',
  grid: '#222d3a',
  accent: '#3d8bfd',
  fit: '#3fb950',
} as const

export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  NONE: '#4a5a6c',
  LOW: '#4d9cf5',
  MEDIUM: '#e3b341',
  HIGH: '#f28c28',
  CRITICAL: '#f0454b',
}

export interface Chart {
  /** Stable id (tests, the report's anchors). */
  id: string
  title: string
  /** One line that says what the picture shows, with its numbers. */
  caption: string
  option: EChartsOption
  /** False when there is nothing to draw (the chart says so instead). */
  hasData: boolean
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US')
const axisText = { color: THEME.dim, fontSize: 11 }
const base = (): EChartsOption => ({
  backgroundColor: 'transparent',
  animation: false,
  textStyle: { color: THEME.text, fontFamily: 'Inter, Segoe UI, Roboto, Arial, sans-serif' },
  grid: { left: 56, right: 16, top: 28, bottom: 36, containLabel: false },
  tooltip: { trigger: 'axis', backgroundColor: THEME.bg, borderColor: THEME.grid, textStyle: { color: THEME.text } },
})
const valueAxis = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'value',
  axisLabel: axisText,
  splitLine: { lineStyle: { color: THEME.grid } },
  ...extra,
})
const legend = { top: 0, right: 8, textStyle: { color: THEME.dim, fontSize: 11 }, itemWidth: 12, itemHeight: 8 }

/** A short UTC label for a bucket start, as wide as the bucket needs. */
export function bucketLabel(t: number, bucketMs: number): string {
  const iso = new Date(t).toISOString()
  if (bucketMs >= 86_400_000) return iso.slice(0, 10)
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`
}

const bucketName = (ms: number): string =>
  ms >= 86_400_000 ? `${ms / 86_400_000} day` : ms >= 3_600_000 ? `${ms / 3_600_000} h` : `${ms / 60_000} min`

/** Events per bucket stacked by severity, on a time axis (the brush selects on it). */
export function timelineChart(t: Timeline, scale: 'linear' | 'log' = 'linear'): Chart {
  const total = t.buckets.reduce((n, b) => n + b.bySeverity.reduce((a, c) => a + c, 0), 0)
  const findings = t.buckets.reduce((n, b) => n + b.bySeverity[1] + b.bySeverity[2] + b.bySeverity[3] + b.bySeverity[4], 0)
  const series = SEVERITIES.map((sev, rank) => ({
    name: sev,
    type: 'bar' as const,
    stack: 'events',
    barMinWidth: 2,
    barCategoryGap: '10%',
    itemStyle: { color: SEVERITY_COLORS[sev] },
    // On a log axis a stack of zeros is undefined: missing values instead.
    data: t.buckets.map((b) => [b.t + t.bucketMs / 2, b.bySeverity[rank] === 0 && scale === 'log' ? null : b.bySeverity[rank]]),
  }))
  return {
    id: 'timeline',
    title: 'Events over time by severity',
    caption:
      total === 0
        ? 'No events.'
        : `${int(total)} events, ${int(findings)} of them findings (LOW and above), in ${bucketName(t.bucketMs)} buckets from ${bucketLabel(t.first ?? 0, 60_000)} to ${bucketLabel(t.last ?? 0, 60_000)} UTC.`,
    hasData: total > 0,
    option: {
      ...base(),
      legend: { ...legend, data: [...SEVERITIES] },
      grid: { left: 56, right: 16, top: 24, bottom: 28 },
      xAxis: { type: 'time', axisLabel: axisText, axisLine: { lineStyle: { color: THEME.grid } }, min: t.first ?? undefined, max: t.last ?? undefined },
      yAxis: valueAxis(scale === 'log' ? { type: 'log', min: 1, logBase: 10 } : {}),
      series,
    },
  }
}

/** Scores of every event the filter selects, with the four severity thresholds. */
export function scoreHistogramChart(h: ScoreHistogram): Chart {
  const total = h.counts.reduce((a, b) => a + b, 0)
  const above = (floor: number): number => h.counts.reduce((n, c, i) => (i * h.width >= floor - 1e-9 ? n + c : n), 0)
  // Labels alternate in height: HIGH (0.85) and CRITICAL (0.95) are close.
  const lines = (['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const).map((s, i) => ({
    xAxis: SEVERITY_FLOOR[s],
    name: s,
    lineStyle: { color: SEVERITY_COLORS[s], type: 'dashed' as const, width: 1.5 },
    label: { formatter: `${s} ${SEVERITY_FLOOR[s]}`, color: SEVERITY_COLORS[s], fontSize: 10, position: (i % 2 === 0 ? 'end' : 'insideEndTop') as 'end' },
  }))
  return {
    id: 'score-histogram',
    title: 'Score distribution',
    caption:
      total === 0
        ? 'No scored events.'
        : `${int(total)} scored events; ${int(above(SEVERITY_FLOOR.LOW))} at or above LOW (0.5), ${int(above(SEVERITY_FLOOR.HIGH))} at or above HIGH (0.85). Dashed lines: the four severity thresholds; log scale.`,
    hasData: total > 0,
    option: {
      ...base(),
      xAxis: { type: 'value', min: 0, max: 1, axisLabel: axisText, splitLine: { show: false } },
      yAxis: valueAxis({ type: 'log', min: 1, logBase: 10 }),
      series: [
        {
          type: 'bar',
          name: 'events',
          barWidth: '90%',
          // Each bar in its severity band's colour.
          data: h.counts.map((c, i) => {
            const x = Math.round((i + 0.5) * h.width * 1000) / 1000
            return { value: [x, c === 0 ? null : c], itemStyle: { color: SEVERITY_COLORS[severityOf(x)] } }
          }),
          markLine: { symbol: 'none', silent: true, data: lines },
        },
      ],
    },
  }
}

/** Box plots of the findings' scores per threat type. */
export function scoresByThreatChart(rows: ThreatScores[]): Chart {
  const top = rows.slice(0, 12)
  return {
    id: 'scores-by-threat',
    title: 'Scores by threat type',
    caption:
      top.length === 0
        ? 'No findings.'
        : `Findings' scores per threat type (min, quartiles, max): ${top
            .slice(0, 3)
            .map((r) => `${r.threat_type} median ${r.box[2].toFixed(2)} over ${int(r.count)}`)
            .join('; ')}.`,
    hasData: top.length > 0,
    option: {
      ...base(),
      tooltip: { trigger: 'item', backgroundColor: THEME.bg, borderColor: THEME.grid, textStyle: { color: THEME.text } },
      grid: { left: 140, right: 16, top: 16, bottom: 32 },
      yAxis: { type: 'category', data: top.map((r) => r.threat_type), axisLabel: { ...axisText, width: 130, overflow: 'truncate' }, inverse: true },
      xAxis: valueAxis({ min: 0.5, max: 1 }),
      series: [{ type: 'boxplot', name: 'score', itemStyle: { color: '#1c2a3a', borderColor: THEME.accent }, data: top.map((r) => r.box) }],
    },
  }
}

/** Horizontal bars coloured by each value's highest severity. */
function barsBySeverity(id: string, title: string, rows: { name: string; count: number; severity: Severity }[], caption: string): Chart {
  return {
    id,
    title,
    caption,
    hasData: rows.length > 0,
    option: {
      ...base(),
      tooltip: { trigger: 'item', backgroundColor: THEME.bg, borderColor: THEME.grid, textStyle: { color: THEME.text } },
      grid: { left: 150, right: 40, top: 8, bottom: 24 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { ...axisText, width: 140, overflow: 'truncate' } },
      xAxis: valueAxis(),
      series: [
        {
          type: 'bar',
          name: 'findings',
          label: { show: true, position: 'right', color: THEME.dim, fontSize: 10 },
          data: rows.map((r) => ({ value: r.count, itemStyle: { color: SEVERITY_COLORS[r.severity] } })),
        },
      ],
    },
  }
}

export function threatsChart(rows: ThreatCount[]): Chart {
  const total = rows.reduce((n, r) => n + r.count, 0)
  return barsBySeverity(
    'threats',
    'Threat types',
    rows.slice(0, 12).map((r) => ({ name: r.threat_type, count: r.count, severity: r.severity })),
    rows.length === 0 ? 'No findings.' : `${int(total)} findings in ${rows.length} threat types; ${rows[0].threat_type} leads with ${int(rows[0].count)}. Colour: highest severity.`,
  )
}

const ENTITY_NAMES = { user: ['users', 'Top users'], src_ip: ['source addresses', 'Top source IPs'], host: ['hosts', 'Top hosts'] } as const

export function topChart(field: keyof typeof ENTITY_NAMES, rows: EntityCount[]): Chart {
  const [plural, title] = ENTITY_NAMES[field]
  return barsBySeverity(
    `top-${field}`,
    title,
    rows.map((r) => ({ name: r.value, count: r.count, severity: r.severity })),
    rows.length === 0 ? `No findings name ${plural}.` : `The ${plural} with the most findings: ${rows[0].value} has ${int(rows[0].count)}. Click a bar to filter on it.`,
  )
}

/** Observed windows per login count against the zero-truncated Poisson fit. */
export function loginWindowsChart(w: LoginWindows): Chart {
  const last = w.rows.length
  return {
    id: 'login-windows',
    title: 'Logins per user per 5-minute window',
    caption:
      w.windows === 0
        ? 'No logins.'
        : `${int(w.logins)} logins of ${int(w.users)} users in ${int(w.windows)} user-windows; Poisson λ = ${w.lambda.toFixed(2)} (zero-truncated); ${int(w.unlikely)} windows the fit puts below 1 in 10,000${w.sampled ? ` (sampled: the first users by name, up to ${int(LOGIN_SAMPLE)} logins in whole windows)` : ''}.`,
    hasData: w.windows > 0,
    option: {
      ...base(),
      legend: { ...legend, data: ['observed', 'Poisson'] },
      xAxis: { type: 'category', name: 'logins', nameLocation: 'middle', nameGap: 24, nameTextStyle: axisText, axisLabel: axisText, data: w.rows.map((r) => (r.k === last && last > 1 ? `${r.k}+` : String(r.k))) },
      yAxis: valueAxis({ type: 'log', min: 0.1, logBase: 10 }),
      series: [
        { type: 'bar', name: 'observed', itemStyle: { color: THEME.accent }, data: w.rows.map((r) => (r.observed === 0 ? null : r.observed)) },
        { type: 'line', name: 'Poisson', symbol: 'circle', symbolSize: 4, lineStyle: { color: THEME.fit }, itemStyle: { color: THEME.fit }, data: w.rows.map((r) => (r.expected < 0.1 ? null : Math.round(r.expected * 100) / 100)) },
      ],
    },
  }
}

const secLabel = (s: number): string => (s >= 86_400 ? `${s / 86_400}d` : s >= 3600 ? `${s / 3600}h` : s >= 60 ? `${s / 60}m` : `${s}s`)

/** Gaps between a user's logins against the fitted exponential. */
export function interArrivalChart(a: InterArrival): Chart {
  const mean = a.ratePerSec > 0 ? 1 / a.ratePerSec : 0
  return {
    id: 'inter-arrival',
    title: 'Login inter-arrival times',
    caption:
      a.gaps === 0
        ? 'No user logged in twice.'
        : `${int(a.gaps)} gaps between a user's consecutive logins; fitted exponential mean ${mean >= 60 ? `${(mean / 60).toFixed(1)} min` : `${mean.toFixed(1)} s`}; bars well above the line at short gaps are bursts${a.sampled ? ` (sampled: the first users by name, up to ${int(LOGIN_SAMPLE)} logins in whole windows)` : ''}.`,
    hasData: a.gaps > 0,
    option: {
      ...base(),
      legend: { ...legend, data: ['observed', 'exponential'] },
      xAxis: {
        type: 'category',
        axisLabel: axisText,
        data: a.bins.map((b) => (b.toSec === null ? `≥${secLabel(b.fromSec)}` : `<${secLabel(b.toSec)}`)),
      },
      yAxis: valueAxis({ type: 'log', min: 0.1, logBase: 10 }),
      series: [
        { type: 'bar', name: 'observed', itemStyle: { color: THEME.accent }, data: a.bins.map((b) => (b.observed === 0 ? null : b.observed)) },
        { type: 'line', name: 'exponential', symbol: 'circle', symbolSize: 4, lineStyle: { color: THEME.fit }, itemStyle: { color: THEME.fit }, data: a.bins.map((b) => (b.expected < 0.1 ? null : Math.round(b.expected * 100) / 100)) },
      ],
    },
  }
}
