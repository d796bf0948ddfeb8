/**
 * What normal looks like: per-host and per-user hours, per-user source IPs, countries, hosts and
 * transfer volumes, event-kind and command frequencies, learnt from the baseline period (the first
 * `baselineDays` days, or the first 30 % of a shorter capture). Serialisable, keyed by names, so a
 * stored model can be bound to new events later.
 */
import { EVENT_KINDS } from '../../shared/event'
import { K, isOwnActivity, type EventTable } from './eventTable'
import { PairTable } from './PairTable'
import { DailyPeaks } from './dailyPeaks'

export const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/** Serialisable baseline (part of the trained model). */
export interface Baseline {
  startMs: number
  /** Events with ts < endMs form the baseline. */
  endMs: number
  events: number
  kindCounts: Record<string, number>
  hosts: Record<string, EntityHours>
  users: Record<string, UserProfile>
  /** [user, value, distinct days seen] */
  userIps: [string, string, number][]
  userCountries: [string, string, number][]
  userHosts: [string, string, number][]
  /** Source IPs with successful logins on at least two baseline days (offices, VPNs, NATs). */
  trustedIps: string[]
  /**
   * Hosts with a successful SSH login in the baseline: the fleet an account can walk across.
   * Absent from models stored before it existed.
   */
  sshHosts?: number
  /** [command, count], most common first (capped). */
  commands: [string, number][]
  commandTotal: number
  /** 90th percentile over accounts of their busiest baseline hour, for accounts without history. */
  bytesHourMaxAll: number
  /** Median and MAD of log1p(bytes) over every baseline transfer, for users without their own. */
  bytesMedian: number
  bytesMad: number
  /** What the baseline vouches for about the organisation (detect/rules/organisation.ts); absent from older models. */
  organisation?: OrganisationFacts
}

/** The organisation's recurring countries and /24s, and accounts' habits of logging in from the internet, by name. */
export interface OrganisationFacts {
  countries: string[]
  subnets: string[]
  /** [account, program] */
  publicLogins: [string, string][]
}

export interface EntityHours {
  hours: number[]
  total: number
}

export interface UserProfile extends EntityHours {
  /** Median and MAD of log1p(bytes) over the user's baseline transfers. */
  bytesMedian: number
  bytesMad: number
  bytesN: number
  /** Successful sudo/su uses: an admin's privilege use is routine. */
  priv: number
  /** Most bytes the account moved in one clock hour of the baseline, on its second-busiest day (dailyPeaks.ts). */
  bytesHourMax: number
}

/** Where the baseline ends for a capture from `startMs` to `endMs`. */
export function baselineEnd(startMs: number, endMs: number, baselineDays: number): number {
  const span = endMs - startMs
  if (span > baselineDays * DAY_MS) return startMs + baselineDays * DAY_MS
  return startMs + Math.max(0.3 * span, 1)
}

/**
 * Share of the earliest events that may be strays rather than the capture's start (one line a year
 * older than the rest: a second folder, a forgotten rotation). Events more than `baselineDays`
 * older than the first event after them are strays: the baseline's days count from the first
 * event that is not, so a stray line cannot leave the baseline nearly empty.
 */
export const STRAY_SHARE = 0.01

/**
 * The baseline never holds fewer than this share of the events (a capture whose first week was
 * nearly silent). Small on purpose: a long capture's first `baselineDays` days are its baseline,
 * not its first quarter, which would hold the attacks of its second week as "normal".
 */
export const MIN_BASELINE_SHARE = 0.05

/** Where the baseline of a sorted event table ends: `baselineDays` from its first event that is not a stray, holding at least MIN_BASELINE_SHARE of the events. */
export function baselineEndOf(t: EventTable, baselineDays: number): number {
  if (t.n === 0) return 0
  const settled = t.ts[Math.floor(STRAY_SHARE * (t.n - 1))]
  let first = 0
  while (t.ts[first] < settled - baselineDays * DAY_MS) first++
  const byTime = baselineEnd(t.ts[first], t.ts[t.n - 1], baselineDays)
  const share = t.ts[Math.max(0, Math.ceil(MIN_BASELINE_SHARE * t.n) - 1)]
  return Math.max(byTime, share + 1)
}

/** First row index at or after `endMs` in the sorted table. */
export function baselineRows(t: EventTable, endMs: number): number {
  let lo = 0
  let hi = t.n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (t.ts[mid] < endMs) lo = mid + 1
    else hi = mid
  }
  return lo
}

const MAX_COMMANDS = 5000

/** Learns the baseline from rows [0, rows) of the table. */
export function buildBaseline(t: EventTable, endMs: number): Baseline {
  const rows = baselineRows(t, endMs)
  const nHosts = t.hosts.size
  const nUsers = t.users.size
  const hostHours = new Float64Array(nHosts * 24)
  const userHours = new Float64Array(nUsers * 24)
  const kindCounts = new Float64Array(EVENT_KINDS.length)
  const cmdCounts = new Float64Array(t.commands.size)
  const userBytes: number[][] = Array.from({ length: nUsers }, () => [])
  const userPriv = new Float64Array(nUsers)
  const allBytes: number[] = []
  const ipDays = new PairTable()
  const peaks = new DailyPeaks(nUsers)
  const pairs = [new PairTable(), new PairTable(), new PairTable()]
  const widths = [t.ips.size, t.countries.size, nHosts]
  const sshd = t.programs.get('sshd')
  const sshHost = new Uint8Array(nHosts)
  for (let i = 0; i < rows; i++) {
    const hour = hourOf(t.ts[i])
    const day = Math.floor(t.ts[i] / DAY_MS)
    kindCounts[t.kind[i]]++
    if (t.kind[i] === K.auth_success && t.ip[i] >= 0) ipDays.touch(t.ip[i], day)
    if (t.kind[i] === K.auth_success && sshd >= 0 && t.program[i] === sshd && t.host[i] >= 0) sshHost[t.host[i]] = 1
    // Host and user hours describe people at work: accounts that got in, not cron, not the
    // internet's knocks (which come under any account name, at any hour).
    const own = isOwnActivity(t, i)
    if (t.host[i] >= 0 && t.user[i] >= 0 && own) hostHours[t.host[i] * 24 + hour]++
    if (t.command[i] >= 0) cmdCounts[t.command[i]]++
    const u = t.user[i]
    if (u < 0 || !own) continue
    userHours[u * 24 + hour]++
    if (!Number.isNaN(t.bytes[i])) {
      const lb = Math.log1p(Math.max(0, t.bytes[i]))
      userBytes[u].push(lb)
      allBytes.push(lb)
      peaks.add(u, t.ts[i], t.bytes[i])
    }
    if ((t.kind[i] === K.sudo || t.kind[i] === K.su) && t.outcome[i] !== 1) userPriv[u]++
    if (t.ip[i] >= 0) pairs[0].touch(u * widths[0] + t.ip[i], day)
    if (t.country[i] >= 0) pairs[1].touch(u * widths[1] + t.country[i], day)
    if (t.host[i] >= 0) pairs[2].touch(u * widths[2] + t.host[i], day)
  }
  const hourMax = peaks.busiestHours()
  const hosts: Record<string, EntityHours> = {}
  for (let h = 0; h < nHosts; h++) {
    const hours = Array.from(hostHours.subarray(h * 24, h * 24 + 24))
    const total = hours.reduce((a, b) => a + b, 0)
    if (total > 0) hosts[t.hosts.values[h]] = { hours, total }
  }
  const users: Record<string, UserProfile> = {}
  for (let u = 0; u < nUsers; u++) {
    const hours = Array.from(userHours.subarray(u * 24, u * 24 + 24))
    const total = hours.reduce((a, b) => a + b, 0)
    if (total === 0) continue
    const b = userBytes[u].sort((x, y) => x - y)
    const med = median(b)
    const mad = median(b.map((x) => Math.abs(x - med)).sort((x, y) => x - y))
    users[t.users.values[u]] = { hours, total, bytesMedian: med, bytesMad: mad, bytesN: b.length, priv: userPriv[u], bytesHourMax: hourMax[u] }
  }
  const dicts = [t.ips.values, t.countries.values, t.hosts.values]
  const pairLists = pairs.map((m, k) => {
    const list: [string, string, number][] = []
    m.forEach((key, days) => {
      const u = Math.floor(key / widths[k])
      list.push([t.users.values[u], dicts[k][key - u * widths[k]], days])
    })
    // Table order is hash order: sort so the stored model does not depend on it.
    return list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
  })
  const commands: [string, number][] = []
  let commandTotal = 0
  for (let c = 0; c < cmdCounts.length; c++) {
    if (cmdCounts[c] > 0) commands.push([t.commands.values[c], cmdCounts[c]])
    commandTotal += cmdCounts[c]
  }
  commands.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  allBytes.sort((x, y) => x - y)
  const gMed = median(allBytes)
  const gMad = median(allBytes.map((x) => Math.abs(x - gMed)).sort((x, y) => x - y))
  const kc: Record<string, number> = {}
  EVENT_KINDS.forEach((k, i) => {
    if (kindCounts[i] > 0) kc[k] = kindCounts[i]
  })
  return {
    startMs: rows > 0 ? t.ts[0] : endMs,
    endMs,
    events: rows,
    kindCounts: kc,
    hosts,
    users,
    userIps: pairLists[0],
    userCountries: pairLists[1],
    userHosts: pairLists[2],
    trustedIps: trusted(ipDays, t.ips.values),
    sshHosts: sshHost.reduce((a, b) => a + b, 0),
    commands: commands.slice(0, MAX_COMMANDS),
    commandTotal,
    bytesMedian: gMed,
    bytesMad: gMad,
    bytesHourMaxAll: quantile(Array.from(hourMax).filter((x) => x > 0).sort((x, y) => x - y), 0.9),
  }
}

function trusted(ipDays: PairTable, names: string[]): string[] {
  const out: string[] = []
  ipDays.forEach((ip, days) => {
    if (days >= 2) out.push(names[ip])
  })
  return out.sort()
}

/** UTC hour of day. */
export function hourOf(ts: number): number {
  return Math.floor((((ts % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS)
}

function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0
}

function median(sorted: number[]): number {
  if (sorted.length === 0) return 0
  const m = sorted.length >> 1
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
}

/**
 * The usual hours of an entity: the shortest circular span of hours holding `share` of its events,
 * as [firstHour, lastHour] (inclusive), or null without enough history.
 */
export function usualHours(hours: ArrayLike<number>, share = 0.9, minEvents = 20): [number, number] | null {
  let total = 0
  for (let h = 0; h < 24; h++) total += hours[h]
  if (total < minEvents) return null
  for (let len = 1; len <= 24; len++) {
    let best = -1
    let bestSum = -1
    for (let s = 0; s < 24; s++) {
      let sum = 0
      for (let k = 0; k < len; k++) sum += hours[(s + k) % 24]
      if (sum > bestSum) {
        bestSum = sum
        best = s
      }
    }
    if (bestSum >= share * total) return [best, (best + len - 1) % 24]
  }
  return [0, 23]
}
