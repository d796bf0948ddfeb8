/**
 * Lateral movement (T1021.004): one account logging into many hosts within minutes, more than it
 * ever did in the baseline. A fleet smaller than `lateralHosts` can only be walked whole: there the
 * walk is every host of the fleet (at least three: two hops), which the account never reached
 * within one window of the baseline.
 */
import { K } from '../../features/eventTable'
import { markWithSession, rowsInRange } from './followOn'
import { fmtDuration, fmtList } from './format'
import type { HitSink, RuleContext } from './types'

export function lateralMovement(ctx: RuleContext, sink: HitSink): void {
  const { t, w, bb, th, baselineRows } = ctx
  const { offsets, rows } = w.userGroups
  const seen = new Uint32Array(t.hosts.size)
  // SSH logins only: a portal or cloud console login is not a hop between machines.
  const sshd = t.programs.get('sshd')
  const fleet = bb.sshHosts
  const small = fleet > 0 && fleet < th.lateralHosts
  const minHosts = small ? Math.max(3, fleet) : th.lateralHosts
  for (let u = 0; u + 1 < offsets.length; u++) {
    const logins: number[] = []
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const r = rows[p]
      if (t.kind[r] === K.auth_success && sshd >= 0 && t.program[r] === sshd && t.host[r] >= 0) logins.push(r)
    }
    if (logins.length < minHosts) continue
    // Distinct hosts in a sliding window; remember the busiest baseline window for this account.
    let lo = 0
    let distinct = 0
    let baselineMax = 0
    const windows: [number, number][] = []
    for (let i = 0; i < logins.length; i++) {
      const r = logins[i]
      if (seen[t.host[r]]++ === 0) distinct++
      while (t.ts[logins[lo]] <= t.ts[r] - th.lateralWindowMs) if (--seen[t.host[logins[lo++]]] === 0) distinct--
      if (r < baselineRows) baselineMax = Math.max(baselineMax, distinct)
      else if (distinct >= minHosts) windows.push([lo, i])
    }
    for (let i = lo; i < logins.length; i++) seen[t.host[logins[i]]] = 0
    // Two more hosts than the account's busiest baseline window; in a small fleet the whole fleet,
    // which leaves room for one more at most.
    const needed = small ? Math.max(minHosts, baselineMax + 1) : Math.max(th.lateralHosts, baselineMax + 2)
    // Merge overlapping windows into episodes.
    let k = 0
    while (k < windows.length) {
      const a = windows[k][0]
      let b = windows[k][1]
      let j = k + 1
      while (j < windows.length && windows[j][0] <= b) b = Math.max(b, windows[j++][1])
      k = j
      const hosts = new Set<number>()
      const sources = new Set<number>()
      for (let i = a; i <= b; i++) {
        hosts.add(t.host[logins[i]])
        if (w.newIp[logins[i]] === 1) sources.add(t.ip[logins[i]])
      }
      // A walk hops from machine to machine: its logins come from several new addresses. An admin
      // visiting four servers from one laptop does not.
      if (hosts.size < needed || sources.size < 2) continue
      let fresh = 0
      for (let i = a; i <= b; i++) fresh += w.newHost[logins[i]]
      const user = t.users.values[u]
      const names = [...hosts].map((h) => t.hosts.values[h])
      const id = sink.add({
        rule: 'lateral_movement',
        threat_type: 'lateral_movement',
        techniques: ['T1021.004'],
        strength: Math.min(0.94, 0.82 + 0.02 * (hosts.size - minHosts) + (fresh > 0 ? 0.05 : 0)),
        reason:
          `${user} logged into ${hosts.size} hosts in ${fmtDuration(Math.max(1000, t.ts[logins[b]] - t.ts[logins[a]]))} (${fmtList(names, 3)})` +
          `${small && hosts.size === fleet ? `, all ${fleet} SSH hosts seen in the baseline` : ''}; at most ${baselineMax} in the baseline`,
      })
      // The episode: the hops — logins from addresses new to the account (the first login, from
      // the account's own workstation, is where the walk starts, not part of it) — their sessions
      // and every attempt from the hop addresses meanwhile, failed ones included.
      const derived = sink.derive(id)
      const hopIps = new Set<number>()
      // The window's first login is where the walk enters; the hops come after it.
      for (let i = a + 1; i <= b; i++) {
        if (w.newIp[logins[i]] !== 1) continue
        markWithSession(ctx, sink, logins[i], id, derived)
        if (t.ip[logins[i]] >= 0) hopIps.add(t.ip[logins[i]])
      }
      const from = t.ts[logins[a]] - th.lateralWindowMs
      const to = t.ts[logins[b]] + th.lateralWindowMs
      for (const ip of hopIps) for (const r of rowsInRange(w.ipGroups.offsets, w.ipGroups.rows, ip, t.ts, from, to)) if (t.user[r] < 0 || t.user[r] === u) sink.mark(r, derived)
    }
  }
}
