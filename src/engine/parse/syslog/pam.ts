/**
 * PAM messages: `pam_unix(SERVICE:TYPE): ...`, `pam_faillock(...)`, `pam_tally2(...)`,
 * `pam_succeed_if(...)`, and the old Red Hat `sshd(pam_unix)[pid]: ...` form (no prefix).
 */
import type { NormalizedEvent } from '../../../shared/event'
import { kv, mark, setSource, userOrNull } from './fields'

const PREFIX = /^(pam_\w+)\(([^:)]*):(\w+)\):\s*(.*)$/

/** Services where the session/auth is one account acting as another (user = actor, target_user = account). */
const SWITCH_SERVICES = new Set(['su', 'su-l', 'sudo', 'sudo-i', 'runuser', 'runuser-l', 'pkexec'])

const SESSION_OPENED = /^session opened for user (.+?)(?:\(uid=\d+\))?(?: by (.*?)(?:\(uid=(\d+)\))?)?\s*$/
const SESSION_CLOSED = /^session closed for user (.+?)(?:\(uid=\d+\))?\s*$/

/**
 * The body of a PAM message for `module` (`pam_unix`, ...) in `service` (`sshd`, `su`, ...).
 * Exported for `sshd(pam_unix)[pid]:` lines, whose body comes without the `pam_unix(...)` prefix.
 */
export function parsePamBody(module: string, service: string, body: string, ev: NormalizedEvent): boolean {
  const switching = SWITCH_SERVICES.has(service)
  if (body.startsWith('session opened')) {
    const m = SESSION_OPENED.exec(body)
    if (m === null) return false
    const by = userOrNull(m[2])
    if (switching && by !== null) {
      ev.user = by
      ev.target_user = m[1]
    } else {
      ev.user = m[1]
    }
    return mark(ev, 'session_open', 'success')
  }
  if (body.startsWith('session closed')) {
    const m = SESSION_CLOSED.exec(body)
    if (m === null) return false
    if (switching) ev.target_user = m[1]
    else ev.user = m[1]
    return mark(ev, 'session_close', 'success')
  }
  if (body.startsWith('authentication failure')) {
    const user = kv(body, 'user')
    const actor = kv(body, 'ruser') ?? kv(body, 'logname')
    if (switching && actor !== undefined) {
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
  if (msg.startsWith('pam_ldap: ')) {
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
