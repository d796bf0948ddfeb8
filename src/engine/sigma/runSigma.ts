/**
 * The seam into detection: runs a rule set over the time-sorted event table and adds what fired
 * to the threat rules' HitSink, like any other rule, so the ensemble, the incidents and the
 * reasons treat a Sigma finding as they treat a built-in rule's. Returns the Sigma rule ids that
 * reported on each row (the `sigma_rules` column).
 */
import type { NormalizedEvent } from '../../shared/event'
import type { EventTable } from '../features/eventTable'
import type { HitSink, RuleHit } from '../detect/rules/types'
import { correlate } from './correlate'
import { matchEvents } from './matchEvents'
import { scanMatchesFor } from './scanMatches'
import type { SigmaSet } from './SigmaSet'
import type { SigmaLevel, SigmaMeta } from './types'

/** A level's score floor, inside its severity band (informational reports nothing). */
export const LEVEL_STRENGTH: Readonly<Record<SigmaLevel, number>> = {
  informational: 0,
  low: 0.55,
  medium: 0.75,
  high: 0.88,
  critical: 0.96,
}

export const SIGMA_THREAT_TYPE = 'sigma' as const

/** Lines of one rule on one host more than this apart are separate episodes. */
const EPISODE_GAP_MS = 60 * 60_000

/** Rule ids per time-sorted row of `t` that a Sigma rule reported on. */
export type SigmaRowRules = Map<number, string[]>

export function runSigma(set: SigmaSet, t: EventTable, sink: HitSink): SigmaRowRules {
  const rowRules: SigmaRowRules = new Map()
  if (set.detections.length === 0) return rowRules
  // A first scan matched its lines while it stored them; otherwise every line is read here.
  const matches = scanMatchesFor(t, set) ?? matchEvents(set, allEvents(t))
  const rowsOf = new Map<string, number[]>()
  set.detections.forEach((d, i) => rowsOf.set(d.id, matches[i]))

  const note = (row: number, id: string) => {
    const ids = rowRules.get(row)
    if (!ids) rowRules.set(row, [id])
    else if (!ids.includes(id)) ids.push(id)
  }
  const hitOf = (rule: SigmaMeta): RuleHit => ({
    rule: `sigma:${rule.id}`,
    threat_type: SIGMA_THREAT_TYPE,
    techniques: rule.techniques,
    tactics: rule.tactics,
    strength: LEVEL_STRENGTH[rule.level],
    reason: `Sigma: ${rule.title}`,
  })

  set.detections.forEach((d, i) => {
    if (!set.standalone[i] || d.level === 'informational') return
    // One episode per host and burst: a rule's lines on one server within the hour are one thing to triage.
    const last = new Map<number, { hit: number; ts: number }>()
    for (const row of matches[i]) {
      const prev = last.get(t.host[row])
      const hit = prev && t.ts[row] - prev.ts <= EPISODE_GAP_MS ? prev.hit : sink.add(hitOf(d))
      last.set(t.host[row], { hit, ts: t.ts[row] })
      sink.mark(row, hit)
      note(row, d.id)
    }
  })

  for (const c of set.correlations) {
    const firings = correlate(c, set, (row) => t.event(row), t.ts, rowsOf)
    rowsOf.set(
      c.id,
      firings.map((f) => f.row),
    )
    if (set.quiet.has(c.id) || c.level === 'informational') continue
    const open = new Map<string, { hit: number; until: number }>()
    for (const f of firings) {
      const prev = open.get(f.group)
      const hit = prev && t.ts[f.rows[0]] <= prev.until ? prev.hit : sink.add(hitOf(c))
      open.set(f.group, { hit, until: t.ts[f.row] })
      for (const row of f.rows) {
        sink.mark(row, hit)
        note(row, c.id)
      }
    }
  }
  return rowRules
}

function allEvents(t: EventTable): NormalizedEvent[] {
  const events = new Array<NormalizedEvent>(t.n)
  for (let r = 0; r < t.n; r++) events[r] = t.event(r)
  return events
}
