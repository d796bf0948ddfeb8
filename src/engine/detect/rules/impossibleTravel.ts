/**
 * Impossible travel (T1078): an account seen in two places further apart than any flight could
 * cover in the time between.
 */
import { haversineKm } from '../../features/extract'
import { markFollowOn } from './followOn'
import { fmtCount, fmtDuration } from './format'
import type { HitSink, RuleContext } from './types'

/** Jumps between the same two addresses of an account that make it a tunnel switched on and off. */
const TOGGLING_JUMPS = 3

export function impossibleTravel(ctx: RuleContext, sink: HitSink): void {
  const { t, w, th } = ctx
  const shared = sharedAddresses(ctx)
  const jumps: number[] = []
  for (let r = 0; r < t.n; r++) {
    const prev = w.prevGeo[r]
    if (prev < 0 || w.travelKmh[r] < th.travelKmh) continue
    if (haversineKm(t.lat[prev], t.lon[prev], t.lat[r], t.lon[r]) >= th.travelMinKm) jumps.push(r)
  }
  // An account that jumps between the same two addresses again and again is toggling a VPN (a
  // traveller on and off the company tunnel), not flying: after the first jumps it is LOW.
  const between = new Map<string, number>()
  const pairOf = (r: number) => {
    const a = t.ip[w.prevGeo[r]]
    const b = t.ip[r]
    return `${t.user[r]}:${Math.min(a, b)}:${Math.max(a, b)}`
  }
  for (const r of jumps) between.set(pairOf(r), (between.get(pairOf(r)) ?? 0) + 1)
  for (const r of jumps) {
    const prev = w.prevGeo[r]
    const km = haversineKm(t.lat[prev], t.lon[prev], t.lat[r], t.lon[r])
    const u = t.users.values[t.user[r]]
    const place = (i: number) => (t.country[i] >= 0 ? t.countries.values[t.country[i]] : `${t.lat[i].toFixed(1)},${t.lon[i].toFixed(1)}`)
    // Arriving at a VPN exit or office proxy (an address many accounts got in from) moves the
    // tunnel's end, not the person: a traveller connecting to the company VPN is not flying.
    if (t.ip[r] >= 0 && shared[t.ip[r]] === 1) continue
    const toggling = (between.get(pairOf(r)) ?? 0) >= TOGGLING_JUMPS
    const fresh = (w.newCountry[r] === 1 || w.newIp[r] === 1) && !toggling
    const ip = t.ip[r] >= 0 ? ` (${t.ips.values[t.ip[r]]})` : ''
    const id = sink.add({
      rule: 'impossible_travel',
      threat_type: 'impossible_travel',
      techniques: ['T1078'],
      strength: fresh ? 0.86 : 0.62,
      reason: `${u} in ${place(r)}${ip} ${fmtDuration(Math.max(t.ts[r] - t.ts[prev], 1000))} after ${place(prev)}: ${fmtCount(km)} km, ${fmtCount(w.travelKmh[r])} km/h`,
    })
    sink.mark(r, id)
    if (fresh && t.ip[r] >= 0) markFollowOn(ctx, r, th.followOnMs, (x) => {
      if (t.ip[x] === t.ip[r]) sink.mark(x, id)
    })
  }
}

/** Accounts that got in from one address in the baseline before it counts as shared (a VPN exit, an office proxy). */
const SHARED_ACCOUNTS = 3

function sharedAddresses(ctx: RuleContext): Uint8Array {
  const { t, bb } = ctx
  const width = bb.widths[0]
  const accounts = new Uint16Array(t.ips.size)
  bb.pairs[0].forEach((key) => {
    const ip = key % width
    if (accounts[ip] < 65535) accounts[ip]++
  })
  return Uint8Array.from(accounts, (n) => (n >= SHARED_ACCOUNTS ? 1 : 0))
}
