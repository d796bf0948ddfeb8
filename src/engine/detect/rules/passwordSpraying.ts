/** Password spraying (T1110.003): one source IP, one or two tries each across many accounts (6+ of them real ones, or mostly real ones). */
import { classifySession, ipSessions, markSession, triesPerAccount, validAccounts, type IpSession } from './ipSessions'
import { fmtDuration, fmtList, plural } from './format'
import type { HitSink, RuleContext } from './types'

export function passwordSpraying(ctx: RuleContext, sink: HitSink): void {
  for (const s of ipSessions(ctx)) {
    if (classifySession(s, ctx) !== 'password_spraying') continue
    const ip = ctx.t.ips.values[s.ip]
    const strength = Math.min(0.93, 0.8 + 0.01 * (s.accounts - ctx.th.sprayAccounts))
    const id = sink.add({
      rule: 'password_spraying',
      threat_type: 'password_spraying',
      techniques: ['T1110.003'],
      strength,
      reason: `${ip} tried ${plural(s.accounts, 'account')} (${accountsTried(s)}) with ${triesPerAccount(s).toFixed(1)} tries each over ${fmtDuration(Math.max(s.endTs - s.startTs, 1000))}`,
    })
    markSession(ctx, s, id, (r, h) => sink.mark(r, h))
  }
}

/** The accounts named, and when the list also held names that do not exist, how many of each. */
function accountsTried(s: IpSession): string {
  if (s.invalidNames === 0) return fmtList(s.topAccounts, 3, s.accounts)
  const valid = validAccounts(s)
  return `${valid} that exist: ${fmtList(s.topValidAccounts, 3, valid)}; ${s.invalidNames} that do not`
}
