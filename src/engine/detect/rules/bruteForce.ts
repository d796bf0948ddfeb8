/** Brute force (T1110.001): many failed logins from one source IP, dense in time. */
import { classifySession, ipSessions, markSession } from './ipSessions'
import { fmtCount, fmtDuration, fmtList, plural } from './format'
import type { HitSink, RuleContext } from './types'

export function bruteForce(ctx: RuleContext, sink: HitSink): void {
  for (const s of ipSessions(ctx)) {
    if (classifySession(s, ctx) !== 'brute_force') continue
    const ip = ctx.t.ips.values[s.ip]
    const strength = Math.min(0.95, 0.78 + 0.03 * Math.log2(Math.max(1, s.failures / ctx.th.bruteFailures)))
    const span = fmtDuration(Math.max(s.endTs - s.startTs, 1000))
    const who = s.accounts > 0 ? ` against ${plural(s.accounts, 'account')} (${fmtList(s.topAccounts, 2, s.accounts)})` : ''
    const id = sink.add({
      rule: 'brute_force',
      threat_type: 'brute_force',
      techniques: ['T1110.001'],
      strength,
      reason: `${fmtCount(s.failures)} failed logins from ${ip} in ${span}${who}; peak ${fmtCount(s.densestFailures)} within ${fmtDuration(Math.max(ctx.th.bruteWindowMs, s.densestMs))}`,
    })
    markSession(ctx, s, id, (r, h) => sink.mark(r, h))
  }
}
