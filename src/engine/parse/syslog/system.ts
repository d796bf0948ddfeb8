/**
 * The smaller programs of an auth log: CRON, systemd-logind, login, unix_chkpwd, sftp-server.
 */
import type { NormalizedEvent } from '../../../shared/event'
import { endWithoutSpaces, hasOddSpace, isPam, mark, setSource } from './fields'
import { parsePamMessage } from './pam'

const CRON = /^\((\S+?)\) ([A-Z][A-Z ]*?) \((.*)\)\s*$/

/** `(USER) WHAT (TEXT)`: the three parts of a cron message (shared slots, no object per line). */
let cronUser = ''
let cronWhat = ''
let cronText = ''

/**
 * The `CRON` regex by hand for a message with only plain spaces: the user runs to the first `) `,
 * the capitals to the first ` (`, the text to the last `)`. The regex for anything else.
 */
export function cronParts(msg: string): boolean {
  if (hasOddSpace(msg)) return cronPartsByRegex(msg)
  if (msg.charCodeAt(0) !== 40 /* ( */) return false
  const close = msg.indexOf(') ', 2)
  if (close < 0) return false
  const space = msg.indexOf(' ', 1)
  if (space < close) return false
  const w = close + 2
  const open = msg.indexOf(' (', w + 1)
  if (open < 0) return false
  let c = msg.charCodeAt(w)
  if (c < 65 || c > 90) return false
  for (let i = w + 1; i < open; i++) {
    c = msg.charCodeAt(i)
    if (c !== 32 && (c < 65 || c > 90)) return false
  }
  const end = endWithoutSpaces(msg)
  if (end - 1 < open + 2 || msg.charCodeAt(end - 1) !== 41 /* ) */) return false
  cronUser = msg.slice(1, close)
  cronWhat = msg.slice(w, open)
  cronText = msg.slice(open + 2, end - 1)
  return true
}

/** The regex reading of `cronParts` (for odd white space, and the reference in tests). */
export function cronPartsByRegex(msg: string): boolean {
  const m = CRON.exec(msg)
  if (m === null) return false
  cronUser = m[1]
  cronWhat = m[2]
  cronText = m[3]
  return true
}

/** The parts found by the last successful `cronParts`. */
export function lastCronParts(): [user: string, what: string, text: string] {
  return [cronUser, cronWhat, cronText]
}

export function parseCronMessage(msg: string, ev: NormalizedEvent): boolean {
  if (isPam(msg)) return parsePamMessage(msg, ev)
  if (!cronParts(msg)) return false
  if (cronUser !== 'CRON' && cronUser !== '*system*') ev.user = cronUser
  if (cronWhat === 'CMD') ev.command = cronText
  return mark(ev, 'cron', cronWhat === 'CMD' ? 'success' : 'unknown')
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
  if (isPam(msg)) return parsePamMessage(msg, ev)
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
