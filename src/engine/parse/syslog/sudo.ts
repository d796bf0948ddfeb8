/**
 * sudo: `alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls` (TTY optional), and
 * the refusals `user NOT in sudoers`, `N incorrect password attempts`, `a password is required`,
 * `command not allowed`, `user NOT authorized on host` as the first ` ; `-separated part.
 * Also pkexec's `alice: Executing command [USER=root] ... [COMMAND=...]`.
 */
import type { NormalizedEvent } from '../../../shared/event'
import { hasOddSpace, isPam, mark } from './fields'
import { parsePamMessage } from './pam'

const SUDO = /^\s*(\S+) : (.*)$/
const REFUSAL = /NOT in sudoers|incorrect password attempt|password is required|command not allowed|NOT authorized|not allowed to execute|authentication failure/i

export function parseSudoMessage(msg: string, ev: NormalizedEvent): boolean {
  if (isPam(msg)) return parsePamMessage(msg, ev)
  const parts = sudoSplit(msg)
  return parts !== null && sudoRest(parts[0], parts[1], ev)
}

/**
 * `USER : REST` (the `SUDO` regex) by hand when the message has only plain spaces (then `\s` and
 * `\S` are ' ' and not ' ', and `.` matches all); the regex otherwise.
 */
export function sudoSplit(msg: string): [user: string, rest: string] | null {
  if (hasOddSpace(msg)) return sudoSplitByRegex(msg)
  let u = 0
  while (msg.charCodeAt(u) === 32) u++
  const userEnd = msg.indexOf(' ', u)
  if (userEnd <= u || !msg.startsWith(' : ', userEnd)) return null
  return [msg.slice(u, userEnd), msg.slice(userEnd + 3)]
}

/** The regex reading of `sudoSplit` (for odd white space, and the reference in tests). */
export function sudoSplitByRegex(msg: string): [user: string, rest: string] | null {
  const m = SUDO.exec(msg)
  return m === null ? null : [m[1], m[2]]
}

/** Is every character of s[from, to) an ASCII capital? (Non-empty.) */
function capitals(s: string, from: number, to: number): boolean {
  if (to <= from) return false
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c < 65 || c > 90) return false
  }
  return true
}

/** `TTY=... ; PWD=... ; USER=... ; COMMAND=...` or a refusal first, after `USER : `. */
function sudoRest(user: string, rest: string, ev: NormalizedEvent): boolean {
  // COMMAND= runs to the end of the line: it may itself contain " ; ".
  const cmdAt = rest.indexOf('COMMAND=')
  const headEnd = cmdAt >= 0 ? cmdAt : rest.length
  let refused = false
  let known = cmdAt >= 0
  let target: string | null = null
  for (let a = 0; a < headEnd; ) {
    let b = rest.indexOf(';', a)
    if (b < 0 || b > headEnd) b = headEnd
    const p = rest.slice(a, b).trim()
    a = b + 1
    if (p.length === 0) continue
    const eq = p.indexOf('=')
    if (eq > 0 && capitals(p, 0, eq)) {
      known = true
      if (p.startsWith('USER=')) target = p.slice(5)
    } else if (REFUSAL.test(p)) {
      refused = true
      known = true
    }
  }
  if (!known) return false
  ev.user = user
  if (target !== null) ev.target_user = target
  if (cmdAt >= 0) ev.command = rest.slice(cmdAt + 8)
  return refused ? mark(ev, 'sudo_denied', 'failure') : mark(ev, 'sudo', 'success')
}

const PKEXEC_OK = /^(\S+): Executing command \[USER=(\S+?)\](?: \[TTY=.*?\])?(?: \[CWD=.*?\])? \[COMMAND=(.*)\]\s*$/
const PKEXEC_DENIED = /^(\S+): Error executing command as another user: Not authorized/

export function parsePkexecMessage(msg: string, ev: NormalizedEvent): boolean {
  if (isPam(msg)) return parsePamMessage(msg, ev)
  let m = PKEXEC_OK.exec(msg)
  if (m !== null) {
    ev.user = m[1]
    ev.target_user = m[2]
    ev.command = m[3]
    return mark(ev, 'sudo', 'success')
  }
  m = PKEXEC_DENIED.exec(msg)
  if (m !== null) {
    ev.user = m[1]
    return mark(ev, 'sudo_denied', 'failure')
  }
  return false
}
