/**
 * Log tampering: clearing shell history (T1070.003) or system logs (T1070.002), by sudo command,
 * by a log_tamper event from the parser, or by file operations on /var/log.
 */
import { K } from '../../features/eventTable'
import { markWithSession } from './followOn'
import type { HitSink, RuleContext } from './types'

const HISTORY = /(history\s+-c|unset\s+HISTFILE|HISTFILE=\/dev\/null|HISTSIZE=0|\.(bash|zsh)_history|set \+o history)/
const SYSLOGS =
  /((rm|shred|truncate|unlink|wipe|srm)\b[^|;]*\/var\/log|>\s*\/var\/log\/|\/var\/log\/\S+\s*<\s*\/dev\/null|cp\s+\/dev\/null\s+\/var\/log|journalctl\s+[^|;]*--(vacuum|rotate)|(auditctl\s+-D)|(service|systemctl)\s+(stop|disable)\s+(rsyslog|syslog|auditd|systemd-journald)|\b(utmp|wtmp|btmp|lastlog)\b[^|;]*(\/dev\/null|truncate)|echo\s*>\s*\S*(wtmp|btmp|lastlog))/

// Cheap prefilter: every pattern below mentions one of these.
const CANDIDATE = /log|hist|HIST|audit|tmp/

export function logTampering(ctx: RuleContext, sink: HitSink): void {
  const { t } = ctx
  for (let r = 0; r < t.n; r++) {
    const k = t.kind[r]
    if (k !== K.log_tamper && k !== K.sudo && k !== K.file_access && k !== K.other && k !== K.api_call && t.command[r] < 0) continue
    const e = t.events[t.order[r]]
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
      techniques: history && !syslog ? ['T1070.003'] : syslog && !history ? ['T1070.002'] : ['T1070.002', 'T1070.003'],
      strength: 0.9,
      reason: snippet ? `${who} ran "${snippet}" on ${e.host}: ${history ? 'shell history' : 'system logs'} erased` : `${history ? 'shell history' : 'system logs'} tampered with on ${e.host} by ${who}`,
    })
    markWithSession(ctx, sink, r, id)
  }
}
