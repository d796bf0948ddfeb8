/**
 * sshd messages (OpenSSH 3.x to 9.x, incl. `sshd-session`): every message kind of issue 3, the
 * sshd failure kinds of fail2ban's sshd filter and the sshd decoders of Wazuh.
 *
 * Rules (sshdAuthRules, sshdConnectionRules, sshdSessionRules) are tried in order; each starts
 * with a literal prefix its regex is anchored on. Rules are bucketed by the prefix's first
 * character and skipped on its second, so a line costs a few char compares (and rarely a failing
 * anchored exec) until the right regex runs once.
 */
import type { NormalizedEvent } from '../../../shared/event'
import { isPam, setSource, userOrNull } from './fields'
import { parsePamMessage } from './pam'
import { AUTH_RULES } from './sshdAuthRules'
import { CONNECTION_RULES } from './sshdConnectionRules'
import { closed, type SshdRule } from './sshdRule'
import { SESSION_RULES } from './sshdSessionRules'

type Rule = SshdRule

const SOLARIS_ID = /^\[ID \d+ [\w.]+\] /

const RULES: readonly Rule[] = [...AUTH_RULES, ...CONNECTION_RULES, ...SESSION_RULES]

/** Every sshd rule, in the order they are tried. */
export const SSHD_RULES: readonly Rule[] = RULES

/** A rule as the dispatcher holds it: the second character of its prefix is a cheap first test. */
interface Bucketed {
  prefix: string
  /** `prefix.charCodeAt(1)`, or -1 when the prefix is shorter than 2. */
  second: number
  re: RegExp
  apply: Rule[2]
}

function bucketed([prefix, re, apply]: Rule): Bucketed {
  return { prefix, second: prefix.length >= 2 ? prefix.charCodeAt(1) : -1, re, apply }
}

/** Rules by the first character of their prefix (prefix-less rules are in every bucket, in order). */
const GENERIC = RULES.filter(([prefix]) => prefix.length === 0).map(bucketed)
const BY_FIRST_CHAR = new Map<number, Bucketed[]>()
for (const rule of RULES) {
  if (rule[0].length === 0) {
    for (const list of BY_FIRST_CHAR.values()) list.push(bucketed(rule))
    continue
  }
  const c = rule[0].charCodeAt(0)
  if (!BY_FIRST_CHAR.has(c)) BY_FIRST_CHAR.set(c, RULES.slice(0, RULES.indexOf(rule)).filter(([p]) => p.length === 0).map(bucketed))
  BY_FIRST_CHAR.get(c)!.push(bucketed(rule))
}
/** The buckets by char code (all prefixes are ASCII): an array index instead of a Map lookup. */
const BUCKETS: (Bucketed[] | undefined)[] = Array.from({ length: 128 }, (_, c) => BY_FIRST_CHAR.get(c))

/**
 * Fills `ev` from an sshd message. Returns false (ev untouched) when the message is unknown.
 * `error: ` and `fatal: ` prefixes are stripped first; any other fatal error ends the connection.
 */
export function parseSshdMessage(msg: string, ev: NormalizedEvent): boolean {
  // First-character tests before each startsWith: a builtin call costs more than a char compare.
  const c = msg.charCodeAt(0)
  if (isPam(msg)) return parsePamMessage(msg, ev)
  let body = msg
  let fatal = false
  // Solaris prefixes a message id: "[ID 800047 auth.info] Failed ...".
  if (c === 91 /* [ */ && body.startsWith('[ID ')) body = body.replace(SOLARIS_ID, '')
  const b = body.charCodeAt(0)
  if (b === 101 /* e */ && body.startsWith('error: ')) body = body.slice(7)
  else if (b === 102 /* f */ && body.startsWith('fatal: ')) {
    body = body.slice(7)
    fatal = true
  }
  const first = body.charCodeAt(0)
  const rules = (first < 128 ? BUCKETS[first] : undefined) ?? GENERIC
  const second = body.charCodeAt(1)
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]
    // Every prefixed rule's regex is anchored on its prefix (test/engine/parse/sshdRules.test.ts),
    // so a failing exec (cheaper than a startsWith call) is the prefix test; the second
    // character skips most rules of the bucket without either.
    if (rule.second >= 0 && rule.second !== second) continue
    const m = rule.re.exec(body)
    if (m !== null && rule.apply(m, ev, body)) return true
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

