/**
 * Lateral movement (T1021.004): an account logging over SSH into more hosts within minutes than it
 * ever did in its baseline — an account that never hops suddenly touching three hosts, or an admin
 * who visits two at a time reaching four. Judged against the account's own history, so the admin
 * who walks the fleet every morning stays quiet, and a small fleet can be walked whole (every host,
 * at least three) when the account never did so before. Two hosts it never reached, each entered
 * from an address it never used, within one window of at least three hosts, are a walk too,
 * whatever its busiest window was: the hops of a foothold (each from the host before).
 *
 * A walk from one address the account never used is judged on its own (`addressWalks`): that
 * address, in a /24 no account of the baseline came from, reaching more hosts than the account
 * ever did in one window, or two hosts of which one is new to the account, is someone else's hand
 * on the account even when the account itself often touches two or three hosts at once.
 */
import { K } from '../../features/eventTable'
import { markWithSession, rowsInRange } from './followOn'
import { organisationOf } from './organisation'
import { subnetOf } from './privilegedLogin'
import { fmtDuration, fmtList, plural } from './format'
import type { HitSink, RuleContext } from './types'

export function lateralMovement(ctx: RuleContext, sink: HitSink): void {
  const { t, w, bb, th, baselineRows } = ctx
  const { offsets, rows } = w.userGroups
  const seen = new Uint32Array(t.hosts.size)
  // SSH logins only: a portal or cloud console login is not a hop between machines.
  const sshd = t.programs.get('sshd')
  const fleet = bb.sshHosts
  const orgNets = organisationOf(ctx).subnets
  for (let u = 0; u + 1 < offsets.length; u++) {
    const logins: number[] = []
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const r = rows[p]
      if (t.kind[r] === K.auth_success && sshd >= 0 && t.program[r] === sshd && t.host[r] >= 0) logins.push(r)
    }
    if (logins.length < th.lateralHosts) continue
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
      if (distinct >= th.lateralHosts) windows.push([lo, i])
    }
    for (let i = lo; i < logins.length; i++) seen[t.host[logins[i]]] = 0
    const needed = hostsNeeded(th.lateralHosts, baselineMax, fleet)
    const reported = new Set<number>()
    // Merge overlapping windows into episodes.
    let k = 0
    while (k < windows.length) {
      const a = windows[k][0]
      let b = windows[k][1]
      let j = k + 1
      while (j < windows.length && windows[j][0] <= b) b = Math.max(b, windows[j++][1])
      k = j
      const walk = logins.slice(a, b + 1)
      const hosts = new Set(walk.map((r) => t.host[r]))
      // Something must be new: hosts the account never reached, or an address it never used. The
      // same hosts from the same desk, only more of them at once, is a busy day.
      const newHosts = new Set(walk.filter((r) => w.newHost[r] === 1).map((r) => t.host[r]))
      const newIps = new Set(walk.filter((r) => w.newIp[r] === 1 && t.ip[r] >= 0).map((r) => t.ip[r]))
      if (newHosts.size === 0 && newIps.size === 0) continue
      // Fewer hosts than its busiest window can still be a walk: two hosts the account never
      // reached, each entered from an address it never used (each hop from the host before), by
      // an account with SSH history (for a new hire every host and address is new).
      const intoUnknown = baselineMax > 0 && hopsIntoNewHosts(ctx, walk) >= 2
      // A walk inside the baseline (a capture that starts under attack) counts in its busiest
      // window itself: only its hops into hosts the account never reached can tell it.
      const inBaseline = walk[walk.length - 1] < baselineRows
      if ((inBaseline || hosts.size < needed) && !intoUnknown) continue
      report(ctx, sink, u, walk, hosts, newHosts.size, newIps.size, baselineMax, walkStrength(Math.max(0, hosts.size - needed), newHosts.size, newIps.size))
      for (const r of walk) reported.add(r)
    }
    for (const walk of addressWalks(ctx, logins, baselineMax, orgNets)) {
      if (walk.rows.some((r) => reported.has(r))) continue
      const hosts = new Set(walk.rows.map((r) => t.host[r]))
      const newHosts = new Set(walk.rows.filter((r) => w.newHost[r] === 1).map((r) => t.host[r]))
      report(ctx, sink, u, walk.rows, hosts, newHosts.size, 1, baselineMax, walk.wide ? walkStrength(0, newHosts.size, 1) : TWO_HOST_STRENGTH)
    }
  }
}

/** Distinct hosts new to the account that the walk entered from an address new to it. */
function hopsIntoNewHosts(ctx: RuleContext, walk: readonly number[]): number {
  const { t, w } = ctx
  const hosts = new Set<number>()
  for (const r of walk) if (w.newHost[r] === 1 && w.newIp[r] === 1 && t.ip[r] >= 0) hosts.add(t.host[r])
  return hosts.size
}

/** Strength of a walk: hosts beyond those needed, and what in it is new to the account. */
function walkStrength(extraHosts: number, newHosts: number, newIps: number): number {
  return Math.min(0.94, 0.8 + 0.02 * extraHosts + (newHosts > 0 ? 0.05 : 0) + (newIps > 0 ? 0.02 : 0))
}

/** Two hosts, one of them new, from a far new address: an analyst's look (MEDIUM), not HIGH. */
const TWO_HOST_STRENGTH = 0.76

interface AddressWalk {
  rows: number[]
  /** Reaches `lateralHosts` and more hosts than the account's busiest baseline window. */
  wide: boolean
}

/**
 * The logins (inside the baseline too: an address used on one day of it is still new) from each
 * address new to the account and outside the organisation's known /24s, cut into walks of hosts reached within `lateralWindowMs`. A walk
 * counts when it reaches at least `lateralHosts` hosts and more than the account ever did at once,
 * or two hosts, one new to the account. A new lease in a known network (the VPN pool, the office
 * LAN), or the usual hosts from a new desk, is not it.
 */
function addressWalks(ctx: RuleContext, logins: number[], baselineMax: number, orgNets: ReadonlySet<string>): AddressWalk[] {
  const { t, w, th } = ctx
  const byIp = new Map<number, number[]>()
  for (const r of logins) {
    if (w.newIp[r] !== 1 || t.ip[r] < 0) continue
    const list = byIp.get(t.ip[r])
    if (list === undefined) byIp.set(t.ip[r], [r])
    else list.push(r)
  }
  const out: AddressWalk[] = []
  for (const [ip, rows] of byIp) {
    if (rows.length < 2) continue
    const net = subnetOf(t.ips.values[ip])
    if (net !== null && orgNets.has(net)) continue
    let start = 0
    for (let i = 1; i <= rows.length; i++) {
      if (i < rows.length && t.ts[rows[i]] - t.ts[rows[start]] <= th.lateralWindowMs) continue
      const walk = rows.slice(start, i)
      start = i
      const hosts = new Set(walk.map((r) => t.host[r]))
      const wide = hosts.size >= th.lateralHosts && hosts.size > baselineMax
      const hostNew = walk.some((r) => w.newHost[r] === 1)
      if (wide || (hosts.size >= 2 && hostNew)) out.push({ rows: walk, wide })
    }
  }
  return out
}

/**
 * Hosts within one window that make a walk: more than the account's busiest baseline window by
 * two (one more is a busy day), never fewer than `lateralHosts`; in a fleet too small for that,
 * every host of it, when the account never reached them all before.
 */
export function hostsNeeded(minHosts: number, baselineMax: number, fleet: number): number {
  const relative = baselineMax + 2
  const reachable = fleet > 0 ? Math.min(relative, fleet) : relative
  return Math.max(minHosts, baselineMax + 1, reachable)
}

function report(
  ctx: RuleContext,
  sink: HitSink,
  u: number,
  walk: number[],
  hosts: Set<number>,
  newHosts: number,
  newIps: number,
  baselineMax: number,
  strength: number,
): void {
  const { t, w, th } = ctx
  const user = t.users.values[u]
  const first = walk[0]
  const last = walk[walk.length - 1]
  const names = [...hosts].map((h) => t.hosts.values[h])
  const ips = [...new Set(walk.filter((r) => t.ip[r] >= 0).map((r) => t.ip[r]))]
  const whence = ips.length === 1 ? ` from ${t.ips.values[ips[0]]}` : ips.length > 1 ? ` from ${plural(ips.length, 'address', 'addresses')}` : ''
  const novelty = [newHosts > 0 ? `${plural(newHosts, 'host')} new to ${user}` : '', newIps > 0 ? `${plural(newIps, 'address', 'addresses')} new to ${user}` : '']
    .filter(Boolean)
    .join(', ')
  const history = baselineMax === 0 ? 'no SSH logins in the baseline' : `at most ${plural(baselineMax, 'host')} within ${fmtDuration(th.lateralWindowMs)} in the baseline`
  const id = sink.add({
    rule: 'lateral_movement',
    threat_type: 'lateral_movement',
    techniques: ['T1021.004'],
    strength,
    reason:
      `${user} logged into ${plural(hosts.size, 'host')} in ${fmtDuration(Math.max(1000, t.ts[last] - t.ts[first]))} (${fmtList(names, 6)})${whence}; ` +
      `${novelty}; ${history}`,
  })
  // The episode: every login of the walk (so every host the sentence names is the incident's),
  // the sessions of the hops — logins to a host or from an address new to the account; the
  // account's usual login where the walk starts is the account's own work — and every attempt
  // from the walk's new addresses meanwhile (failed ones included).
  const derived = sink.derive(id)
  const hopIps = new Set<number>()
  for (const r of walk) {
    const hop = w.newIp[r] === 1 || w.newHost[r] === 1
    if (hop) markWithSession(ctx, sink, r, id, derived)
    else sink.mark(r, derived)
    if (w.newIp[r] === 1 && t.ip[r] >= 0) hopIps.add(t.ip[r])
  }
  const from = t.ts[first] - th.lateralWindowMs
  const to = t.ts[last] + th.lateralWindowMs
  for (const ip of hopIps) for (const r of rowsInRange(w.ipGroups.offsets, w.ipGroups.rows, ip, t.ts, from, to)) if ((t.user[r] < 0 || t.user[r] === u) && hosts.has(t.host[r])) sink.mark(r, derived)
}
