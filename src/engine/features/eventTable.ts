/**
 * A columnar, time-sorted view of the events: typed arrays and interned entity ids, so that the
 * feature, statistical and rule passes never allocate per event.
 */
import { EVENT_KINDS, type EventKind, type NormalizedEvent } from '../../shared/event'
import { failedAttempts } from './attempts'
import { Interner } from './Interner'

export const KIND_INDEX: ReadonlyMap<EventKind, number> = new Map(EVENT_KINDS.map((k, i) => [k, i]))
export const K = Object.fromEntries(EVENT_KINDS.map((k, i) => [k, i])) as Record<EventKind, number>

export const OUTCOME_SUCCESS = 0
export const OUTCOME_FAILURE = 1
export const OUTCOME_UNKNOWN = 2

/** Columns in time order; `order[i]` is the input index of the i-th event in time. */
export interface EventTable {
  n: number
  events: readonly NormalizedEvent[]
  order: Uint32Array
  ts: Float64Array
  kind: Uint8Array
  outcome: Uint8Array
  /** Occurrences the event stands for ("message repeated N times"). */
  count: Float64Array
  /**
   * Failed attempts the row stands for, counted once per attempt however many lines sshd and PAM
   * wrote about it (features/attempts.ts); 0 for anything but a failure. Sum this, not `count`,
   * when counting failed logins.
   */
  attempts: Float64Array
  host: Int32Array
  user: Int32Array
  target: Int32Array
  ip: Int32Array
  country: Int32Array
  command: Int32Array
  program: Int32Array
  /** 1 when the attempted account does not exist (invalid user). */
  invalid: Uint8Array
  /** 1 for scheduled jobs (cron sessions), which say nothing about a person's habits. */
  scheduled: Uint8Array
  bytes: Float64Array
  lat: Float64Array
  lon: Float64Array
  hosts: Interner
  users: Interner
  ips: Interner
  countries: Interner
  commands: Interner
  programs: Interner
}

/** Builds the table, sorting by `ts` (stable, so equal timestamps keep file order). */
export function buildEventTable(events: readonly NormalizedEvent[]): EventTable {
  const n = events.length
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  let sorted = true
  for (let i = 1; i < n; i++) {
    if (events[i].ts < events[i - 1].ts) {
      sorted = false
      break
    }
  }
  if (!sorted) {
    const tsIn = new Float64Array(n)
    for (let i = 0; i < n; i++) tsIn[i] = events[i].ts
    order.sort((a, b) => tsIn[a] - tsIn[b] || a - b)
  }
  const t: EventTable = {
    n,
    events,
    order,
    ts: new Float64Array(n),
    kind: new Uint8Array(n),
    outcome: new Uint8Array(n),
    count: new Float64Array(n),
    attempts: new Float64Array(0),
    host: new Int32Array(n),
    user: new Int32Array(n),
    target: new Int32Array(n),
    ip: new Int32Array(n),
    country: new Int32Array(n),
    command: new Int32Array(n),
    program: new Int32Array(n),
    invalid: new Uint8Array(n),
    scheduled: new Uint8Array(n),
    bytes: new Float64Array(n),
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    hosts: new Interner(),
    users: new Interner(),
    ips: new Interner(),
    countries: new Interner(),
    commands: new Interner(),
    programs: new Interner(),
  }
  const other = K.other
  // Program names repeat: lower-case each distinct spelling once.
  const programIds = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const e = events[order[i]]
    t.ts[i] = e.ts
    const k = KIND_INDEX.get(e.event) ?? other
    t.kind[i] = k
    t.outcome[i] = e.outcome === 'success' ? OUTCOME_SUCCESS : e.outcome === 'failure' ? OUTCOME_FAILURE : OUTCOME_UNKNOWN
    t.count[i] = e.count > 0 ? e.count : 1
    t.host[i] = t.hosts.intern(e.host)
    t.user[i] = t.users.intern(e.user)
    t.target[i] = t.users.intern(e.target_user)
    t.ip[i] = t.ips.intern(e.src_ip)
    t.country[i] = t.countries.intern(e.country)
    t.command[i] = t.commands.intern(e.command)
    if (e.program === null) t.program[i] = -1
    else {
      let p = programIds.get(e.program)
      if (p === undefined) programIds.set(e.program, (p = t.programs.intern(e.program.toLowerCase())))
      t.program[i] = p
    }
    t.invalid[i] = k === K.invalid_user || (k === K.auth_failure && isInvalidUserLine(e.raw)) ? 1 : 0
    t.scheduled[i] = k === K.cron || (t.program[i] >= 0 && isScheduler(t.programs.values[t.program[i]])) ? 1 : 0
    t.bytes[i] = e.bytes ?? NaN
    t.lat[i] = e.lat ?? NaN
    t.lon[i] = e.lon ?? NaN
  }
  t.attempts = failedAttempts(t)
  return t
}

function isScheduler(p: string): boolean {
  return p === 'cron' || p === 'crond' || p === 'anacron' || p === 'atd'
}

// "Failed password for invalid user admin from ..." is an auth_failure for a name that does not exist.
function isInvalidUserLine(raw: string): boolean {
  return raw.includes('invalid user') || raw.includes('Invalid user')
}

/** True for kinds that are failed authentication attempts (what brute force produces). */
export function isAuthFailure(t: EventTable, i: number): boolean {
  const k = t.kind[i]
  return k === K.auth_failure || k === K.invalid_user || k === K.max_auth_exceeded
}

/**
 * Activity of a person who got in: successes, sessions, privilege use, data access, account
 * changes. Not failed or pre-authentication noise, which anyone on the internet can produce
 * under any account name.
 */
export function isOwnActivity(t: EventTable, i: number): boolean {
  if (t.invalid[i] === 1 || t.scheduled[i] === 1 || t.outcome[i] === OUTCOME_FAILURE) return false
  if (t.outcome[i] === OUTCOME_SUCCESS) return true
  const k = t.kind[i]
  return (
    k === K.session_open || k === K.session_close || k === K.sudo || k === K.su || k === K.file_access || k === K.api_call ||
    k === K.network || k === K.log_tamper || isAccountKind(k)
  )
}

/** True for a successful login. */
export function isLoginSuccess(t: EventTable, i: number): boolean {
  return t.kind[i] === K.auth_success
}

/** Kinds that belong to privilege use. */
export function isPrivKind(k: number): boolean {
  return k === K.sudo || k === K.sudo_denied || k === K.su || k === K.su_failure
}

/** Kinds that change accounts or groups. */
export function isAccountKind(k: number): boolean {
  return (
    k === K.user_add ||
    k === K.user_delete ||
    k === K.user_modify ||
    k === K.group_add ||
    k === K.group_delete ||
    k === K.group_modify ||
    k === K.password_change
  )
}
