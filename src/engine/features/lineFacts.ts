/**
 * What the rules read in a line's text, worked out once while the line is read: whether the
 * log-tampering rule or the persistence rule will look at it, and the logind session it names.
 * A scan then keeps no line whole in memory (10 million lines would not fit): the few lines these
 * facts mark are read back from the store when the rules reach them.
 * `kind` is the event's kind as the table has it (EVENT_KINDS; an unknown one is `other`).
 */
import type { NormalizedEvent } from '../../shared/event'
import type { Interner } from './Interner'

/** Bits of the `facts` column. */
export const FACT = {
  /** The log-tampering rule fires on this line (logTampering.ts). */
  tampering: 1,
  /** An account change or an authorized_keys edit (persistence.ts). */
  change: 2,
  /** logind's "New session N of user U". */
  logindNew: 4,
  /** logind's "Removed session N". */
  logindRemoved: 8,
} as const

export const HISTORY = /(history\s+-c|unset\s+HISTFILE|HISTFILE=\/dev\/null|HISTSIZE=0|\.(bash|zsh)_history|set \+o history)/
// The logging daemons; stopping one silences every log after it.
const LOGGERS = '(rsyslogd?|syslogd?|syslog-ng|auditd|systemd-journald)'
export const SYSLOGS = new RegExp(
  [
    '(rm|shred|truncate|unlink|wipe|srm)\\b[^|;]*\\/var\\/log',
    '>\\s*\\/var\\/log\\/',
    '\\/var\\/log\\/\\S+\\s*<\\s*\\/dev\\/null',
    'cp\\s+\\/dev\\/null\\s+\\/var\\/log',
    'journalctl\\s+[^|;]*--(vacuum|rotate)',
    'auditctl\\s+-D',
    // systemd (`systemctl [--now] stop|disable|mask|kill rsyslog`), SysV (`service rsyslog stop`,
    // `/etc/init.d/auditd stop`) and plain signals (`pkill -9 rsyslogd`).
    `systemctl\\s+(-\\S+\\s+)*(stop|disable|mask|kill)\\s+(-\\S+\\s+)*${LOGGERS}\\b`,
    `(service\\s+|init\\.d\\/)${LOGGERS}\\s+stop\\b`,
    `(kill|killall|pkill)\\s+(-\\S+\\s+)*(\\$\\(pidof\\s+)?${LOGGERS}\\b`,
    '\\b(utmp|wtmp|btmp|lastlog)\\b[^|;]*(\\/dev\\/null|truncate)',
    'echo\\s*>\\s*\\S*(wtmp|btmp|lastlog)',
  ].join('|'),
)
// Cheap prefilter: every pattern above mentions one of these.
const CANDIDATE = /log|hist|HIST|audit|tmp|journal/

export const AUTH_KEYS = /authorized_keys/
const NEW_SESSION = /New session (\S+?)\.? of user/
const SESSION_NO = /[Ss]ession (\S+?)(?: logged out|\.|$)/

const TEXT_KINDS: ReadonlySet<string> = new Set(['sudo', 'other', 'log_tamper', 'file_access', 'api_call'])
const CHANGE_KINDS: ReadonlySet<string> = new Set(['sudo', 'file_access', 'other', 'api_call'])
const ACCOUNT_KINDS: ReadonlySet<string> = new Set(['user_add', 'user_delete', 'user_modify', 'group_add', 'group_delete', 'group_modify', 'password_change'])

/** The text the log-tampering rule searches: the command, else the line of a kind that can carry one. */
export function tamperText(e: NormalizedEvent, kind: string): string {
  return e.command ?? (TEXT_KINDS.has(kind) ? e.raw : '')
}

/** The text the persistence rule searches for an authorized_keys edit. */
export function changeText(e: NormalizedEvent, kind: string): string {
  return `${e.command ?? ''} ${ACCOUNT_KINDS.has(kind) || kind === 'file_access' || kind === 'other' ? e.raw : ''}`
}

/** Whether the log-tampering rule fires on `e`: history or system logs erased, or a log_tamper event. */
export function tampers(e: NormalizedEvent, kind: string): { history: boolean; syslog: boolean } | null {
  if (!TEXT_KINDS.has(kind) && e.command === null) return null
  const text = tamperText(e, kind)
  if (kind !== 'log_tamper' && !CANDIDATE.test(text)) return null
  const history = HISTORY.test(text)
  const syslog = SYSLOGS.test(text)
  return history || syslog || kind === 'log_tamper' ? { history, syslog } : null
}

/** Whether the persistence rule reads `e`: an account or group change, or an authorized_keys edit. */
export function isChange(e: NormalizedEvent, kind: string): boolean {
  if (ACCOUNT_KINDS.has(kind)) return true
  return CHANGE_KINDS.has(kind) && AUTH_KEYS.test(changeText(e, kind))
}

/**
 * The `facts` bits of `e`, and for a logind line the session it names (interned in `sessions`,
 * -1 when none). `logind` says whether the line is systemd-logind's.
 */
export function lineFacts(e: NormalizedEvent, kind: string, logind: boolean, sessions: Interner): { facts: number; session: number } {
  let facts = 0
  let session = -1
  if (tampers(e, kind)) facts |= FACT.tampering
  if (isChange(e, kind)) facts |= FACT.change
  if (logind) {
    const m = NEW_SESSION.exec(e.raw)
    if (m) {
      facts |= FACT.logindNew
      session = sessions.intern(m[1])
    } else {
      const n = SESSION_NO.exec(e.raw)
      if (n) session = sessions.intern(n[1])
      if (/Removed session/.test(e.raw)) facts |= FACT.logindRemoved
    }
  }
  return { facts, session }
}
