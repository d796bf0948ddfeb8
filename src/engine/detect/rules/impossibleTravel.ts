/**
 * Impossible travel (T1078): an account seen in two places further apart than any flight could
 * cover in the time between.
 */
import { haversineKm } from '../../features/extract'
import { markFollowOn } from './followOn'
import { fmtCount, fmtDuration } from './format'
import type { HitSink, RuleContext } from './types'

export function impossibleTravel(ctx: RuleContext, sink: HitSink): void {
  const { t, w, th } = ctx
  for (let r = 0; r < t.n; r++) {
    const prev = w.prevGeo[r]
    if (prev < 0 || w.travelKmh[r] < th.travelKmh) continue
    const km = haversineKm(t.lat[prev], t.lon[prev], t.lat[r], t.lon[r])
    if (km < th.travelMinKm) continue
    const u = t.users.values[t.user[r]]
    const place = (i: number) => (t.country[i] >= 0 ? t.countries.values[t.country[i]] : `${t.lat[i].toFixed(1)},${t.lon[i].toFixed(1)}`)
    const fresh = w.newCountry[r] === 1 || w.newIp[r] === 1
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
