/**
 * PAM messages: `pam_unix(SERVICE:TYPE): ...`, `pam_faillock(...)`, `pam_tally2(...)`,
 * `pam_succeed_if(...)`, and the old Red Hat `sshd(pam_unix)[pid]: ...` form (no prefix).
 */
import type { NormalizedEvent } from '../../../shared/event'
import { endWithoutSpaces, hasOddSpace, kv, mark, setSource, uidSuffixAt, userOrNull } from './fields'

const PREFIX = /^(pam_\w+)\(([^:)]*):(\w+)\):\s*(.*)$/

/** Services where the session/auth is one account acting as another (user = actor, target_user = account). */
const SWITCH_SERVICES = new Set(['su', 'su-l', 'sudo', 'sudo-i', 'runuser', 'runuser-l', 'pkexec'])

const SESSION_OPENED = /^session opened for user (.+?)(?:\(uid=\d+\))?(?: by (.*?)(?:\(uid=(\d+)\))?)?\s*$/
const SESSION_CLOSED = /^session closed for user (.+?)(?:\(uid=\d+\))?\s*$/

/** What the two session regexes capture: the account, and (opened) the `by` text. */
interface SessionUsers {
  user: string
  by: string | undefined
}

const sessionUsers: SessionUsers = { user: '', by: undefined }

/**
 * `SESSION_OPENED` / `SESSION_CLOSED` (`opened`: with the ` by ...` part) on `body` from index 24,
 * by hand for the usual message (no tabs or odd spaces), the regex otherwise — same answer
 * (test/engine/parse/scanners.test.ts), without the regex's backtracking over the lazy user.
 * Null when it does not match. Fills and returns the shared `sessionUsers` (read it at once).
 */
export function sessionUsersOf(body: string, opened: boolean): SessionUsers | null {
  if (hasOddSpace(body)) return sessionByRegex(body, opened)
  const u = 24
  const end = endWithoutSpaces(body)
  // The regex's lazy user: the first end after which only [(uid=N)] [ by ...] and spaces remain.
  const uidAtEnd = uidSuffixAt(body, end)
  let p = u + 1
  let after = -1
  for (; p <= body.length; p++) {
    if (p >= end) {
      after = p
      break
    }
    const c = body.charCodeAt(p)
    if (c === 40 /* ( */) {
      if (!opened) {
        if (p === uidAtEnd) {
          after = end
          break
        }
        continue
      }
      const q = uidEnd(body, p)
      if (q > 0 && (q >= end || body.startsWith(' by ', q))) {
        after = q
        break
      }
    } else if (c === 32 && opened && body.startsWith(' by ', p)) {
      after = p
      break
    }
  }
  if (after < 0) return null
  sessionUsers.user = body.slice(u, p)
  sessionUsers.by = undefined
  if (opened && after < end) {
    // ` by BY[(uid=N)]`: the lazy BY stops before a `(uid=N)` that ends the message.
    const b = after + 4
    const x = uidSuffixAt(body, end)
    sessionUsers.by = body.slice(b, x >= b ? x : end)
  }
  return sessionUsers
}

/** Index after `(uid=DIGITS)` at `i`, or -1. */
function uidEnd(s: string, i: number): number {
  if (!s.startsWith('(uid=', i)) return -1
  let k = i + 5
  while (k < s.length) {
    const c = s.charCodeAt(k)
    if (c < 48 || c > 57) break
    k++
  }
  return k > i + 5 && s.charCodeAt(k) === 41 ? k + 1 : -1
}

/** The regex reading of a session message (reference for `sessionUsersOf`). */
export function sessionByRegex(body: string, opened: boolean): SessionUsers | null {
  const m = (opened ? SESSION_OPENED : SESSION_CLOSED).exec(body)
  if (m === null) return null
  sessionUsers.user = m[1]
  sessionUsers.by = opened ? m[2] : undefined
  return sessionUsers
}

/**
 * The body of a PAM message for `module` (`pam_unix`, ...) in `service` (`sshd`, `su`, ...).
 * Exported for `sshd(pam_unix)[pid]:` lines, whose body comes without the `pam_unix(...)` prefix.
 */
export function parsePamBody(module: string, service: string, body: string, ev: NormalizedEvent): boolean {
  // (SWITCH_SERVICES is consulted only where it decides something: a Set lookup hashes `service`.)
  const c = body.charCodeAt(0)
  if (c === 115 /* s */ && body.startsWith('session opened')) {
    const m = body.startsWith(' for user ', 14) ? sessionUsersOf(body, true) : null
    if (m === null) return false
    const by = userOrNull(m.by)
    if (by !== null && SWITCH_SERVICES.has(service)) {
      ev.user = by
      ev.target_user = m.user
    } else {
      ev.user = m.user
    }
    return mark(ev, 'session_open', 'success')
  }
  if (c === 115 && body.startsWith('session closed')) {
    const m = body.startsWith(' for user ', 14) ? sessionUsersOf(body, false) : null
    if (m === null) return false
    if (SWITCH_SERVICES.has(service)) ev.target_user = m.user
    else ev.user = m.user
    return mark(ev, 'session_close', 'success')
  }
  if (c === 97 /* a */ && body.startsWith('authentication failure')) {
    const user = kv(body, 'user')
    const actor = kv(body, 'ruser') ?? kv(body, 'logname')
    if (actor !== undefined && SWITCH_SERVICES.has(service)) {
      ev.user = actor
      if (user !== undefined && user !== actor) ev.target_user = user
    } else {
      ev.user = user ?? actor ?? null
    }
    setSource(ev, kv(body, 'rhost'))
    const su = service === 'su' || service === 'su-l'
    return mark(ev, su ? 'su_failure' : 'auth_failure', 'failure')
  }
  if (body.startsWith('check pass; user unknown') || body.startsWith('bad username')) {
    const m = /^bad username \[(.*)\]/.exec(body)
    if (m !== null) ev.user = userOrNull(m[1])
    return mark(ev, 'invalid_user', 'failure')
  }
  let m: RegExpExecArray | null
  if ((m = /^password changed for (\S+)/.exec(body)) !== null) {
    ev.target_user = m[1]
    return mark(ev, 'password_change', 'success')
  }
  if ((m = /^(?:auth could not identify password for \[(.*?)\]|conversation failed|account (\S+) has expired)/.exec(body)) !== null) {
    ev.user = userOrNull(m[1] ?? m[2])
    return mark(ev, 'auth_failure', 'failure')
  }
  if ((m = /^(?:Consecutive login failures for user (\S+) account temporarily locked|user (\S+) \(\d+\) tally \d+, deny \d+)/.exec(body)) !== null) {
    ev.user = m[1] ?? m[2]
    return mark(ev, 'max_auth_exceeded', 'failure')
  }
  if ((m = /^(?:Authentication failure for user|User unknown|user unknown)/.exec(body)) !== null) {
    return mark(ev, module === 'pam_faillock' && body.startsWith('User unknown') ? 'invalid_user' : 'auth_failure', 'failure')
  }
  if ((m = /^requirement .* not met by user "(.*?)"/.exec(body)) !== null) {
    ev.user = userOrNull(m[1])
    return mark(ev, 'auth_failure', 'failure')
  }
  if ((m = /^error retrieving information about user (\S+)/.exec(body)) !== null) {
    ev.user = m[1]
    return mark(ev, 'invalid_user', 'failure')
  }
  if (module !== 'pam_unix' && module !== 'pam_faillock' && module !== 'pam_tally2') {
    // Other modules (pam_systemd, pam_env, pam_loginuid, ...) log session plumbing: known, benign.
    return mark(ev, 'service', 'unknown')
  }
  return false
}

const LDAP_BIND = /^pam_ldap: error trying to bind as user "(?:uid=)?([^,"]+)/

/** A full `pam_xxx(service:type): body` message (or `pam_ldap: ...`, which has no service). */
export function parsePamMessage(msg: string, ev: NormalizedEvent): boolean {
  if (msg.charCodeAt(4) === 108 /* l */ && msg.startsWith('pam_ldap: ')) {
    const m = LDAP_BIND.exec(msg)
    if (m === null) return false
    ev.user = m[1]
    return mark(ev, 'auth_failure', 'failure')
  }
  // Hand-split (this runs on a large share of auth.log lines); the regex is the fallback.
  const open = msg.indexOf('(')
  const colon = open > 0 ? msg.indexOf(':', open) : -1
  const close = colon > 0 ? msg.indexOf('): ', colon) : -1
  if (close > 0 && msg.indexOf(')', open) === close) {
    let start = close + 3
    while (msg.charCodeAt(start) === 32) start++
    return parsePamBody(msg.slice(0, open), msg.slice(open + 1, colon), msg.slice(start), ev)
  }
  const m = PREFIX.exec(msg)
  if (m === null) return false
  return parsePamBody(m[1], m[2], m[4], ev)
}
