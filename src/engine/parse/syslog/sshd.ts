/**
 * sshd messages (OpenSSH 3.x to 9.x, incl. `sshd-session`): every message kind of issue 3, the
 * sshd failure kinds of fail2ban's sshd filter and the sshd decoders of Wazuh.
 *
 * Rules (sshdAuthRules, sshdConnectionRules, sshdSessionRules) are tried in order; each starts
 * with a literal prefix, and rules are bucketed by the prefix's first character, so a line costs
 * a few `startsWith` tests until the right regex runs once.
 */
import type { NormalizedEvent } from '../../../shared/event'
import { setSource, userOrNull } from './fields'
import { parsePamMessage } from './pam'
import { AUTH_RULES } from './sshdAuthRules'
import { CONNECTION_RULES } from './sshdConnectionRules'
import { closed, type SshdRule } from './sshdRule'
import { SESSION_RULES } from './sshdSessionRules'

type Rule = SshdRule

const SOLARIS_ID = /^\[ID \d+ [\w.]+\] /

const RULES: readonly Rule[] = [...AUTH_RULES, ...CONNECTION_RULES, ...SESSION_RULES]

/** Rules by the first character of their prefix (prefix-less rules are in every bucket, in order). */
const GENERIC = RULES.filter(([prefix]) => prefix.length === 0)
const BY_FIRST_CHAR = new Map<number, Rule[]>()
for (const rule of RULES) {
  if (rule[0].length === 0) {
    for (const list of BY_FIRST_CHAR.values()) list.push(rule)
    continue
  }
  const c = rule[0].charCodeAt(0)
  if (!BY_FIRST_CHAR.has(c)) BY_FIRST_CHAR.set(c, RULES.slice(0, RULES.indexOf(rule)).filter(([p]) => p.length === 0))
  BY_FIRST_CHAR.get(c)!.push(rule)
}

/**
 * Fills `ev` from an sshd message. Returns false (ev untouched) when the message is unknown.
 * `error: ` and `fatal: ` prefixes are stripped first; any other fatal error ends the connection.
 */
export function parseSshdMessage(msg: string, ev: NormalizedEvent): boolean {
  if (msg.startsWith('pam_')) return parsePamMessage(msg, ev)
  let body = msg
  // Solaris prefixes a message id: "[ID 800047 auth.info] Failed ...".
  if (body.startsWith('[ID ')) body = body.replace(SOLARIS_ID, '')
  let fatal = false
  if (body.startsWith('error: ')) body = body.slice(7)
  else if (body.startsWith('fatal: ')) {
    body = body.slice(7)
    fatal = true
  }
  const rules = BY_FIRST_CHAR.get(body.charCodeAt(0)) ?? GENERIC
  for (let i = 0; i < rules.length; i++) {
    const [prefix, re, apply] = rules[i]
    if (prefix.length > 0 && !body.startsWith(prefix)) continue
    const m = re.exec(body)
    if (m !== null && apply(m, ev, body)) return true
  }
  if (fatal) {
    const from = /(?:from|by) (?:(?:authenticating|invalid) user (\S+) )?(\S+) port (\d+)/.exec(body)
    if (from !== null) {
      ev.user = userOrNull(from[1])
      setSource(ev, from[2], from[3])
    }
    return closed(ev, body)
  }
  return false
}

