/** User enumeration (T1087, T1110): bursts of logins for account names that do not exist. */
import { classifySession, ipSessions, markSession } from './ipSessions'
import { fmtDuration, fmtList, plural } from './format'
import type { HitSink, RuleContext } from './types'

export function userEnumeration(ctx: RuleContext, sink: HitSink): void {
  for (const s of ipSessions(ctx)) {
    if (classifySession(s, ctx) !== 'user_enumeration') continue
    const ip = ctx.t.ips.values[s.ip]
    const strength = Math.min(0.92, 0.78 + 0.01 * (s.invalidNames - ctx.th.enumInvalidNames))
    const id = sink.add({
      rule: 'user_enumeration',
      threat_type: 'user_enumeration',
      techniques: ['T1087', 'T1110'],
      strength,
      reason: `${plural(s.invalidNames, 'invalid user name')} tried from ${ip} in ${fmtDuration(Math.max(s.endTs - s.startTs, 1000))} (${fmtList(s.topInvalidNames, 3, s.invalidNames)})`,
    })
    markSession(ctx, s, id, (r, h) => sink.mark(r, h))
  }
}
