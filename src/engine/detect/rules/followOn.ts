/**
 * The activity that follows a suspicious login belongs to the same episode: what the account did
 * on that host, and what came from that IP, for a while afterwards.
 */
import type { HitSink, RuleContext } from './types'

/**
 * Marks `row`, then the rows of its user on its host and the rows from its IP in
 * [ts, ts + ms]; returns how many rows besides `row` were marked.
 */
export function markFollowOn(
  ctx: RuleContext,
  row: number,
  ms: number,
  mark: (row: number) => void,
  options: { sameHostOnly?: boolean } = {},
): number {
  const { t, w } = ctx
  const from = t.ts[row]
  const to = from + ms
  const u = t.user[row]
  const h = t.host[row]
  const ip = t.ip[row]
  const seen = new Set<number>([row])
  const once = (r: number) => {
    if (!seen.has(r)) {
      seen.add(r)
      mark(r)
    }
  }
  mark(row)
  if (u >= 0) sweep(w.userGroups.offsets, w.userGroups.rows, u, t.ts, from, to, (r) => {
    if (t.host[r] === h || (!options.sameHostOnly && t.ip[r] === ip && ip >= 0)) {
      once(r)
      return true
    }
    return false
  })
  if (ip >= 0) sweep(w.ipGroups.offsets, w.ipGroups.rows, ip, t.ts, from, to, (r) => {
    if (!options.sameHostOnly || t.host[r] === h) {
      once(r)
      return true
    }
    return false
  })
  return seen.size - 1
}

function sweep(
  offsets: Uint32Array,
  rows: Uint32Array,
  e: number,
  ts: Float64Array,
  from: number,
  to: number,
  visit: (r: number) => boolean,
): number {
  let lo = offsets[e]
  let hi = offsets[e + 1]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ts[rows[mid]] < from) lo = mid + 1
    else hi = mid
  }
  let n = 0
  for (let p = lo; p < offsets[e + 1] && ts[rows[p]] <= to; p++) if (visit(rows[p])) n++
  return n
}

/** Rows of entity `e` in a group with ts in [from, to]. */
export function rowsInRange(offsets: Uint32Array, rows: Uint32Array, e: number, ts: Float64Array, from: number, to: number): number[] {
  const out: number[] = []
  sweep(offsets, rows, e, ts, from, to, (r) => {
    out.push(r)
    return true
  })
  return out
}

/**
 * Marks every row of the login session `row` belongs to; returns the number of rows marked, or 0
 * when the row belongs to no session (the caller may then fall back to markFollowOn).
 */
export function markSessionOf(ctx: RuleContext, row: number, mark: (row: number) => void): number {
  const id = ctx.sessions.of[row]
  if (id < 0) return 0
  const { offsets, rows } = ctx.sessionRows
  for (let p = offsets[id]; p < offsets[id + 1]; p++) if (rows[p] !== row) mark(rows[p])
  return offsets[id + 1] - offsets[id]
}

/** Marks `row` with hit `id` and the rest of its session with a slightly weaker copy. */
export function markWithSession(ctx: RuleContext, sink: HitSink, row: number, id: number, derived?: number): number {
  sink.mark(row, id)
  const d = derived ?? sink.derive(id)
  return markSessionOf(ctx, row, (x) => sink.mark(x, d))
}
