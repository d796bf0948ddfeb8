/**
 * Log tampering: clearing shell history (T1070.003) or system logs (T1070.002), by sudo command,
 * by a log_tamper event from the parser, or by file operations on /var/log.
 */
import { K } from '../../features/eventTable'
import { markWithSession } from './followOn'
import type { HitSink, RuleContext } from './types'

const HISTORY = /(history\s+-c|unset\s+HISTFILE|HISTFILE=\/dev\/null|HISTSIZE=0|\.(bash|zsh)_history|set \+o history)/
// The logging daemons; stopping one silences every log after it.
const LOGGERS = '(rsyslogd?|syslogd?|syslog-ng|auditd|systemd-journald)'
const SYSLOGS = new RegExp(
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

export function logTampering(ctx: RuleContext, sink: HitSink): void {
  const { t } = ctx
  for (let r = 0; r < t.n; r++) {
    const k = t.kind[r]
    if (k !== K.log_tamper && k !== K.sudo && k !== K.file_access && k !== K.other && k !== K.api_call && t.command[r] < 0) continue
    const e = t.event(r)
    const text = e.command ?? (k === K.sudo || k === K.other || k === K.log_tamper || k === K.file_access || k === K.api_call ? e.raw : '')
    if (k !== K.log_tamper && !CANDIDATE.test(text)) continue
    const history = HISTORY.test(text)
    const syslog = SYSLOGS.test(text)
    if (!history && !syslog && k !== K.log_tamper) continue
    const who = e.user ?? 'someone'
    const snippet = (e.command ?? '').slice(0, 80)
    const id = sink.add({
      rule: 'log_tampering',
      threat_type: 'log_tampering',
      // A log_tamper event naming neither is about system logs (the reason says so too).
      techniques: history && syslog ? ['T1070.002', 'T1070.003'] : history ? ['T1070.003'] : ['T1070.002'],
      strength: 0.9,
      reason: snippet ? `${who} ran "${snippet}" on ${e.host}: ${history ? 'shell history' : 'system logs'} erased` : `${history ? 'shell history' : 'system logs'} tampered with on ${e.host} by ${who}`,
    })
    markWithSession(ctx, sink, r, id)
  }
}
