/**
 * Bulk transfer / exfiltration (T1048, T1030): an account moving, within one hour, several times
 * more than in its busiest baseline hour (or than a typical account's busiest hour, when it has no
 * history: the median account's, since one backup account would set a bar no person reaches) —
 * one huge download or dozens of large ones in a row. The episode is the account's
 * activity from those addresses around it, with its sessions (login, listing, logout).
 */
import { hourOf, usualHours } from '../../features/baseline'
import { windowSum } from '../../features/windows'
import { markWithSession, rowsInRange } from './followOn'
import { fmtBytes, fmtClock, fmtDuration, plural } from './format'
import { inSpan } from './privilegedLogin'
import type { HitSink, RuleContext } from './types'

const HOUR = 3_600_000

export function bulkTransfer(ctx: RuleContext, sink: HitSink): void {
  const { t, w, bb, th } = ctx
  const weights = new Float64Array(t.n)
  let any = false
  for (let r = 0; r < t.n; r++) {
    const b = t.bytes[r]
    if (!Number.isNaN(b) && b > 0 && t.user[r] >= 0) {
      weights[r] = b
      any = true
    }
  }
  if (!any) return
  const hourSum = new Float64Array(t.n)
  windowSum(w.userGroups, t.ts, weights, HOUR, hourSum)
  const { offsets, rows } = w.userGroups
  const typical = typicalBusiestHour(bb.bytesHourMax, bb.bytesHourMaxAll)
  for (let u = 0; u + 1 < offsets.length; u++) {
    const own = bb.bytesHourMax[u] > 0
    const busiest = own ? bb.bytesHourMax[u] : typical
    // A quiet account's own volume jumping far past anything it did (tens of megabytes where a
    // megabyte was its busiest hour) needs no 100 MB to count; a typical account's hour is no
    // measure of that.
    const far = own ? Math.max(th.bulkMinBytes / FAR_FLOOR_DIVISOR, FAR_FACTOR * busiest) : Infinity
    const limit = Math.min(far, Math.max(th.bulkMinBytes, th.bulkHourFactor * busiest))
    let episode: number[] = []
    const flush = () => {
      if (episode.length) report(ctx, sink, u, episode, busiest, hourSum)
      episode = []
    }
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const r = rows[p]
      if (weights[r] === 0 || hourSum[r] < limit) continue
      if (episode.length && t.ts[r] - t.ts[episode[episode.length - 1]] > HOUR) flush()
      episode.push(r)
    }
    flush()
  }
}

/** How many times its own busiest baseline hour an account must move to count below `bulkMinBytes`... */
const FAR_FACTOR = 25
/** ...and never below this share of it (25 MB by default). */
const FAR_FLOOR_DIVISOR = 4

/** The median of the accounts' busiest baseline hours; `fallback` when no account moved bytes. */
function typicalBusiestHour(busiest: Float64Array, fallback: number): number {
  const moved = Array.from(busiest)
    .filter((x) => x > 0)
    .sort((a, b) => a - b)
  return moved.length === 0 ? fallback : moved[Math.floor((moved.length - 1) / 2)]
}

// `over`: rows where the hour's volume crossed the limit. The episode starts an hour before the
// first of them (the transfers that built up the volume) and covers the addresses they came from.
function report(ctx: RuleContext, sink: HitSink, u: number, over: number[], busiest: number, hourSum: Float64Array): void {
  const { t, w, bb } = ctx
  const from = t.ts[over[0]] - HOUR
  const to = t.ts[over[over.length - 1]]
  const ips = new Set(over.map((r) => t.ip[r]))
  const rows = rowsInRange(w.userGroups.offsets, w.userGroups.rows, u, t.ts, from, to).filter((r) => ips.has(t.ip[r]))
  const transfers = rows.filter((r) => !Number.isNaN(t.bytes[r]) && t.bytes[r] > 0)
  let total = 0
  for (const r of transfers) total += t.bytes[r]
  let peak = 0
  for (const r of over) peak = Math.max(peak, hourSum[r])
  const first = transfers[0] ?? over[0]
  const span = bb.userTotal[u] >= 20 ? usualHours(bb.userHours.subarray(u * 24, u * 24 + 24)) : null
  const off = span !== null && !inSpan(hourOf(t.ts[first]), span)
  const ratio = peak / Math.max(busiest, 1)
  const own = bb.bytesHourMax[u] > 0
  const id = sink.add({
    rule: 'data_exfiltration',
    threat_type: 'data_exfiltration',
    techniques: ['T1048', 'T1030'],
    strength: Math.min(0.95, 0.8 + 0.05 * Math.log10(Math.max(1, ratio)) + (off ? 0.07 : 0)),
    reason:
      `${t.users.values[u]} moved ${fmtBytes(total)} in ${plural(transfers.length, 'transfer')} over ${fmtDuration(Math.max(1000, t.ts[over[over.length - 1]] - t.ts[first]))}; ` +
      `${fmtBytes(peak)} within an hour, ${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}× ${own ? 'their busiest baseline hour' : "a typical account's busiest hour"} (${fmtBytes(busiest)})` +
      (off ? `, from ${fmtClock(t.ts[first])} UTC outside their usual hours` : ''),
  })
  const derived = sink.derive(id)
  for (const r of over) sink.mark(r, id)
  for (const r of rows) markWithSession(ctx, sink, r, derived, derived)
}
