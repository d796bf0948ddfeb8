/**
 * Credential compromise (T1078 after T1110): a successful login after a run of failures from the
 * same IP (or for the same account from an IP new to it), and what the account did next.
 */
import { K, isAuthFailure } from '../../features/eventTable'
import { windowSum } from '../../features/windows'
import { markFollowOn, markWithSession, rowsInRange } from './followOn'
import { fmtDuration, plural } from './format'
import type { HitSink, RuleContext } from './types'

export function credentialCompromise(ctx: RuleContext, sink: HitSink): void {
  const { t, w, th } = ctx
  const n = t.n
  // Failed logins, counted as attempts (features/attempts.ts); failed su/sudo are not logins.
  const fail = new Float64Array(n)
  for (let i = 0; i < n; i++) if (isAuthFailure(t, i)) fail[i] = t.attempts[i]
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
    // What the sentence counts is what the incident holds: the address's run of failures before
    // the success, or (a distributed guess) the account's failures from every address.
    const fromIp = ipFails >= th.compromiseFailures
    const prior = fromIp ? ipRunBefore(ctx, r) : rowsInRange(w.userGroups.offsets, w.userGroups.rows, t.user[r], t.ts, t.ts[r] - th.compromiseLookbackMs, t.ts[r])
    const failed = prior.filter((p) => fail[p] > 0)
    let failures = 0
    for (const p of failed) failures += fail[p]
    const span = failed.length > 0 ? t.ts[r] - t.ts[failed[0]] : th.compromiseLookbackMs
    const addresses = new Set(failed.filter((p) => t.ip[p] >= 0).map((p) => t.ip[p])).size
    const whence = fromIp ? 'from it' : `for ${user}${addresses > 1 ? ` from ${plural(addresses, 'address', 'addresses')}` : ''}`
    const id = sink.add({
      rule: 'credential_compromise',
      threat_type: 'credential_compromise',
      techniques: ['T1110', 'T1078'],
      strength: Math.min(0.96, 0.88 + 0.02 * Math.log10(Math.max(ipFails, userFails))),
      reason: `login as ${user} from ${ip} succeeded after ${plural(failures, 'failed attempt')} ${whence} in ${fmtDuration(Math.max(span, 1000))}`,
    })
    for (const p of fromIp ? prior : failed) sink.mark(p, id)
    taken.set(pair, id)
    for (const p of prior) sink.mark(p, id)
    let follow = markWithSession(ctx, sink, r, id) - 1
    if (follow < 0) follow = markFollowOn(ctx, r, th.followOnMs, (x) => sink.mark(x, id))
    if (follow > 0) sink.appendReason(id, `; then ${plural(follow, 'event')} as ${user} on ${t.hosts.values[t.host[r]] ?? 'the host'}`)
  }
}

/** Rows of the success's address before it, back to the last gap longer than an IP session's. */
function ipRunBefore(ctx: RuleContext, row: number): number[] {
  const { t, w, th } = ctx
  const { offsets, rows } = w.ipGroups
  const ip = t.ip[row]
  let p = offsets[ip]
  let hi = offsets[ip + 1]
  while (p < hi) {
    const mid = (p + hi) >>> 1
    if (t.ts[rows[mid]] < t.ts[row]) p = mid + 1
    else hi = mid
  }
  while (p < offsets[ip + 1] && rows[p] !== row) p++
  let start = p
  while (start > offsets[ip] && t.ts[rows[start]] - t.ts[rows[start - 1]] <= th.ipSessionGapMs) start--
  return Array.from(rows.subarray(start, p))
}
