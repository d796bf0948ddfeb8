/**
 * Credential compromise (T1078 after T1110): a successful login after a run of failures from the
 * same IP (or for the same account from an IP new to it), and what the account did next.
 */
import { K } from '../../features/eventTable'
import { windowSum } from '../../features/windows'
import { markFollowOn, markWithSession, rowsInRange } from './followOn'
import { fmtCount, fmtDuration, plural } from './format'
import type { HitSink, RuleContext } from './types'

export function credentialCompromise(ctx: RuleContext, sink: HitSink): void {
  const { t, w, th } = ctx
  const n = t.n
  const fail = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const k = t.kind[i]
    if (k === K.auth_failure || k === K.invalid_user || k === K.max_auth_exceeded) fail[i] = t.count[i]
  }
  const byIp = new Float64Array(n)
  const byUser = new Float64Array(n)
  windowSum(w.ipGroups, t.ts, fail, th.compromiseLookbackMs, byIp)
  windowSum(w.userGroups, t.ts, fail, th.compromiseLookbackMs, byUser)
  // (user, ip) pairs already compromised: the attacker coming back later is the same episode.
  const taken = new Map<number, number>()
  const width = t.ips.size + 1
  for (let r = 0; r < n; r++) {
    if (t.kind[r] !== K.auth_success || t.user[r] < 0) continue
    const pair = t.user[r] * width + (t.ip[r] + 1)
    const again = taken.get(pair)
    if (again !== undefined && t.ip[r] >= 0 && w.newIp[r] === 1) {
      markWithSession(ctx, sink, r, again)
      continue
    }
    const ipFails = t.ip[r] >= 0 ? byIp[r] : 0
    const userFails = byUser[r]
    // From the account's own usual address, failures before a success are its owner's typos.
    const linked = w.newIp[r] === 1 && (ipFails >= th.compromiseFailures || userFails >= 2 * th.compromiseFailures)
    if (!linked) continue
    const user = t.users.values[t.user[r]]
    const ip = t.ip[r] >= 0 ? t.ips.values[t.ip[r]] : 'an unknown address'
    const failures = Math.max(ipFails, userFails)
    const from = t.ts[r] - th.compromiseLookbackMs
    const prior = t.ip[r] >= 0 ? rowsInRange(w.ipGroups.offsets, w.ipGroups.rows, t.ip[r], t.ts, from, t.ts[r]) : []
    const firstFail = prior.find((p) => fail[p] > 0)
    const span = firstFail === undefined ? th.compromiseLookbackMs : t.ts[r] - t.ts[firstFail]
    const id = sink.add({
      rule: 'credential_compromise',
      threat_type: 'credential_compromise',
      techniques: ['T1110', 'T1078'],
      strength: Math.min(0.96, 0.88 + 0.02 * Math.log10(failures)),
      reason: `login as ${user} from ${ip} succeeded after ${fmtCount(failures)} failed attempts in ${fmtDuration(span)}`,
    })
    taken.set(pair, id)
    for (const p of prior) sink.mark(p, id)
    let follow = markWithSession(ctx, sink, r, id) - 1
    if (follow < 0) follow = markFollowOn(ctx, r, th.followOnMs, (x) => sink.mark(x, id))
    if (follow > 0) sink.appendReason(id, `; then ${plural(follow, 'event')} as ${user} on ${t.hosts.values[t.host[r]] ?? 'the host'}`)
  }
}
