/**
 * Feature extraction: one row of FEATURE_NAMES per event (time order), row-major Float64Array,
 * plus the window columns the rules and the reasons reuse.
 */
import { DAY_MS, hourOf } from './baseline'
import type { BoundBaseline } from './boundBaseline'
import { K, isAccountKind, isOwnActivity, isPrivKind, type EventTable } from './eventTable'
import { narrowNumbers, type NumberColumn } from './narrow'
import type { PairTable } from './PairTable'
import { F, N_FEATURES, WINDOW_MS } from './schema'
import { groupBy, maxId, windowDistinct, windowSum, type Groups } from './windows'

/** Window columns by row (time order), shared with rules and reasons; numbers as narrow as their values allow (narrow.ts). */
export interface WindowColumns {
  ipGroups: Groups
  userGroups: Groups
  hostGroups: Groups
  /** Failed attempts (weighted by repeat count) from the row's source IP in the last 5 min. */
  ipFail5m: NumberColumn
  ipEvents5m: NumberColumn
  ipUsers1h: NumberColumn
  ipInvalidShare1h: NumberColumn
  userFail5m: NumberColumn
  userHosts10m: NumberColumn
  /** For successful logins: failures for that user or from that IP in the 10 min before. */
  failBeforeSuccess: NumberColumn
  /** Row of the user's previous geolocated event, or -1. */
  prevGeo: Int32Array
  /** km/h from the user's previous geolocated event (0 when none). */
  travelKmh: NumberColumn
  /** 1 when the (user, ip), (user, country), (user, host) pair is new for the user. */
  newIp: Uint8Array
  newCountry: Uint8Array
  newHost: Uint8Array
}

export interface Features {
  /** Row-major, `nRows × N_FEATURES`, time order. */
  X: Float64Array
  nRows: number
  nFeatures: number
  windows: WindowColumns
  rows: FeatureRows
}

/** Extracts the whole feature matrix (a live batch, tests). A scan computes rows as it needs them: `extractWindows`. */
export function extractFeatures(t: EventTable, bb: BoundBaseline, baselineRows: number): Features {
  const { windows, rows } = extractWindows(t, bb, baselineRows)
  const X = new Float64Array(t.n * N_FEATURES)
  rows.fill(0, t.n, X)
  return { X, nRows: t.n, nFeatures: N_FEATURES, windows, rows }
}

/**
 * The window columns of every row, and what computes any row's features from them. Rows before
 * `baselineRows` are judged against the whole baseline; later rows against the baseline plus what
 * came before them (a pair seen on two distinct days becomes known, as an analyst would learn it):
 * that learning runs here, once, in time order, so a feature row is a pure function afterwards.
 */
export function extractWindows(t: EventTable, bb: BoundBaseline, baselineRows: number): { windows: WindowColumns; rows: FeatureRows } {
  const n = t.n
  const ipGroups = groupBy(t.ip, t.ips.size)
  const userGroups = groupBy(t.user, t.users.size)
  const hostGroups = groupBy(t.host, t.hosts.size)

  const fail = new Float64Array(n)
  const ones = new Float64Array(n)
  const invalidW = new Float64Array(n)
  const attemptW = new Float64Array(n)
  const authUser = new Int32Array(n).fill(-1)
  const loginHost = new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++) {
    const k = t.kind[i]
    const c = t.count[i]
    ones[i] = c
    const isFail = k === K.auth_failure || k === K.invalid_user || k === K.max_auth_exceeded
    // Attempts, not lines: sshd and PAM tell one failed password several times.
    if (isFail) fail[i] = t.attempts[i]
    if (t.invalid[i]) invalidW[i] = c
    if (isFail || k === K.auth_success) {
      attemptW[i] = c
      authUser[i] = t.user[i]
    }
    if ((k === K.auth_success || k === K.session_open) && t.scheduled[i] === 0) loginHost[i] = t.host[i]
  }

  // Computed as doubles, then held narrow (narrowWindows).
  const w = {
    ipGroups,
    userGroups,
    hostGroups,
    ipFail5m: new Float64Array(n),
    ipEvents5m: new Float64Array(n),
    ipUsers1h: new Float64Array(n),
    ipInvalidShare1h: new Float64Array(n),
    userFail5m: new Float64Array(n),
    userHosts10m: new Float64Array(n),
    failBeforeSuccess: new Float64Array(n),
    prevGeo: new Int32Array(n).fill(-1),
    travelKmh: new Float64Array(n),
    newIp: new Uint8Array(n),
    newCountry: new Uint8Array(n),
    newHost: new Uint8Array(n),
  }
  windowSum(ipGroups, t.ts, fail, WINDOW_MS.short, w.ipFail5m)
  windowSum(ipGroups, t.ts, ones, WINDOW_MS.short, w.ipEvents5m)
  windowSum(userGroups, t.ts, fail, WINDOW_MS.short, w.userFail5m)
  const scratch = new Uint32Array(Math.max(maxId(t.user), maxId(t.host)) + 2)
  windowDistinct(ipGroups, t.ts, authUser, WINDOW_MS.long, w.ipUsers1h, scratch)
  windowDistinct(userGroups, t.ts, loginHost, WINDOW_MS.hosts, w.userHosts10m, scratch)
  const tmpA = new Float64Array(n)
  const tmpB = new Float64Array(n)
  windowSum(ipGroups, t.ts, invalidW, WINDOW_MS.long, tmpA)
  windowSum(ipGroups, t.ts, attemptW, WINDOW_MS.long, tmpB)
  for (let i = 0; i < n; i++) w.ipInvalidShare1h[i] = tmpB[i] > 0 ? tmpA[i] / tmpB[i] : 0
  windowSum(userGroups, t.ts, fail, WINDOW_MS.successAfter, tmpA)
  windowSum(ipGroups, t.ts, fail, WINDOW_MS.successAfter, tmpB)
  for (let i = 0; i < n; i++) {
    if (t.kind[i] === K.auth_success) w.failBeforeSuccess[i] = Math.max(t.user[i] >= 0 ? tmpA[i] : 0, t.ip[i] >= 0 ? tmpB[i] : 0)
  }
  travel(t, userGroups, w)

  const knownDays = bb.knownDays
  const [pIp, pCountry, pHost] = bb.pairs
  const [wIp, wCountry, wHost] = bb.widths
  for (let i = 0; i < n; i++) {
    // Account-window counts describe authentication; a cron job of root is not part of root's brute force.
    if (t.scheduled[i] === 1) w.userFail5m[i] = 0
    const u = t.user[i]
    if (u < 0 || t.invalid[i] !== 0) continue
    const day = Math.floor(t.ts[i] / DAY_MS)
    const inBaseline = i < baselineRows
    const success = isOwnActivity(t, i)
    const h = t.host[i]
    if (t.ip[i] >= 0) w.newIp[i] = pairIsNew(pIp, u * wIp + t.ip[i], knownDays, inBaseline, success, day)
    if (t.country[i] >= 0) w.newCountry[i] = pairIsNew(pCountry, u * wCountry + t.country[i], knownDays, inBaseline, success, day)
    if (h >= 0) w.newHost[i] = pairIsNew(pHost, u * wHost + h, knownDays, inBaseline, success, day)
  }
  const windows = narrowWindows(w)
  return { windows, rows: new FeatureRows(t, windows, bb) }
}

/** The window columns with each number column as narrow as its values allow (counts are small integers). */
function narrowWindows(w: { [K in keyof WindowColumns]: WindowColumns[K] extends NumberColumn ? Float64Array : WindowColumns[K] }): WindowColumns {
  return {
    ...w,
    ipFail5m: narrowNumbers(w.ipFail5m),
    ipEvents5m: narrowNumbers(w.ipEvents5m),
    ipUsers1h: narrowNumbers(w.ipUsers1h),
    ipInvalidShare1h: narrowNumbers(w.ipInvalidShare1h),
    userFail5m: narrowNumbers(w.userFail5m),
    userHosts10m: narrowNumbers(w.userHosts10m),
    failBeforeSuccess: narrowNumbers(w.failBeforeSuccess),
    travelKmh: narrowNumbers(w.travelKmh),
  }
}

/**
 * Computes feature rows from the window columns (`extractWindows`), any rows in any order: a scan
 * never holds the whole matrix (184 bytes an event), only the rows it is working on.
 */
export class FeatureRows {
  private readonly hostRarity: Float64Array
  private readonly userRarity: Float64Array
  private readonly kindRarity: Float64Array
  private readonly root: number
  private readonly one = new Float64Array(N_FEATURES)
  private oneRow = -1

  constructor(
    private readonly t: EventTable,
    private readonly w: WindowColumns,
    private readonly bb: BoundBaseline,
  ) {
    // Per-entity tables, so the row loop does lookups instead of logarithms.
    this.hostRarity = rarityTable(bb.hostHours, bb.hostTotal)
    this.userRarity = rarityTable(bb.userHours, bb.userTotal)
    this.kindRarity = new Float64Array(bb.kindCount.length)
    for (let k = 0; k < this.kindRarity.length; k++) this.kindRarity[k] = -Math.log10((bb.kindCount[k] + 1) / (bb.events + 28))
    this.root = t.users.get('root')
  }

  /** Writes rows [from, to) into `out`, row-major, starting at its row `at`. */
  fill(from: number, to: number, out: Float64Array, at = 0): void {
    for (let i = from; i < to; i++) this.write(i, out, (at + i - from) * N_FEATURES)
  }

  /** The rows `which`, row-major, in that order. */
  gather(which: ArrayLike<number>): Float64Array {
    const out = new Float64Array(which.length * N_FEATURES)
    for (let k = 0; k < which.length; k++) this.write(which[k], out, k * N_FEATURES)
    return out
  }

  /** Row `r` (N_FEATURES values), valid until the next call: reasons read one row several times. */
  row(r: number): Float64Array {
    if (r !== this.oneRow) {
      this.write(r, this.one, 0)
      this.oneRow = r
    }
    return this.one
  }

  /** Writes row `i` at `o` of `X` (a buffer used again: the features a row does not have are 0). */
  private write(i: number, X: Float64Array, o: number): void {
    const { t, w, bb, hostRarity, userRarity, kindRarity, root } = this
    X.fill(0, o, o + N_FEATURES)
    const ts = t.ts[i]
    const hour = hourOf(ts)
    const k = t.kind[i]
    const u = t.user[i]
    const h = t.host[i]
    const validUser = u >= 0 && t.invalid[i] === 0
    X[o + F.hour] = hour + Math.floor((ts % 3_600_000) / 60_000) / 60
    const dow = (Math.floor(ts / DAY_MS) + 4) % 7 // 1970-01-01 was a Thursday
    X[o + F.weekend] = dow === 0 || dow === 6 ? 1 : 0
    const hostR = h >= 0 ? hostRarity[h * 24 + hour] : 0
    X[o + F.host_hour_rarity] = hostR
    X[o + F.user_hour_rarity] = validUser && t.scheduled[i] === 0 && bb.userTotal[u] > 0 ? userRarity[u * 24 + hour] : hostR
    X[o + F.kind_rarity] = kindRarity[k]
    X[o + F.failure] = t.outcome[i] === 1 ? 1 : 0
    X[o + F.invalid_user] = t.invalid[i]
    X[o + F.privileged] = t.scheduled[i] === 0 && ((root >= 0 && (u === root || t.target[i] === root)) || isPrivKind(k)) ? 1 : 0
    X[o + F.account_change] = isAccountKind(k) ? 1 : 0
    X[o + F.ip_failures_5m] = Math.log1p(w.ipFail5m[i])
    X[o + F.ip_events_5m] = t.ip[i] >= 0 ? Math.log1p(w.ipEvents5m[i]) : 0
    X[o + F.ip_distinct_users_1h] = Math.log1p(w.ipUsers1h[i])
    X[o + F.ip_invalid_share_1h] = w.ipInvalidShare1h[i]
    X[o + F.user_failures_5m] = Math.log1p(w.userFail5m[i])
    X[o + F.user_distinct_hosts_10m] = Math.log1p(w.userHosts10m[i])
    X[o + F.success_after_failures] = Math.log1p(w.failBeforeSuccess[i])
    if (validUser) {
      X[o + F.new_ip_for_user] = w.newIp[i]
      X[o + F.new_country_for_user] = w.newCountry[i]
      X[o + F.new_host_for_user] = w.newHost[i]
      X[o + F.unknown_user] = bb.userTotal[u] > 0 ? 0 : 1
      const b = t.bytes[i]
      if (!Number.isNaN(b) && bb.bytesN[u] >= 5) {
        const z = (Math.log1p(Math.max(0, b)) - bb.bytesMedian[u]) / Math.max(1.4826 * bb.bytesMad[u], 0.25)
        X[o + F.bytes_z] = Math.max(-5, Math.min(30, z))
      }
    } else if (u >= 0) {
      X[o + F.unknown_user] = 1
    }
    const c = t.command[i]
    if (c >= 0) X[o + F.command_rarity] = -Math.log10((bb.commandCount[c] + 1) / (bb.commandTotal + 1))
    X[o + F.travel_kmh] = Math.log1p(w.travelKmh[i])
  }
}

// How much rarer each hour is for each entity than a flat day would be: 0 when usual, up to ~6.
function rarityTable(hours: Float64Array, totals: Float64Array): Float64Array {
  const out = new Float64Array(hours.length)
  for (let e = 0; e < totals.length; e++) {
    for (let h = 0; h < 24; h++) {
      const p = (hours[e * 24 + h] + 0.5) / (totals[e] + 12)
      out[e * 24 + h] = Math.max(0, Math.min(6, Math.log(1 / (24 * p))))
    }
  }
  return out
}

function pairIsNew(m: PairTable, key: number, knownDays: number, inBaseline: boolean, success: boolean, day: number): 0 | 1 {
  const days = m.days(key)
  const known = days >= knownDays && (inBaseline || days > knownDays || m.lastDayOf(key) < day)
  // Learn after judging, and only from successes: an attacker's failures must not make an IP familiar.
  if (!inBaseline && success) m.touch(key, day)
  return known ? 0 : 1
}

const EARTH_KM = 6371

function travel(t: EventTable, g: Groups, w: { prevGeo: Int32Array; travelKmh: Float64Array }): void {
  const { offsets, rows } = g
  for (let e = 0; e + 1 < offsets.length; e++) {
    let prev = -1
    for (let p = offsets[e]; p < offsets[e + 1]; p++) {
      const r = rows[p]
      if (Number.isNaN(t.lat[r]) || Number.isNaN(t.lon[r])) continue
      // Travel is between the account's own doings: a failed try under its name from abroad is
      // whoever typed the name (a spray), not the account's owner being there.
      if (!isOwnActivity(t, r)) continue
      if (prev >= 0) {
        w.prevGeo[r] = prev
        // One address is one place: its record geo and its GeoIP geo can disagree by hundreds of km.
        const sameIp = t.ip[r] >= 0 && t.ip[r] === t.ip[prev]
        const km = sameIp ? 0 : haversineKm(t.lat[prev], t.lon[prev], t.lat[r], t.lon[r])
        const hours = Math.max(t.ts[r] - t.ts[prev], 60_000) / 3_600_000
        w.travelKmh[r] = km / hours
      }
      prev = r
    }
  }
}

/** Great-circle distance in km. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180
  const dLat = (lat2 - lat1) * toRad
  const dLon = (lon2 - lon1) * toRad
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)))
}
