/**
 * Persistence: new accounts (T1136.001), group changes (T1098) and SSH authorized_keys edits
 * (T1098.004). Changes on one host within an hour form one episode.
 */
import { EVENT_KINDS } from '../../../shared/event'
import { K, isAccountKind, type EventTable } from '../../features/eventTable'
import { AUTH_KEYS, FACT, changeText } from '../../features/lineFacts'
import { hourOf, usualHours } from '../../features/baseline'
import { markWithSession } from './followOn'
import { fmtClock, fmtHourSpan } from './format'
import { inSpan } from './privilegedLogin'
import type { HitSink, RuleContext } from './types'

const PRIV_GROUP = /\b(sudo|wheel|admin|adm|root|docker|lxd)\b/

interface Change {
  row: number
  strength: number
  technique: string
  what: string
}

export function persistence(ctx: RuleContext, sink: HitSink): void {
  const { t, w } = ctx
  const { offsets, rows } = w.hostGroups
  for (let h = 0; h + 1 < offsets.length; h++) {
    let cluster: Change[] = []
    for (let p = offsets[h]; p < offsets[h + 1]; p++) {
      const r = rows[p]
      const c = describeChange(t, r)
      if (!c) continue
      if (cluster.length && t.ts[r] - t.ts[cluster[cluster.length - 1].row] > 60 * 60_000) {
        flush(ctx, sink, cluster)
        cluster = []
      }
      cluster.push(c)
    }
    if (cluster.length) flush(ctx, sink, cluster)
  }
}

function flush(ctx: RuleContext, sink: HitSink, cluster: Change[]): void {
  const { t } = ctx
  const context = suspicion(ctx, cluster)
  for (const c of cluster) if (c.technique === 'T1136.001' || c.technique === 'T1098') c.strength = Math.min(0.9, c.strength + context.boost)
  const strong = cluster.filter((c) => c.strength >= 0.7)
  const techniques = [...new Set(cluster.map((c) => c.technique))].sort()
  let strength = Math.max(...cluster.map((c) => c.strength))
  if (strong.length >= 2) strength = Math.min(0.95, strength + 0.05)
  const whats = [...new Set(cluster.map((c) => c.what))]
  if (context.why) whats.push(context.why)
  const host = t.hosts.values[t.host[cluster[0].row]] ?? 'the host'
  const id = sink.add({
    rule: 'persistence',
    threat_type: 'persistence',
    techniques,
    strength,
    reason: `${whats.slice(0, 3).join('; ')} on ${host}`,
  })
  const derived = sink.derive(id)
  for (const c of cluster) {
    if (strength >= 0.7) markWithSession(ctx, sink, c.row, id, derived)
    else sink.mark(c.row, id)
  }
}

/**
 * Account changes are an admin's daily work: what makes them suspicious is the hour, an actor who
 * never administers, or a session that started from an address new to the actor.
 */
function suspicion(ctx: RuleContext, cluster: Change[]): { boost: number; why: string | null } {
  const { t, bb, w, sessions } = ctx
  let boost = 0
  const why: string[] = []
  const first = cluster[0].row
  const h = t.host[first]
  const span = h >= 0 ? usualHours(bb.hostHours.subarray(h * 24, h * 24 + 24)) : null
  if (span && !inSpan(hourOf(t.ts[first]), span)) {
    boost += 0.15
    why.push(`at ${fmtClock(t.ts[first])} UTC, outside this host's usual ${fmtHourSpan(span)}`)
  }
  const s = sessions.of[first]
  const login = s >= 0 ? sessions.start[s] : -1
  if (login >= 0 && w.newIp[login] === 1) {
    boost += 0.1
    why.push(`from a session opened from ${t.ips.values[t.ip[login]] ?? 'a new address'}, new for ${t.users.values[t.user[login]]}`)
  }
  const actor = login >= 0 ? t.user[login] : -1
  if (actor >= 0 && bb.userPriv[actor] === 0) boost += 0.05
  return { boost, why: why.length ? why.join(', ') : null }
}

function describeChange(t: EventTable, r: number): Change | null {
  const k = t.kind[r]
  // Worked out while the line was read (lineFacts.ts): only these lines are read back whole.
  if ((t.facts[r] & FACT.change) === 0) return null
  const e = t.event(r)
  const actor = e.user ?? 'someone'
  const target = e.target_user ?? e.user ?? 'an account'
  if (AUTH_KEYS.test(changeText(e, EVENT_KINDS[k]))) {
    return { row: r, strength: 0.86, technique: 'T1098.004', what: `authorized_keys changed by ${actor}` }
  }
  if (!isAccountKind(k)) return null
  switch (k) {
    case K.user_add:
      return { row: r, strength: 0.62, technique: 'T1136.001', what: `new account ${target} created` }
    case K.group_add:
    case K.group_modify:
    case K.user_modify: {
      if (k === K.group_add && /new group/.test(e.raw)) return { row: r, strength: 0.55, technique: 'T1136.001', what: `new group ${target} created` }
      const priv = PRIV_GROUP.test(e.raw) || PRIV_GROUP.test(e.command ?? '')
      return { row: r, strength: priv ? 0.84 : 0.55, technique: 'T1098', what: priv ? `${target} added to a privileged group` : `group membership of ${target} changed` }
    }
    case K.password_change:
      return { row: r, strength: e.user && e.target_user && e.user !== e.target_user ? 0.65 : 0.45, technique: 'T1098', what: `password of ${target} changed` }
    default:
      return { row: r, strength: 0.6, technique: 'T1531', what: `account or group ${target} deleted` }
  }
}
