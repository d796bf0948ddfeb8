/**
 * Privilege escalation through sudo/su (T1548.003): "user NOT in sudoers", failed su, failed sudo
 * passwords, and the root session that follows them. One denial is worth a look; a denial with
 * failed su attempts and then root is an episode.
 */
import { K, type EventTable } from '../../features/eventTable'
import { rowsInRange } from './followOn'
import { fmtDuration, plural } from './format'
import type { HitSink, RuleContext } from './types'

export function privilegeEscalation(ctx: RuleContext, sink: HitSink): void {
  const { t, w, th } = ctx
  const { offsets, rows } = w.userGroups
  const root = t.users.get('root')
  const sudoP = t.programs.get('sudo')
  const suP = t.programs.get('su')
  const isSeed = (r: number): 'denied' | 'su' | 'sudo' | null => {
    const k = t.kind[r]
    if (k === K.sudo_denied) return 'denied'
    if (k === K.su_failure || (k === K.su && t.outcome[r] === 1)) return 'su'
    const prog = t.program[r]
    if (k === K.sudo && t.outcome[r] === 1) return 'sudo'
    if (k === K.auth_failure && prog >= 0 && (prog === sudoP || prog === suP)) return prog === suP ? 'su' : 'sudo'
    return null
  }
  for (let u = 0; u + 1 < offsets.length; u++) {
    let p = offsets[u]
    const end = offsets[u + 1]
    while (p < end) {
      if (!isSeed(rows[p])) {
        p++
        continue
      }
      // A cluster of seeds no further apart than the escalation window.
      const seeds: number[] = []
      let denied = 0
      let suFail = 0
      let sudoFail = 0
      let q = p
      let lastTs = t.ts[rows[p]]
      for (; q < end && t.ts[rows[q]] - lastTs <= th.escalationWindowMs; q++) {
        const r = rows[q]
        const kind = isSeed(r)
        if (!kind) continue
        seeds.push(r)
        lastTs = t.ts[r]
        if (kind === 'denied') denied++
        // Tries, not lines: "FAILED SU" and its pam_unix line are one.
        else if (kind === 'su') suFail += t.attempts[r]
        else sudoFail += t.attempts[r]
      }
      // Root gained afterwards: su/sudo success to root by the same account, soon after.
      const gained: number[] = []
      for (const r of rowsInRange(offsets, rows, u, t.ts, t.ts[seeds[0]], lastTs + th.escalationWindowMs)) {
        if (isRootGain(t, r, root, suP)) gained.push(r)
      }
      const admin = ctx.bb.userPriv[u] > 0
      // An admin's mistyped sudo password is routine; the same from an account that never used sudo is not.
      const strength = scoreCluster(denied, admin && suFail < 3 ? 0 : suFail, admin ? 0 : sudoFail, gained.length > 0)
      if (strength > 0) {
        const user = t.users.values[u]
        const parts: string[] = []
        if (denied) parts.push(`${plural(denied, 'sudo denial')} (not in sudoers)`)
        if (suFail) parts.push(plural(suFail, 'failed su'))
        if (sudoFail) parts.push(plural(sudoFail, 'failed sudo password'))
        const span = lastTs - t.ts[seeds[0]]
        const tail = gained.length ? `, then root via ${t.kind[gained[0]] === K.sudo ? 'sudo' : 'su'}` : ''
        const id = sink.add({
          rule: 'privilege_escalation',
          threat_type: 'privilege_escalation',
          techniques: ['T1548.003'],
          strength,
          reason: `${user}: ${parts.join(', ')}${span > 0 ? ` in ${fmtDuration(span)}` : ''} on ${t.hosts.values[t.host[seeds[0]]] ?? 'the host'}${tail}`,
        })
        const derived = sink.derive(id)
        for (const r of [...seeds, ...gained]) {
          sink.mark(r, id)
          markProcess(ctx, r, (x) => sink.mark(x, derived))
        }
      }
      p = q
    }
  }
}

function isRootGain(t: EventTable, r: number, root: number, suP: number): boolean {
  if (t.outcome[r] === 1 || root < 0 || t.target[r] !== root) return false
  const k = t.kind[r]
  return k === K.su || k === K.sudo || (k === K.session_open && t.program[r] === suP)
}

// A lone failed su or sudo password is a typo; a denial, repeated failures or root afterwards are not.
function scoreCluster(denied: number, suFail: number, sudoFail: number, gained: boolean): number {
  const kinds = (denied > 0 ? 1 : 0) + (suFail > 0 ? 1 : 0) + (sudoFail > 0 ? 1 : 0)
  let s = 0
  if (denied > 0) s = 0.78
  if (suFail >= 3 || sudoFail >= 3) s = Math.max(s, 0.74)
  else if (suFail > 0 || sudoFail > 0) s = Math.max(s, 0.55)
  if (kinds >= 2) s = Math.max(s, 0.86)
  if (gained && s >= 0.55) s = Math.min(0.95, s + 0.08)
  if (s === 0.55 && gained) s = 0.72
  return s
}

const PROCESS_MS = 12 * 3_600_000

/**
 * Marks the lines of the same su/sudo process (same host, program and pid): "session opened for
 * user root" and, when the root shell ends, "session closed".
 */
function markProcess(ctx: RuleContext, row: number, mark: (row: number) => void): void {
  const { t, w } = ctx
  const pid = t.pid[row]
  const h = t.host[row]
  if (pid === null || h < 0) return
  const { offsets, rows } = w.hostGroups
  for (const r of rowsInRange(offsets, rows, h, t.ts, t.ts[row] - 60_000, t.ts[row] + PROCESS_MS)) {
    if (r !== row && t.program[r] === t.program[row] && t.pid[r] === pid) mark(r)
  }
}
