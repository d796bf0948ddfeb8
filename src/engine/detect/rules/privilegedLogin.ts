/**
 * Off-hours privileged login from a new IP (T1078.003): root, or an account that uses sudo,
 * logging in from an address it has never used, outside its (or the host's) usual hours.
 */
import { hourOf, usualHours } from '../../features/baseline'
import { K } from '../../features/eventTable'
import { markFollowOn, markWithSession } from './followOn'
import { fmtClock, fmtHourSpan } from './format'
import type { HitSink, RuleContext } from './types'

export function privilegedLogin(ctx: RuleContext, sink: HitSink): void {
  const { t, w, bb, th } = ctx
  const root = t.users.get('root')
  for (let r = 0; r < t.n; r++) {
    if (t.kind[r] !== K.auth_success || w.newIp[r] !== 1 || t.ip[r] < 0) continue
    const u = t.user[r]
    if (u < 0) continue
    const span = usualSpan(ctx, u, t.host[r])
    if (!span) continue
    const hour = hourOf(t.ts[r])
    // An hour of slack on each side: 14:30 after a usual 06:00–14:00 is overtime, not the night.
    if (inSpan(hour, [(span[0] + 23) % 24, (span[1] + 1) % 24])) continue
    const privileged = u === root || t.target[r] === root || bb.userPriv[u] > 0
    const user = t.users.values[u]
    const ip = t.ips.values[t.ip[r]]
    // A new address inside the organisation's own network (DHCP, VPN pool) at an odd hour is
    // overtime more often than an intrusion: worth a LOW, not an alert.
    const internal = isPrivateIp(ip)
    const whose = bb.userTotal[u] >= 20 ? `${user}'s` : "this host's"
    const id = sink.add({
      rule: 'privileged_login',
      threat_type: privileged ? 'privileged_login' : 'suspicious_login',
      techniques: privileged ? ['T1078.003'] : ['T1078'],
      strength: privileged && !internal ? 0.87 : 0.6,
      reason: `first login as ${user} from ${ip}, at ${fmtClock(t.ts[r])} UTC, outside ${whose} usual ${fmtHourSpan(span)}`,
    })
    sink.mark(r, id)
    if (markWithSession(ctx, sink, r, id) === 0) markFollowOn(ctx, r, th.followOnMs, (x) => sink.mark(x, id), { sameHostOnly: true })
  }
}

function usualSpan(ctx: RuleContext, u: number, h: number): [number, number] | null {
  const { bb } = ctx
  if (bb.userTotal[u] >= 20) return usualHours(bb.userHours.subarray(u * 24, u * 24 + 24))
  if (h >= 0) return usualHours(bb.hostHours.subarray(h * 24, h * 24 + 24))
  return null
}

/** RFC 1918 / loopback / link-local IPv4, and IPv6 unique-local or link-local addresses. */
export function isPrivateIp(ip: string): boolean {
  if (ip.includes(':')) {
    const l = ip.toLowerCase()
    return l.startsWith('fc') || l.startsWith('fd') || l.startsWith('fe80') || l === '::1'
  }
  const [a, b] = ip.split('.').map(Number)
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
}

/** Whether `hour` lies in the circular inclusive span. */
export function inSpan(hour: number, span: [number, number]): boolean {
  const [a, b] = span
  return a <= b ? hour >= a && hour <= b : hour >= a || hour <= b
}
