/**
 * A password login from a public address new to the account while the host is under brute force
 * (T1078, T1110): the guess that worked may have come from a quieter address than the ones
 * hammering the host. Not proof — the owner may be travelling — so worth an analyst's look
 * (MEDIUM), with the numbers that say why. The success after failures from the same address is
 * credential compromise's; this rule takes the ones it cannot see.
 */
import { K, isAuthFailure } from '../../features/eventTable'
import { markWithSession, rowsInRange } from './followOn'
import { fmtDuration, plural } from './format'
import { isPrivateIp } from './privilegedLogin'
import type { HitSink, RuleContext } from './types'

/** How far back "under attack" looks, and what it takes: this many tries from this many addresses. */
const ATTACK_WINDOW_MS = 60 * 60_000
const ATTACK_ATTEMPTS = 20
const ATTACK_ADDRESSES = 3
/** Methods where the secret was typed (and could have been guessed); a key or certificate was not. */
const GUESSABLE = new Set(['password', 'keyboard-interactive', 'keyboard-interactive/pam'])
const STRENGTH = 0.74

export function loginUnderAttack(ctx: RuleContext, sink: HitSink): void {
  const { t, w } = ctx
  for (let r = 0; r < t.n; r++) {
    if (t.kind[r] !== K.auth_success || t.user[r] < 0 || t.ip[r] < 0 || t.host[r] < 0 || w.newIp[r] !== 1) continue
    const e = t.event(r)
    if (e.auth_method === null || !GUESSABLE.has(e.auth_method)) continue
    const ip = t.ips.values[t.ip[r]]
    if (isPrivateIp(ip) || sink.strength(r) >= STRENGTH) continue
    const attack = hostAttack(ctx, r)
    if (attack.attempts < ATTACK_ATTEMPTS || attack.addresses < ATTACK_ADDRESSES) continue
    const user = t.users.values[t.user[r]]
    const host = t.hosts.values[t.host[r]]
    const id = sink.add({
      rule: 'login_under_attack',
      threat_type: 'suspicious_login',
      techniques: ['T1078', 'T1110'],
      strength: STRENGTH,
      reason:
        `password login as ${user} succeeded from ${ip}, never seen for ${user}, while ${host} was under brute force ` +
        `(${plural(attack.attempts, 'failed login')} from ${plural(attack.addresses, 'other address', 'other addresses')} in the ${fmtDuration(ATTACK_WINDOW_MS)} before)`,
    })
    markWithSession(ctx, sink, r, id)
  }
}

/** Failed attempts on the row's host in the window before it, from addresses other than its own. */
function hostAttack(ctx: RuleContext, row: number): { attempts: number; addresses: number } {
  const { t, w } = ctx
  const own = t.ip[row]
  const from = new Set<number>()
  let attempts = 0
  for (const r of rowsInRange(w.hostGroups.offsets, w.hostGroups.rows, t.host[row], t.ts, t.ts[row] - ATTACK_WINDOW_MS, t.ts[row])) {
    if (!isAuthFailure(t, r) || t.attempts[r] === 0 || t.ip[r] === own) continue
    attempts += t.attempts[r]
    if (t.ip[r] >= 0) from.add(t.ip[r])
  }
  return { attempts, addresses: from.size }
}
