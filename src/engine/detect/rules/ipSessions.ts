/**
 * Segments each source IP's events into sessions (gaps longer than `ipSessionGapMs` split them)
 * and summarises each: failures, invalid names, accounts tried, densest failure window. Brute
 * force, spraying and enumeration are three readings of the same summary.
 */
import { K, type EventTable } from '../../features/eventTable'
import type { RuleContext } from './types'

export interface IpSession {
  ip: number
  /** Range in ctx.w.ipGroups.rows. */
  from: number
  to: number
  startTs: number
  endTs: number
  failures: number
  successes: number
  invalidAttempts: number
  /** Distinct account names tried (valid or not). */
  accounts: number
  invalidNames: number
  /** Most failures within the brute-force window. */
  densestFailures: number
  densestMs: number
  /** Up to a few account names, most tried first. */
  topAccounts: string[]
  /** Up to a few of the invalid names (accounts that do not exist), most tried first. */
  topInvalidNames: string[]
  /** Up to a few of the names that exist (never answered "invalid user"), most tried first. */
  topValidAccounts: string[]
  /** Hosts attacked. */
  hosts: number
}

const cache = new WeakMap<RuleContext, IpSession[]>()

/** The sessions of every source IP that failed at least once (memoised per context). */
export function ipSessions(ctx: RuleContext): IpSession[] {
  const hit = cache.get(ctx)
  if (hit) return hit
  const { t, w, th } = ctx
  const { offsets, rows } = w.ipGroups
  const out: IpSession[] = []
  const userTries = new Float64Array(t.users.size)
  // 0 unseen, 1 seen, 2 seen as an invalid name.
  const nameSeen = new Uint8Array(t.users.size)
  const hostSeen = new Uint8Array(t.hosts.size)
  for (let ip = 0; ip + 1 < offsets.length; ip++) {
    let p = offsets[ip]
    const end = offsets[ip + 1]
    while (p < end) {
      let q = p + 1
      while (q < end && t.ts[rows[q]] - t.ts[rows[q - 1]] <= th.ipSessionGapMs) q++
      const s = summarise(t, rows, ip, p, q, th.bruteWindowMs, userTries, nameSeen, hostSeen)
      if (s.failures > 0) out.push(s)
      p = q
    }
  }
  cache.set(ctx, out)
  return out
}

function isFailure(k: number): boolean {
  return k === K.auth_failure || k === K.invalid_user || k === K.max_auth_exceeded
}

function summarise(
  t: EventTable,
  rows: Uint32Array,
  ip: number,
  from: number,
  to: number,
  windowMs: number,
  userTries: Float64Array,
  nameSeen: Uint8Array,
  hostSeen: Uint8Array,
): IpSession {
  let failures = 0
  let successes = 0
  let invalidAttempts = 0
  let accounts = 0
  let invalidNames = 0
  let hosts = 0
  let densest = 0
  let densestMs = 0
  let lo = from
  let acc = 0
  const touched: number[] = []
  for (let p = from; p < to; p++) {
    const r = rows[p]
    const k = t.kind[r]
    // Attempts, not lines: "Failed password", its pam_unix echo and the "PAM n more" summary are one try.
    const c = t.attempts[r]
    if (t.host[r] >= 0 && hostSeen[t.host[r]] === 0) {
      hostSeen[t.host[r]] = 1
      hosts++
    }
    if (k === K.auth_success) successes++
    if (!isFailure(k)) continue
    failures += c
    if (t.invalid[r]) invalidAttempts += c
    const u = t.user[r]
    if (u >= 0) {
      // Distinct names: a name counts once however many lines and attempts name it.
      if (nameSeen[u] === 0) {
        nameSeen[u] = 1
        accounts++
        touched.push(u)
      }
      if (t.invalid[r] && nameSeen[u] === 1) {
        nameSeen[u] = 2
        invalidNames++
      }
      userTries[u] += c
    }
    acc += c
    while (t.ts[rows[lo]] <= t.ts[r] - windowMs || !isFailure(t.kind[rows[lo]])) {
      if (isFailure(t.kind[rows[lo]])) acc -= t.attempts[rows[lo]]
      lo++
    }
    if (acc > densest) {
      densest = acc
      densestMs = t.ts[r] - t.ts[rows[lo]]
    }
  }
  touched.sort((a, b) => userTries[b] - userTries[a] || a - b)
  const topAccounts = touched.slice(0, 3).map((u) => t.users.values[u])
  const topInvalidNames = touched.filter((u) => nameSeen[u] === 2).slice(0, 3).map((u) => t.users.values[u])
  const topValidAccounts = touched.filter((u) => nameSeen[u] === 1).slice(0, 3).map((u) => t.users.values[u])
  for (const u of touched) {
    userTries[u] = 0
    nameSeen[u] = 0
  }
  for (let p = from; p < to; p++) if (t.host[rows[p]] >= 0) hostSeen[t.host[rows[p]]] = 0
  return {
    ip,
    from,
    to,
    startTs: t.ts[rows[from]],
    endTs: t.ts[rows[to - 1]],
    failures,
    successes,
    invalidAttempts,
    accounts,
    invalidNames,
    densestFailures: densest,
    densestMs,
    topAccounts,
    topInvalidNames,
    topValidAccounts,
    hosts,
  }
}

/** Accounts tried that exist: no line called them an invalid user. */
export function validAccounts(s: IpSession): number {
  return s.accounts - s.invalidNames
}

/** Tries per existing account, averaged. */
function triesPerValidAccount(s: IpSession): number {
  const valid = validAccounts(s)
  return valid > 0 ? (s.failures - s.invalidAttempts) / valid : 0
}

/** Tries per account in the session, averaged. */
export function triesPerAccount(s: IpSession): number {
  return s.accounts > 0 ? s.failures / s.accounts : s.failures
}

export type IpSessionClass = 'brute_force' | 'password_spraying' | 'user_enumeration'

/** How a session of failures reads, or null when it is background noise. */
export function classifySession(s: IpSession, ctx: RuleContext): IpSessionClass | null {
  const th = ctx.th
  // An office or VPN address where people log in every day sees their typos add up: only a
  // real flood from it counts, and never as spraying or enumeration.
  if (ctx.bb.trustedIp[s.ip] === 1) return s.densestFailures >= 3 * th.bruteFailures && s.failures > s.successes ? 'brute_force' : null
  if (s.failures < s.successes) return s.densestFailures >= th.bruteFailures ? 'brute_force' : null
  // Mostly names that do not exist: by attempts, or by names when the invalid ones still carry a
  // fair share of the tries (not a brute force on root that also tried a few names).
  // Passwords tried on many accounts that exist, a few each, is spraying however many names that do
  // not exist its list also held (a spray list is not checked against the server's accounts);
  // enumeration probes which names exist and leaves the real accounts alone.
  if (validAccounts(s) >= th.sprayAccounts && triesPerValidAccount(s) <= th.sprayMaxTriesPerAccount) return 'password_spraying'
  const mostlyInvalidNames = s.invalidNames >= 0.75 * s.accounts && s.invalidAttempts >= 0.25 * s.failures
  if (s.invalidNames >= th.enumInvalidNames && (s.invalidAttempts >= 0.5 * s.failures || mostlyInvalidNames)) return 'user_enumeration'
  if (s.accounts >= th.sprayAccounts && triesPerAccount(s) <= th.sprayMaxTriesPerAccount) return 'password_spraying'
  if (s.densestFailures >= th.bruteFailures || s.failures >= th.bruteSessionFailures) return 'brute_force'
  return null
}

/** Marks every row of the session (all its events, not only the failures) with hit `id`. */
export function markSession(ctx: RuleContext, s: IpSession, id: number, mark: (row: number, id: number) => void): void {
  const rows = ctx.w.ipGroups.rows
  for (let p = s.from; p < s.to; p++) mark(rows[p], id)
}
