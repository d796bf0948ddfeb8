/**
 * Log tampering: clearing shell history (T1070.003) or system logs (T1070.002), by sudo command,
 * by a log_tamper event from the parser, or by file operations on /var/log.
 */
import { EVENT_KINDS } from '../../../shared/event'
import { FACT, tampers } from '../../features/lineFacts'
import { markWithSession } from './followOn'
import type { HitSink, RuleContext } from './types'

export function logTampering(ctx: RuleContext, sink: HitSink): void {
  const { t } = ctx
  for (let r = 0; r < t.n; r++) {
    // Worked out while the line was read (lineFacts.ts): only these lines are read back whole.
    if ((t.facts[r] & FACT.tampering) === 0) continue
    const e = t.event(r)
    const found = tampers(e, EVENT_KINDS[t.kind[r]])
    if (!found) throw new Error(`row ${r} was marked as log tampering but does not read as it`)
    const { history, syslog } = found
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
