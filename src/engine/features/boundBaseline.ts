/**
 * A baseline bound to one event table: the name-keyed baseline turned into typed arrays indexed
 * by the table's interned ids, so feature extraction does no string lookups per event.
 */
import { EVENT_KINDS } from '../../shared/event'
import { DAY_MS, type Baseline, type OrganisationFacts } from './baseline'
import { PairTable } from './PairTable'
import type { EventTable } from './eventTable'

export interface BoundBaseline {
  hostHours: Float64Array
  hostTotal: Float64Array
  userHours: Float64Array
  userTotal: Float64Array
  bytesMedian: Float64Array
  bytesMad: Float64Array
  bytesN: Float64Array
  userPriv: Float64Array
  bytesHourMax: Float64Array
  bytesHourMaxAll: number
  /** Capture-wide log1p(bytes) median and MAD. */
  bytesMedianAll: number
  bytesMadAll: number
  kindCount: Float64Array
  events: number
  commandCount: Float64Array
  commandTotal: number
  /** (user, ip) / (user, country) / (user, host) distinct days, keyed user * width + value. */
  pairs: [PairTable, PairTable, PairTable]
  widths: [number, number, number]
  /** 1 for source IPs trusted by the baseline (successful logins on two or more days). */
  trustedIp: Uint8Array
  /** A pair is "known" once seen on this many distinct days. */
  knownDays: number
  /** Hosts with a successful SSH login in the baseline; 0 when unknown (a model stored before it was kept). */
  sshHosts: number
  /** The model's organisation facts bound to this table; null when the baseline has none (a scan learns them from its rows). */
  organisation: BoundOrganisation | null
}

export interface BoundOrganisation {
  /** 1 for the organisation's countries. */
  homeCountry: Uint8Array
  /** The organisation's /24s (`a.b.c`). */
  subnets: ReadonlySet<string>
  /** 1 at `account × programs + program` for a habit of logging in through that program from the internet. */
  publicLogin: Uint8Array
}

export function bindOrganisation(facts: OrganisationFacts, t: EventTable): BoundOrganisation {
  const homeCountry = new Uint8Array(t.countries.size)
  for (const c of facts.countries) if (t.countries.get(c) >= 0) homeCountry[t.countries.get(c)] = 1
  const publicLogin = new Uint8Array(t.users.size * t.programs.size)
  for (const [user, program] of facts.publicLogins) {
    const u = t.users.get(user)
    const p = t.programs.get(program)
    if (u >= 0 && p >= 0) publicLogin[u * t.programs.size + p] = 1
  }
  return { homeCountry, subnets: new Set(facts.subnets), publicLogin }
}

/** Binds `b` to the ids of `t`. Entities of the baseline absent from the table are skipped. */
export function bindBaseline(b: Baseline, t: EventTable): BoundBaseline {
  const nHosts = t.hosts.size
  const nUsers = t.users.size
  const bb: BoundBaseline = {
    hostHours: new Float64Array(nHosts * 24),
    hostTotal: new Float64Array(nHosts),
    userHours: new Float64Array(nUsers * 24),
    userTotal: new Float64Array(nUsers),
    bytesMedian: new Float64Array(nUsers),
    bytesMad: new Float64Array(nUsers),
    bytesN: new Float64Array(nUsers),
    userPriv: new Float64Array(nUsers),
    bytesHourMax: new Float64Array(nUsers),
    bytesHourMaxAll: b.bytesHourMaxAll ?? 0,
    bytesMedianAll: b.bytesMedian,
    bytesMadAll: b.bytesMad,
    kindCount: new Float64Array(EVENT_KINDS.length),
    events: b.events,
    commandCount: new Float64Array(t.commands.size),
    commandTotal: b.commandTotal,
    pairs: [new PairTable(b.userIps.length), new PairTable(b.userCountries.length), new PairTable(b.userHosts.length)],
    widths: [t.ips.size, t.countries.size, nHosts],
    trustedIp: new Uint8Array(t.ips.size),
    knownDays: (b.endMs - b.startMs) / DAY_MS >= 3 ? 2 : 1,
    sshHosts: b.sshHosts ?? 0,
    organisation: b.organisation ? bindOrganisation(b.organisation, t) : null,
  }
  for (const [name, eh] of Object.entries(b.hosts)) {
    const h = t.hosts.get(name)
    if (h < 0) continue
    bb.hostTotal[h] = eh.total
    for (let k = 0; k < 24; k++) bb.hostHours[h * 24 + k] = eh.hours[k]
  }
  for (const [name, up] of Object.entries(b.users)) {
    const u = t.users.get(name)
    if (u < 0) continue
    bb.userTotal[u] = up.total
    for (let k = 0; k < 24; k++) bb.userHours[u * 24 + k] = up.hours[k]
    bb.bytesMedian[u] = up.bytesMedian
    bb.bytesMad[u] = up.bytesMad
    bb.bytesN[u] = up.bytesN
    bb.userPriv[u] = up.priv
    bb.bytesHourMax[u] = up.bytesHourMax ?? 0
  }
  for (const ip of b.trustedIps ?? []) {
    const id = t.ips.get(ip)
    if (id >= 0) bb.trustedIp[id] = 1
  }
  EVENT_KINDS.forEach((k, i) => {
    bb.kindCount[i] = b.kindCounts[k] ?? 0
  })
  for (const [cmd, c] of b.commands) {
    const id = t.commands.get(cmd)
    if (id >= 0) bb.commandCount[id] = c
  }
  const lists = [b.userIps, b.userCountries, b.userHosts]
  const dicts = [t.ips, t.countries, t.hosts]
  const lastDay = Math.floor((b.endMs - 1) / DAY_MS)
  for (let k = 0; k < 3; k++) {
    for (const [user, value, days] of lists[k]) {
      const u = t.users.get(user)
      const v = dicts[k].get(value)
      if (u < 0 || v < 0) continue
      bb.pairs[k].set(u * bb.widths[k] + v, days, lastDay)
    }
  }
  return bb
}
