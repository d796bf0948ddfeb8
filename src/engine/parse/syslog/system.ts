/**
 * The smaller programs of an auth log: CRON, systemd-logind, login, unix_chkpwd, sftp-server.
 */
import type { NormalizedEvent } from '../../../shared/event'
import { mark, setSource } from './fields'
import { parsePamMessage } from './pam'

const CRON = /^\((\S+?)\) ([A-Z][A-Z ]*?) \((.*)\)\s*$/

export function parseCronMessage(msg: string, ev: NormalizedEvent): boolean {
  if (msg.startsWith('pam_')) return parsePamMessage(msg, ev)
  const m = CRON.exec(msg)
  if (m === null) return false
  if (m[1] !== 'CRON' && m[1] !== '*system*') ev.user = m[1]
  if (m[2] === 'CMD') ev.command = m[3]
  return mark(ev, 'cron', m[2] === 'CMD' ? 'success' : 'unknown')
}

export function parseLogindMessage(msg: string, ev: NormalizedEvent): boolean {
  let m = /^New session (\S+) of user (\S+?)\.?\s*$/.exec(msg)
  if (m !== null) {
    ev.user = m[2]
    return mark(ev, 'session_open', 'success')
  }
  m = /^Removed session (\S+?)\.?\s*$/.exec(msg)
  if (m !== null) return mark(ev, 'session_close', 'success')
  if (/^(?:Session \S+ logged out|New seat|Watching system buttons|System is|Power key|Lid (?:opened|closed)|Suspending|Operation)/.test(msg)) {
    return mark(ev, 'service', 'unknown')
  }
  return false
}

const FAILED_LOGIN = /^FAILED LOGIN \(?(\d+)\)? (?:on '?(\S+?)'? )?(?:FROM '?(\S+?)'? )?FOR '?(.+?)'?, (.*)$/

export function parseLoginMessage(msg: string, ev: NormalizedEvent): boolean {
  if (msg.startsWith('pam_')) return parsePamMessage(msg, ev)
  let m = FAILED_LOGIN.exec(msg)
  if (m !== null) {
    ev.user = m[4]
    setSource(ev, m[3])
    return mark(ev, /unknown user|User not known/i.test(m[5]) ? 'invalid_user' : 'auth_failure', 'failure')
  }
  m = /^ROOT LOGIN\s+on '?(\S+?)'?(?: FROM (\S+))?\s*$/.exec(msg)
  if (m !== null) {
    ev.user = 'root'
    setSource(ev, m[2])
    return mark(ev, 'auth_success', 'success')
  }
  m = /^LOGIN ON (\S+) BY (\S+)(?: FROM (\S+))?/.exec(msg)
  if (m !== null) {
    ev.user = m[2]
    setSource(ev, m[3])
    return mark(ev, 'auth_success', 'success')
  }
  return false
}

export function parseChkpwdMessage(msg: string, ev: NormalizedEvent): boolean {
  const m = /^password check failed for user \((.*?)\)/.exec(msg)
  if (m !== null) {
    ev.user = m[1]
    return mark(ev, 'auth_failure', 'failure')
  }
  if (msg.startsWith('check pass; user unknown')) return mark(ev, 'invalid_user', 'failure')
  return false
}

const SFTP = /^(open|close|opendir|closedir|remove|rename|mkdir|rmdir|setstat|posix-rename|sent status) (?:"(.*?)")?(?: flags (\S+))?(?: bytes read (\d+) written (\d+))?/

export function parseSftpMessage(msg: string, ev: NormalizedEvent): boolean {
  let m = /^session opened for local user (\S+) from \[(\S+?)\]/.exec(msg)
  if (m !== null) {
    ev.user = m[1]
    setSource(ev, m[2])
    return mark(ev, 'session_open', 'success')
  }
  m = /^session closed for local user (\S+) from \[(\S+?)\]/.exec(msg)
  if (m !== null) {
    ev.user = m[1]
    setSource(ev, m[2])
    return mark(ev, 'session_close', 'success')
  }
  m = SFTP.exec(msg)
  if (m !== null) {
    ev.command = m[2] !== undefined ? `${m[1]} ${m[2]}` : m[1]
    if (m[4] !== undefined) ev.bytes = Number(m[4]) + Number(m[5])
    return mark(ev, 'file_access', 'success')
  }
  return false
}

/** polkitd: authentication agents (plumbing) and admin authentications to gain an action. */
export function parsePolkitMessage(msg: string, ev: NormalizedEvent): boolean {
  let m = /^Operator of (\S+) successfully authenticated as unix-user:(\S+) to gain (?:\w+ )?authorization for action (\S+)/.exec(msg)
  if (m !== null) {
    ev.target_user = m[2]
    ev.command = m[3]
    return mark(ev, 'sudo', 'success')
  }
  m = /^Operator of (\S+) FAILED to authenticate to gain authorization for action (\S+)/.exec(msg)
  if (m !== null) {
    ev.command = m[2]
    return mark(ev, 'sudo_denied', 'failure')
  }
  if (/^(?:Registered|Unregistered) Authentication Agent|^Loading rules|^Finished loading|^Acquired the name|^Started polkitd|^Lost the name/.test(msg)) return mark(ev, 'service', 'unknown')
  return false
}
