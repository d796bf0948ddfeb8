/**
 * The logins the two login statistics (logins per user per 5-minute window, inter-arrival times)
 * read, bounded so that a 10,000,000-event store answers in milliseconds: at most LOGIN_SAMPLE + 1
 * rows are read through an index, and the statistics are computed from them in JavaScript.
 *
 * When the filter selects more logins than LOGIN_SAMPLE, the sample is the first ones in user then
 * time order, cut back to the start of the 5-minute window the cut falls in: every user before the
 * cut is whole, and the cut user is kept up to a window boundary, so each user-window in the sample
 * holds all its logins and each gap is between two consecutive logins of a user. When even the
 * first user-window holds more than the sample (a flood), the sample is that window: its count is
 * taken exactly (an index count) and its gaps from its first LOGIN_SAMPLE logins.
 */
import type Database from 'better-sqlite3'
import { LOGIN_SAMPLE } from '../../shared/insights'
import type { StatementCache } from './statementCache'

export const WINDOW_MS = 5 * 60_000
/** Login events the two login statistics count (attempts, successful or not). */
export const LOGIN_EVENTS = "('auth_success', 'auth_failure')"

/** The 5-minute window of a time (as SQLite's CAST(ts / 300000 AS INTEGER)). */
export const windowOf = (ts: number): number => Math.trunc(ts / WINDOW_MS)

export interface LoginSample {
  /** Each user's logins (times, ascending). */
  byUser: Map<string, number[]>
  sampled: boolean
  /** Set when one user-window alone held more than the sample: its exact login count (byUser holds its first LOGIN_SAMPLE). */
  floodWindowLogins?: number
}

/** The filter the logins are read under: its tables (the events as `e`), its conditions and their parameters. */
export interface LoginSource {
  from: string
  /** SQL conditions, ANDed; none when the filter is only a severity floor (the login statistics ignore it). */
  conditions: readonly string[]
  params: readonly unknown[]
}

type Row = [string, number]

const whereOf = (conditions: readonly string[]): string => `WHERE ${conditions.join(' AND ')}`

/** The filter's logins, at most `size` (whole user-windows) unless one user-window alone holds more. */
export function readLoginSample(statements: StatementCache, source: LoginSource, size = LOGIN_SAMPLE): LoginSample {
  const { from, conditions, params } = source
  const limit = size + 1
  if (conditions.length > 0) {
    // The filter's events, counted up to the sample through the filter's own index (a range: the
    // time index, a user: the user index; no row read when the filter is on events alone): when
    // there are no more, every login is read in that index's order, and the logins index (which a
    // time range would walk whole) is not needed.
    const events = statements.get(`SELECT COUNT(*) FROM (SELECT 1 FROM ${from} ${whereOf(conditions)} LIMIT ${limit})`).pluck(true).get(...params) as number
    if (events <= size) {
      // The `+` keeps the planner off the event-kind index, which would read every login of the store.
      const sql = `SELECT e."user", e.ts FROM ${from} ${whereOf([...conditions, `+e.event IN ${LOGIN_EVENTS}`, 'e."user" IS NOT NULL'])}`
      return { byUser: groupByUser(raw(statements.get(sql)).all(...params) as Row[]), sampled: false }
    }
  }
  // The logins index is in user then time order: the first rows of a walk of it (named: without
  // statistics the planner may prefer the event-kind index and a sort of every login). A store
  // whose indexes a bulk load deferred (a one-off scan's report) has none: SQLite sorts then.
  const hasLoginsIndex = statements.get("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'events_logins'").pluck(true).get() !== undefined
  const tables = hasLoginsIndex ? from.replace(/\bevents e\b/, 'events e INDEXED BY events_logins') : from
  const byUser = `${tables} ${whereOf([...conditions, `e.event IN ${LOGIN_EVENTS}`, 'e."user" IS NOT NULL'])}`
  const rows = raw(statements.get(`SELECT e."user", e.ts FROM ${byUser} ORDER BY e."user", e.ts LIMIT ${limit}`)).all(...params) as Row[]
  if (rows.length <= size) return { byUser: groupByUser(rows), sampled: false }
  const [cutUser, cutTs] = rows[size]
  const cutWindow = windowOf(cutTs)
  const kept = rows.slice(0, size).filter(([u, ts]) => u !== cutUser || windowOf(ts) < cutWindow)
  if (kept.length > 0) return { byUser: groupByUser(kept), sampled: true }
  // Every row read is the first user's first window: count it whole.
  const floodWindowLogins = statements
    .get(`SELECT COUNT(*) FROM ${byUser} AND e."user" = ? AND e.ts >= ? AND e.ts < ?`)
    .pluck(true)
    .get(...params, cutUser, cutWindow * WINDOW_MS, (cutWindow + 1) * WINDOW_MS) as number
  return { byUser: groupByUser(rows.slice(0, size)), sampled: true, floodWindowLogins }
}

/** The sample's windows as a histogram: k → user-windows with k logins. */
export function windowHistogram(sample: LoginSample): Map<number, number> {
  if (sample.floodWindowLogins !== undefined) return new Map([[sample.floodWindowLogins, 1]])
  const histogram = new Map<number, number>()
  for (const times of sample.byUser.values()) {
    let i = 0
    while (i < times.length) {
      const w = windowOf(times[i])
      let j = i + 1
      while (j < times.length && windowOf(times[j]) === w) j++
      histogram.set(j - i, (histogram.get(j - i) ?? 0) + 1)
      i = j
    }
  }
  return histogram
}

/** Gaps (ms) between consecutive logins of each user. */
export function loginGaps(sample: LoginSample): number[] {
  const gaps: number[] = []
  for (const times of sample.byUser.values()) for (let i = 1; i < times.length; i++) gaps.push(times[i] - times[i - 1])
  return gaps
}

function groupByUser(rows: readonly Row[]): Map<string, number[]> {
  const byUser = new Map<string, number[]>()
  for (const [u, ts] of rows) {
    const times = byUser.get(u)
    if (times) times.push(ts)
    else byUser.set(u, [ts])
  }
  // Rows read in user then time order are already sorted; those read in the filter's index order are not.
  for (const times of byUser.values()) times.sort((a, b) => a - b)
  return byUser
}

function raw(st: Database.Statement): Database.Statement {
  return st.raw(true)
}
