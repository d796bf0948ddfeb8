/**
 * The pictures' aggregates in SQL, over the grid's filter (findingsQuery's WHERE clause). When the
 * filter is only a severity floor, the running totals of rollups.ts answer (milliseconds at
 * 10,000,000 events); any other filter (a time range, a column, the quick filter, an incident)
 * groups the matching rows themselves, which is as fast as that filter is narrow.
 */
import type Database from 'better-sqlite3'
import type { FindingsFilter } from '../../shared/api'
import { SEVERITIES, severityRank, type Severity } from '../../shared/finding'
import {
  bucketFor,
  type EntityCount,
  type EntityField,
  type InterArrival,
  type LoginWindows,
  type ScoreHistogram,
  type SeverityCounts,
  type TechniqueCount,
  type ThreatCount,
  type ThreatScores,
  type Timeline,
} from '../../shared/insights'
import { fitGaps, fitWindowCounts } from '../insights/fits'
import { buildWhere } from './findingsQuery'
import { loginGaps, readLoginSample, windowHistogram, type LoginSource } from './loginSample'
import { IS_PIVOTED_SQL, PIVOT_FIELDS, QUARTER_MS, type PivotField } from './pivots'
import { FACET_SEPARATOR, SCORE_BIN } from './rollups'
import type { Store } from './Store'
import { StatementCache } from './statementCache'

const BINS = Math.round(1 / SCORE_BIN)
const BIN_SQL = `MIN(${BINS - 1}, CAST(s.score * ${BINS} AS INTEGER))`
const SCORED = 'scores s JOIN events e ON e.id = s.event_id'
/**
 * The tables a WHERE reads: the triage only when it filters on it (a status, a tag), since SQLite
 * does not drop the unused outer join, and with it each row's read of the event's key.
 */
const fromFor = (where: string): string => (/\bt\./.test(where) ? `${SCORED} LEFT JOIN triage t ON t.event_key = e.event_key` : SCORED)
const ENTITY_SQL: Readonly<Record<EntityField, string>> = { user: 'e."user"', src_ip: 'e.src_ip', host: 'e.host' }

/** A facet value's highest severity: the highest floor it still counts at (rollup_facets is cumulative). */
const MAX_RANK_SQL = '(SELECT MAX(g.rank) FROM rollup_facets g WHERE g.facet = f.facet AND g.value = f.value AND g.n > 0)'
/** The same in a pivot's totals (pivot_facets keeps no zero row). */
const PIVOT_MAX_RANK_SQL = '(SELECT MAX(g.rank) FROM pivot_facets g WHERE g.facet = f.facet AND g.value = f.value AND g.facet2 = f.facet2 AND g.value2 = f.value2)'

/** One user, address or host, exactly: what a pivot (or an equals filter on that column) selects. */
interface Pivot {
  field: PivotField
  value: string
}

/**
 * The pivot a filter is, when it is only that (besides the floor, and for the timeline a time range,
 * which it ignores): one equals filter on a user, address or host. Null otherwise.
 */
function pivotOf(filter: FindingsFilter, ignoreRange = false): Pivot | null {
  if (filter.quickFilter?.trim() || filter.incident) return null
  if (!ignoreRange && (filter.from !== undefined || filter.to !== undefined)) return null
  const entries = Object.entries(filter.filterModel ?? {}).filter(([, f]) => f !== undefined && f !== null)
  if (entries.length !== 1) return null
  const [col, f] = entries[0]
  if (!(PIVOT_FIELDS as readonly string[]).includes(col) || !f || !('type' in f) || f.filterType !== 'text' || f.type !== 'equals' || !f.filter) return null
  return { field: col as PivotField, value: f.filter }
}

const severityAt = (rank: number): Severity => SEVERITIES[rank] ?? 'NONE'
const floorOf = (filter: FindingsFilter): Severity => filter.minSeverity ?? 'LOW'

/** The filter without what the rollups can answer (the floor): its WHERE clause, empty when only a floor. */
function narrowing(filter: FindingsFilter): ReturnType<typeof buildWhere> {
  return buildWhere({ ...filter, sortModel: [], minSeverity: 'NONE' })
}

/** WHERE for `filter` plus extra clauses. */
function whereWith(built: ReturnType<typeof buildWhere>, ...extra: string[]): string {
  const base = built.where === '' ? [] : [built.where.slice('WHERE '.length)]
  const all = [...base, ...extra]
  return all.length === 0 ? '' : `WHERE ${all.join(' AND ')}`
}

export class Aggregates {
  private readonly statements: StatementCache

  /**
   * `syncText` brings the quick filter's index up to date (Store.syncFindingsText); `ensureTotals`
   * refills the running totals a bulk load left pending (Store.ensureRollups), `ensurePivots` the
   * pivot totals (Store.ensurePivots).
   */
  constructor(
    db: Database.Database,
    private readonly syncText: () => void = () => undefined,
    private readonly ensureTotals: () => void = () => undefined,
    private readonly ensurePivots: () => void = () => undefined,
  ) {
    this.statements = new StatementCache(db, 100)
  }

  /** Events per bucket stacked by severity, over every severity and all time (the brush is drawn on it). */
  timeline(filter: FindingsFilter): Timeline {
    const pivot = this.pivoted(filter, true)
    if (pivot) {
      const answer = this.pivotTimeline(pivot)
      if (answer) return answer
    }
    const built = this.where({ ...filter, from: undefined, to: undefined, minSeverity: 'NONE' })
    let span: { lo: number | null; hi: number | null }
    let rows: { t: number; rank: number; n: number }[]
    if (built.where === '') {
      span = this.get('SELECT (SELECT MIN(minute) FROM rollup_minutes) AS lo, (SELECT MAX(minute) FROM rollup_minutes) AS hi') as typeof span
      if (span.lo === null || span.hi === null) return { bucketMs: bucketFor(0), first: null, last: null, buckets: [] }
      const bucket = bucketFor((span.hi - span.lo + 1) * 60_000)
      // Hour buckets and wider from the hours table: a few thousand rows where minutes are hundreds of thousands.
      const [table, unit, unitMs] = bucket >= 3_600_000 ? ['rollup_hours', 'hour', 3_600_000] : ['rollup_minutes', 'minute', 60_000]
      rows = this.all(
        `SELECT CAST(${unit} * ${unitMs} / ? AS INTEGER) * ? AS t, rank, SUM(n) AS n FROM ${table} GROUP BY 1, 2 HAVING SUM(n) > 0 ORDER BY 1`,
        bucket,
        bucket,
      ) as typeof rows
      return assemble(bucket, span.lo * 60_000, span.hi * 60_000 + 59_999, rows)
    }
    // Minutes first (one pass over the matching rows), then the bucket the span asks for.
    const minutes = this.all(
      `SELECT CAST(e.ts / 60000 AS INTEGER) AS m, s.severity_rank AS rank, COUNT(*) AS n FROM ${fromFor(built.where)} ${built.where} GROUP BY 1, 2 ORDER BY 1`,
      ...built.params,
    ) as { m: number; rank: number; n: number }[]
    if (minutes.length === 0) return { bucketMs: bucketFor(0), first: null, last: null, buckets: [] }
    const lo = minutes[0].m
    const hi = minutes[minutes.length - 1].m
    const bucket = bucketFor((hi - lo + 1) * 60_000)
    rows = minutes.map((r) => ({ t: Math.floor((r.m * 60_000) / bucket) * bucket, rank: r.rank, n: r.n }))
    return assemble(bucket, lo * 60_000, hi * 60_000 + 59_999, rows)
  }

  /**
   * A pivot's timeline from its totals, in buckets of 15 minutes or more; null when its events span
   * so little time that the bucket is finer (then its rows answer: a few thousand minutes at most).
   */
  private pivotTimeline(pivot: Pivot): Timeline | null {
    const key = [pivot.field, pivot.value]
    const span = this.get(
      `SELECT (SELECT MIN(quarter) FROM pivot_quarters WHERE facet = ? AND value = ?) AS lo, (SELECT MAX(quarter) FROM pivot_quarters WHERE facet = ? AND value = ?) AS hi`,
      ...key,
      ...key,
    ) as { lo: number | null; hi: number | null }
    if (span.lo === null || span.hi === null) return null
    // The exact first and last minute from the events of the first and last quarter: through the
    // user's (user, time) index, or for an address or host the time index (its own has no time).
    const is = pivot.field === 'user' ? 'e."user" = ?' : `+${ENTITY_SQL[pivot.field]} = ?`
    const minutes = this.get(
      `SELECT (SELECT CAST(MIN(e.ts) / 60000 AS INTEGER) FROM events e WHERE ${is} AND e.ts >= ? AND e.ts < ?) AS lo,
        (SELECT CAST(MAX(e.ts) / 60000 AS INTEGER) FROM events e WHERE ${is} AND e.ts >= ? AND e.ts < ?) AS hi`,
      pivot.value,
      span.lo * QUARTER_MS,
      (span.lo + 1) * QUARTER_MS,
      pivot.value,
      span.hi * QUARTER_MS,
      (span.hi + 1) * QUARTER_MS,
    ) as { lo: number; hi: number }
    const bucket = bucketFor((minutes.hi - minutes.lo + 1) * 60_000)
    if (bucket < QUARTER_MS) return null
    const rows = this.all(
      `SELECT CAST(quarter * ${QUARTER_MS} / ? AS INTEGER) * ? AS t, rank, SUM(n) AS n FROM pivot_quarters WHERE facet = ? AND value = ? GROUP BY 1, 2 ORDER BY 1`,
      bucket,
      bucket,
      ...key,
    ) as { t: number; rank: number; n: number }[]
    return assemble(bucket, minutes.lo * 60_000, minutes.hi * 60_000 + 59_999, rows)
  }

  /** ATT&CK ids of the findings at or above the floor: count, highest severity and the commonest first reason. */
  techniques(filter: FindingsFilter): TechniqueCount[] {
    const floor = Math.max(1, severityRank(floorOf(filter)))
    const built = this.where(filter)
    const pivot = this.pivoted(filter)
    const rows = (
      pivot
        ? this.all(
            `SELECT value2 AS v, ${PIVOT_MAX_RANK_SQL} AS r, n FROM pivot_facets f WHERE facet = ? AND value = ? AND facet2 = 'mitre' AND rank = ?`,
            pivot.field,
            pivot.value,
            floor,
          )
        : narrowing(filter).where === '' && floor >= 1
        ? this.all(`SELECT value AS v, ${MAX_RANK_SQL} AS r, n FROM rollup_facets f WHERE facet = 'mitre' AND rank = ? AND n > 0`, floor)
        : this.all(
            `SELECT s.mitre_techniques || char(31) || COALESCE(json_extract(s.reasons, '$[0]'), '') AS v, MAX(s.severity_rank) AS r, COUNT(*) AS n
             FROM ${fromFor(built.where)} ${whereWith(built, `s.mitre_techniques <> '[]'`, 's.severity_rank >= 1')} GROUP BY 1`,
            ...built.params,
          )
    ) as { v: string; r: number; n: number }[]
    const byId = new Map<string, { count: number; rank: number; reasons: Map<string, number> }>()
    for (const row of rows) {
      const cut = row.v.indexOf(FACET_SEPARATOR)
      const reason = row.v.slice(cut + 1)
      for (const id of JSON.parse(row.v.slice(0, cut)) as string[]) {
        const t = byId.get(id) ?? { count: 0, rank: 0, reasons: new Map<string, number>() }
        t.count += row.n
        t.rank = Math.max(t.rank, row.r)
        t.reasons.set(reason, (t.reasons.get(reason) ?? 0) + row.n)
        byId.set(id, t)
      }
    }
    return [...byId]
      .map(([id, t]) => ({ id, count: t.count, severity: severityAt(t.rank), topReason: topKey(t.reasons) }))
      .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id))
  }

  /** Scores of every event the filter selects, the floor ignored (the chart draws the four thresholds). */
  scoreHistogram(filter: FindingsFilter): ScoreHistogram {
    const built = this.where({ ...filter, minSeverity: 'NONE' })
    const pivot = this.pivoted(filter)
    const rows = (
      pivot
        ? this.all('SELECT bin, SUM(n) AS n FROM pivot_scores WHERE facet = ? AND value = ? GROUP BY bin', pivot.field, pivot.value)
        : built.where === ''
        ? this.all('SELECT bin, SUM(n) AS n FROM rollup_scores GROUP BY bin')
        : this.all(`SELECT ${BIN_SQL} AS bin, COUNT(*) AS n FROM ${fromFor(built.where)} ${built.where} GROUP BY 1`, ...built.params)
    ) as { bin: number; n: number }[]
    const counts = new Array<number>(BINS).fill(0)
    for (const r of rows) counts[r.bin] += r.n
    return { width: SCORE_BIN, counts }
  }

  /** Box plots of the findings' scores per threat type (quartiles to the bin width, bin centres). */
  scoresByThreat(filter: FindingsFilter): ThreatScores[] {
    const floor = Math.max(1, severityRank(floorOf(filter)))
    const built = this.where(filter)
    const pivot = this.pivoted(filter)
    const rows = (
      pivot
        ? this.all(
            `SELECT threat_type AS k, bin, SUM(n) AS n FROM pivot_scores WHERE facet = ? AND value = ? AND rank >= ? AND threat_type <> 'none'
             GROUP BY 1, 2 ORDER BY 1, 2`,
            pivot.field,
            pivot.value,
            floor,
          )
        : narrowing(filter).where === ''
        ? this.all(
            `SELECT threat_type AS k, bin, SUM(n) AS n FROM rollup_scores WHERE rank >= ? AND threat_type <> 'none' GROUP BY 1, 2 HAVING SUM(n) > 0 ORDER BY 1, 2`,
            floor,
          )
        : this.all(
            `SELECT s.threat_type AS k, ${BIN_SQL} AS bin, COUNT(*) AS n FROM ${fromFor(built.where)} ${whereWith(built, "s.threat_type <> 'none'", 's.severity_rank >= 1')} GROUP BY 1, 2 ORDER BY 1, 2`,
            ...built.params,
          )
    ) as { k: string; bin: number; n: number }[]
    const byThreat = new Map<string, { bin: number; n: number }[]>()
    for (const r of rows) byThreat.set(r.k, [...(byThreat.get(r.k) ?? []), { bin: r.bin, n: r.n }])
    return [...byThreat]
      .map(([threat_type, bins]) => ({ threat_type, count: bins.reduce((a, b) => a + b.n, 0), box: boxOf(bins) }))
      .sort((a, b) => b.count - a.count || a.threat_type.localeCompare(b.threat_type))
  }

  /** Findings per threat type at or above the floor. */
  threats(filter: FindingsFilter): ThreatCount[] {
    return this.facet(filter, 'threat', 's.threat_type', "s.threat_type <> 'none'")
      .filter((r) => r.value !== 'none')
      .map((r) => ({ threat_type: r.value, count: r.count, severity: r.severity }))
  }

  /** The users, addresses or hosts with the most findings at or above the floor. */
  top(filter: FindingsFilter, field: EntityField, limit = 10): EntityCount[] {
    return this.facet(filter, field, ENTITY_SQL[field], `${ENTITY_SQL[field]} IS NOT NULL AND ${ENTITY_SQL[field]} <> ''`, limit)
  }

  /** Logins per user per 5-minute window (every severity) against a zero-truncated Poisson. */
  loginWindows(filter: FindingsFilter): LoginWindows {
    const sample = readLoginSample(this.statements, this.loginSource(filter))
    const histogram = windowHistogram(sample)
    const fit = fitWindowCounts(histogram)
    let windows = 0
    let logins = 0
    for (const [k, n] of histogram) {
      windows += n
      logins += k * n
    }
    return { windows, users: sample.byUser.size, logins, lambda: fit.lambda, rows: fit.rows, unlikely: fit.unlikely, sampled: sample.sampled }
  }

  /** Gaps between consecutive logins of the same user against the fitted exponential. */
  interArrival(filter: FindingsFilter): InterArrival {
    const sample = readLoginSample(this.statements, this.loginSource(filter))
    const gaps = loginGaps(sample)
    const fit = fitGaps(gaps)
    return { gaps: gaps.length, ratePerSec: fit.ratePerSec, bins: fit.bins, sampled: sample.sampled }
  }

  /** The login statistics' filter: every severity (loginSample.ts reads a bounded sample of its logins). */
  private loginSource(filter: FindingsFilter): LoginSource {
    const built = this.where({ ...filter, minSeverity: 'NONE' })
    // No filter but the floor: the events alone (the covering logins index).
    if (built.where === '') return { from: 'events e', conditions: [], params: [] }
    const condition = built.where.slice('WHERE '.length)
    // A filter on the events' own columns (a range, a user) reads no score row, as without a filter.
    const eventsOnly = !/\b[st]\./.test(condition)
    return { from: eventsOnly ? 'events e' : fromFor(condition), conditions: [condition], params: built.params }
  }

  /** The values of one facet with the most findings at or above the floor (rollup or the rows themselves). */
  private facet(filter: FindingsFilter, facet: string, expr: string, notEmpty: string, limit = -1): EntityCount[] {
    const floor = Math.max(1, severityRank(floorOf(filter)))
    const built = this.where(filter)
    const pivot = this.pivoted(filter)
    const rows = (
      pivot
        ? this.all(
            `SELECT value2 AS v, ${PIVOT_MAX_RANK_SQL} AS r, n FROM pivot_facets f WHERE facet = ? AND value = ? AND facet2 = ? AND rank = ?
             ORDER BY n DESC, value2 LIMIT ?`,
            pivot.field,
            pivot.value,
            facet,
            floor,
            limit,
          )
        : narrowing(filter).where === ''
        ? this.all(
            `SELECT value AS v, ${MAX_RANK_SQL} AS r, n FROM rollup_facets f WHERE facet = ? AND rank = ? AND n > 0 ORDER BY n DESC, value LIMIT ?`,
            facet,
            floor,
            limit,
          )
        : this.all(
            `SELECT ${expr} AS v, MAX(s.severity_rank) AS r, COUNT(*) AS n FROM ${fromFor(built.where)} ${whereWith(built, notEmpty, 's.severity_rank >= 1')}
             GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT ?`,
            ...built.params,
            limit,
          )
    ) as { v: string; r: number; n: number }[]
    return rows.map((r) => ({ value: r.v, count: r.n, severity: severityAt(r.r) }))
  }

  /** The filter's pivot when its totals are kept (pivots.ts: a value with many events), else null. */
  private pivoted(filter: FindingsFilter, ignoreRange = false): Pivot | null {
    const pivot = pivotOf(filter, ignoreRange)
    if (!pivot) return null
    this.ensurePivots()
    return this.get(IS_PIVOTED_SQL, pivot.field, pivot.value) !== undefined ? pivot : null
  }

  /**
   * The filter's WHERE (the quick filter's index synced first when it is used). The floor is checked
   * row by row: an aggregate wants no score order, and a user's or address's rows are best found
   * through its own index (findingsQuery's score-ordered list check walked every finding).
   */
  private where(filter: FindingsFilter): ReturnType<typeof buildWhere> {
    if (filter.quickFilter?.trim()) this.syncText()
    return buildWhere({ ...filter, sortModel: [] }, 'perRow')
  }

  private all(sql: string, ...params: unknown[]): unknown[] {
    this.ensureTotals()
    return this.statements.get(sql).all(...params)
  }

  private get(sql: string, ...params: unknown[]): unknown {
    this.ensureTotals()
    return this.statements.get(sql).get(...params)
  }
}

function assemble(bucketMs: number, first: number, last: number, rows: { t: number; rank: number; n: number }[]): Timeline {
  const byT = new Map<number, SeverityCounts>()
  for (const r of rows) {
    const counts = byT.get(r.t) ?? [0, 0, 0, 0, 0]
    counts[r.rank] += r.n
    byT.set(r.t, counts)
  }
  const buckets = [...byT].sort((a, b) => a[0] - b[0]).map(([t, bySeverity]) => ({ t, bySeverity }))
  return { bucketMs, first, last, buckets }
}

function topKey(counts: ReadonlyMap<string, number>): string {
  let best = ''
  let bestN = -1
  for (const [k, n] of counts) if (n > bestN || (n === bestN && k < best)) [best, bestN] = [k, n]
  return best
}

/** min, quartiles, max from sorted bins (the centre of the bin each falls in). */
function boxOf(bins: readonly { bin: number; n: number }[]): ThreatScores['box'] {
  const total = bins.reduce((a, b) => a + b.n, 0)
  const at = (q: number): number => {
    const rank = Math.min(total - 1, Math.floor(q * (total - 1)))
    let seen = 0
    for (const b of bins) {
      seen += b.n
      if (seen > rank) return round4((b.bin + 0.5) * SCORE_BIN)
    }
    return round4((bins[bins.length - 1].bin + 0.5) * SCORE_BIN)
  }
  return [at(0), at(0.25), at(0.5), at(0.75), at(1)]
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000

/** The aggregates over a Store's own connection (as findingsQueryOf). */
export function aggregatesOf(store: Store): Aggregates {
  return new Aggregates(
    store.connection,
    () => store.syncFindingsText(),
    () => store.ensureRollups(),
    () => store.ensurePivots(),
  )
}
