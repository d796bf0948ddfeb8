/**
 * A columnar, time-sorted view of the events: typed arrays and interned entity ids, so that the
 * feature, statistical and rule passes never allocate per event.
 */
import { EVENT_KINDS, type EventKind, type NormalizedEvent } from '../../shared/event'
import { failedAttempts } from './attempts'
import { EventColumns, selectRows, type ColumnInterners, type TableColumns } from './EventColumns'
import type { Interner } from './Interner'
import { narrowNumbers, type NumberColumn } from './narrow'

export const KIND_INDEX: ReadonlyMap<EventKind, number> = new Map(EVENT_KINDS.map((k, i) => [k, i]))
export const K = Object.fromEntries(EVENT_KINDS.map((k, i) => [k, i])) as Record<EventKind, number>

export const OUTCOME_SUCCESS = 0
export const OUTCOME_FAILURE = 1
export const OUTCOME_UNKNOWN = 2

/** Columns in time order, with the interners their ids index. */
export type EventTable = TableColumns & ColumnInterners & TableExtras

interface TableExtras {
  n: number
  /** `order[r]`: which input event (or appended event, see EventColumns) is the r-th in time. */
  order: Uint32Array
  /**
   * Failed attempts the row stands for, counted once per attempt however many lines sshd and PAM
   * wrote about it (features/attempts.ts); 0 for anything but a failure. Sum this, not `count`,
   * when counting failed logins.
   */
  attempts: NumberColumn
  /** The strings of the `voice` column. */
  voices: Interner
  /** The strings of the `logind` column. */
  sessionNames: Interner
  /**
   * The whole event of row `r`, for the few rows whose text a reason quotes: a scan reads it back
   * from the store (it does not hold the raw lines), so call it for findings, not every row.
   */
  event(r: number): NormalizedEvent
}

/** Builds the table, sorting by `ts` (stable, so equal timestamps keep input order). */
export function buildEventTable(events: readonly NormalizedEvent[]): EventTable {
  return tableOf(EventColumns.of(events), 'append', (i) => events[i])
}

/**
 * The table of appended columns, in time order (ties: append order, or the store's order of file,
 * line and id); `eventOf(i)` gives the i-th appended event whole.
 */
export function tableOf(columns: EventColumns, ties: 'append' | 'store', eventOf: (appended: number) => NormalizedEvent): EventTable {
  const order = columns.timeOrder(ties)
  const { cols, interners } = columns.permute(order)
  const t: EventTable = { n: columns.n, order, ...cols, ...interners, voices: columns.voices, sessionNames: columns.sessionNames, attempts: new Float64Array(0), event: (r) => eventOf(order[r]) }
  t.attempts = narrowNumbers(failedAttempts(t))
  return t
}

/**
 * The table of rows `rows` (ascending) of `t`, as `tableOf` builds it for those events alone: the
 * same time order, string ids by first appearance among them, failed attempts counted among them.
 * `order` still names each row's appended event (a scan's Sigma matches are found by it).
 */
export function subTable(t: EventTable, rows: Uint32Array): EventTable {
  const { cols, interners } = selectRows(t, t, t.voices.size, t.sessionNames.size, rows)
  const order = new Uint32Array(rows.length)
  for (let r = 0; r < rows.length; r++) order[r] = t.order[rows[r]]
  const sub: EventTable = { n: rows.length, order, ...cols, ...interners, voices: t.voices, sessionNames: t.sessionNames, attempts: new Float64Array(0), event: (r) => t.event(rows[r]) }
  sub.attempts = narrowNumbers(failedAttempts(sub))
  return sub
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
