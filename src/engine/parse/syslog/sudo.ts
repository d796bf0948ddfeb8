/**
 * sudo: `alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls` (TTY optional), and
 * the refusals `user NOT in sudoers`, `N incorrect password attempts`, `a password is required`,
 * `command not allowed`, `user NOT authorized on host` as the first ` ; `-separated part.
 * Also pkexec's `alice: Executing command [USER=root] ... [COMMAND=...]`.
 */
import type { NormalizedEvent } from '../../../shared/event'
import { mark } from './fields'
import { parsePamMessage } from './pam'

const SUDO = /^\s*(\S+) : (.*)$/

export function parseSudoMessage(msg: string, ev: NormalizedEvent): boolean {
  if (msg.startsWith('pam_')) return parsePamMessage(msg, ev)
  const m = SUDO.exec(msg)
  if (m === null) return false
  ev.user = m[1]
  const rest = m[2]
  // COMMAND= runs to the end of the line: it may itself contain " ; ".
  const cmdAt = rest.indexOf('COMMAND=')
  const head = cmdAt >= 0 ? rest.slice(0, cmdAt) : rest
  if (cmdAt >= 0) ev.command = rest.slice(cmdAt + 8)
  let refused = false
  let known = cmdAt >= 0
  for (const part of head.split(';')) {
    const p = part.trim()
    if (p.length === 0) continue
    const eq = p.indexOf('=')
    if (eq > 0 && /^[A-Z]+$/.test(p.slice(0, eq))) {
      known = true
      if (p.startsWith('USER=')) ev.target_user = p.slice(5)
    } else if (/NOT in sudoers|incorrect password attempt|password is required|command not allowed|NOT authorized|not allowed to execute|authentication failure/i.test(p)) {
      refused = true
      known = true
    }
  }
  if (!known) return false
  return refused ? mark(ev, 'sudo_denied', 'failure') : mark(ev, 'sudo', 'success')
}

const PKEXEC_OK = /^(\S+): Executing command \[USER=(\S+?)\](?: \[TTY=.*?\])?(?: \[CWD=.*?\])? \[COMMAND=(.*)\]\s*$/
const PKEXEC_DENIED = /^(\S+): Error executing command as another user: Not authorized/

export function parsePkexecMessage(msg: string, ev: NormalizedEvent): boolean {
  if (msg.startsWith('pam_')) return parsePamMessage(msg, ev)
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
