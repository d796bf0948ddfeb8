/**
 * Correlation rules over matched rows (time order): event_count (events per group within the
 * timespan), value_count (distinct values of a field per group), temporal (every referenced rule
 * seen per group within the timespan). A sliding window per group: when the condition holds at a
 * row, the correlation fires there, and the rows in the window are its episode.
 */
import type { NormalizedEvent } from '../../shared/event'
import { EventView } from './EventView'
import type { SigmaSet } from './SigmaSet'
import type { CorrelationRule, CountCondition } from './types'

/** A window where a correlation held: the row it fired at and every row in the window then. */
export interface Firing {
  row: number
  rows: number[]
  /** The group-by values, joined (for the episode: one per group and burst). */
  group: string
}

/** Rows by the rule id (or name) they matched: detections' and already evaluated correlations'. */
export type RowsByRule = ReadonlyMap<string, readonly number[]>

export function holds(c: CountCondition, n: number): boolean {
  return (
    (c.gt === undefined || n > c.gt) &&
    (c.gte === undefined || n >= c.gte) &&
    (c.lt === undefined || n < c.lt) &&
    (c.lte === undefined || n <= c.lte) &&
    (c.eq === undefined || n === c.eq)
  )
}

interface Window {
  rows: number[]
  /** value_count: distinct value → occurrences in the window. */
  values: Map<string, number>
  /** temporal: referenced rule index → rows of it in the window. */
  perRule: number[]
}

export function correlate(
  c: CorrelationRule,
  set: SigmaSet,
  /** The event of a row (read only for rows the referenced rules matched). */
  eventOf: (row: number) => NormalizedEvent,
  ts: ArrayLike<number>,
  rowsOf: RowsByRule,
): Firing[] {
  // Merge the referenced rules' rows; a row may match several of them.
  const refsAt = new Map<number, number[]>()
  c.rules.forEach((ref, k) => {
    const rule = set.byRef.get(ref)
    for (const row of rowsOf.get(rule?.id ?? ref) ?? []) {
      let refs = refsAt.get(row)
      if (!refs) refsAt.set(row, (refs = []))
      if (!refs.includes(k)) refs.push(k)
    }
  })
  const rows = [...refsAt.keys()].sort((a, b) => a - b)
  const view = new EventView(set.fieldMap)
  const windows = new Map<string, Window>()
  const firings: Firing[] = []
  const nameOf = c.rules.map((ref) => set.byRef.get(ref)?.name ?? ref)
  const groupFieldFor = (field: string, k: number) => c.aliases[field]?.[nameOf[k]] ?? c.aliases[field]?.[c.rules[k]] ?? field
  const valueOf = (field: string): string | null => {
    const v = view.field(field)
    if (v === undefined || v === null || v === '') return null
    return typeof v === 'object' ? JSON.stringify(v) : String(v)
  }
  for (const row of rows) {
    view.reset(eventOf(row))
    const refs = refsAt.get(row)!
    // One row can belong to different groups through aliases of the rules it matched.
    for (const k of refs) {
      const parts: string[] = []
      let complete = true
      for (const g of c.groupBy) {
        const v = valueOf(groupFieldFor(g, k))
        if (v === null) {
          complete = false
          break
        }
        parts.push(v)
      }
      // An event without a group-by value has no group to count in (as a SIEM's group-by drops it).
      if (!complete) continue
      const group = parts.join('\u0000')
      let w = windows.get(group)
      if (!w) windows.set(group, (w = { rows: [], values: new Map(), perRule: new Array<number>(c.rules.length).fill(0) }))
      if (w.rows[w.rows.length - 1] === row) continue
      const value = c.type === 'value_count' ? valueOf(c.field!) : null
      w.rows.push(row)
      if (value !== null) w.values.set(value, (w.values.get(value) ?? 0) + 1)
      for (const kk of refs) w.perRule[kk]++
      // Slide: drop rows older than the timespan.
      while (w.rows.length > 0 && ts[w.rows[0]] < ts[row] - c.timespanMs) {
        const old = w.rows.shift()!
        view.reset(eventOf(old))
        if (c.type === 'value_count') {
          const ov = valueOf(c.field!)
          if (ov !== null) {
            const left = (w.values.get(ov) ?? 1) - 1
            if (left === 0) w.values.delete(ov)
            else w.values.set(ov, left)
          }
        }
        for (const kk of refsAt.get(old)!) w.perRule[kk]--
        view.reset(eventOf(row))
      }
      if (holds(c.condition, measure(c, w))) firings.push({ row, rows: [...w.rows], group })
      break
    }
  }
  return firings
}

function measure(c: CorrelationRule, w: Window): number {
  if (c.type === 'event_count') return w.rows.length
  if (c.type === 'value_count') return w.values.size
  let seen = 0
  for (const n of w.perRule) if (n > 0) seen++
  return seen
}
