// The login statistics' bounded sample (loginSample.ts), with a sample of 10 logins instead of
// 20,000 so hand-counted fixtures cross the cut: whole users, then the cut user up to a 5-minute
// window boundary; a flood window counted whole; a narrow filter read in its own index's order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LOGIN_EVENTS, loginGaps, readLoginSample, windowHistogram, type LoginSource } from '../../../src/engine/store/loginSample'
import { StatementCache } from '../../../src/engine/store/statementCache'
import { Store } from '../../../src/engine/store/Store'
import type { EventKind } from '../../../src/shared/event'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'

const T0 = Date.UTC(2025, 2, 1, 3, 0, 0)
const MIN = 60_000

/**
 * alice: 4 logins at 03:00:00, :10, :20, :30 and 3 at 03:05:00, :05, :10 (windows of 4 and 3);
 * bob: 5 logins at 03:00:00..04 s; carol: 15 logins at 04:00:00..14 s (one window); dave: a sudo.
 * Inserted in time order, not user order.
 */
function fill(store: Store): void {
  const at = (user: string, ts: number, event: EventKind = 'auth_failure'): { user: string; ts: number; event: EventKind } => ({ user, ts, event })
  const rows = [
    ...[0, 10, 20, 30].map((s) => at('alice', T0 + s * 1000)),
    ...[0, 1, 2, 3, 4].map((s) => at('bob', T0 + s * 1000)),
    ...[0, 5, 10].map((s) => at('alice', T0 + 5 * MIN + s * 1000)),
    ...Array.from({ length: 15 }, (_, s) => at('carol', T0 + 60 * MIN + s * 1000)),
    at('dave', T0 + 61 * MIN, 'sudo'),
  ].sort((a, b) => a.ts - b.ts)
  const sourceId = store.addSource('/logs', 0)
  const { inserted } = store.commitFile(
    { ...TEST_FILE, sourceId },
    rows.map((r, i) => ({ key: `k${i}`, event: makeEvent({ ts: r.ts, user: r.user, event: r.event, source_line: i + 1 }) })),
  )
  store.writeScores(
    inserted.map(({ id }) => ({ eventId: id, score: makeScore(0.1) })),
    '18.1',
    null,
  )
}

const LOGINS = `WHERE e.event IN ${LOGIN_EVENTS} AND e."user" IS NOT NULL`
const everything: LoginSource = { from: 'events e', conditions: [], params: [] }
const FROM = 'scores s JOIN events e ON e.id = s.event_id'

describe('login sample', () => {
  let store: Store
  let statements: StatementCache
  beforeEach(() => {
    store = Store.open(':memory:')
    fill(store)
    statements = new StatementCache(store['db'], 10)
  })
  afterEach(() => store.close())

  it('reads every login when they fit: windows and gaps equal a GROUP BY over the rows', () => {
    const sample = readLoginSample(statements, everything, 100)
    expect(sample.sampled).toBe(false)
    expect([...sample.byUser.keys()].sort()).toEqual(['alice', 'bob', 'carol'])
    // alice 4 + 3, bob 5, carol 15: the sudo line is no login.
    expect([...windowHistogram(sample)].sort((a, b) => a[0] - b[0])).toEqual([
      [3, 1],
      [4, 1],
      [5, 1],
      [15, 1],
    ])
    const grouped = store['db']
      .prepare(`SELECT k, COUNT(*) AS n FROM (SELECT COUNT(*) AS k FROM events e ${LOGINS} GROUP BY e."user", CAST(e.ts / 300000 AS INTEGER)) GROUP BY k ORDER BY k`)
      .raw(true)
      .all()
    expect([...windowHistogram(sample)].sort((a, b) => a[0] - b[0])).toEqual(grouped)
    // alice: 10, 10, 10 s, then 4.5 min, 5, 5 s; bob: four of 1 s; carol: fourteen of 1 s.
    expect(loginGaps(sample).sort((a, b) => a - b)).toEqual([...Array(18).fill(1000), 5000, 5000, 10_000, 10_000, 10_000, 270_000])
  })

  it('past the sample: whole users in name order, the cut user up to a window boundary', () => {
    // alice's 7 logins, then bob's: the 11th row is bob's 4th, in his first window, so none of bob is kept.
    const sample = readLoginSample(statements, everything, 10)
    expect(sample.sampled).toBe(true)
    expect([...sample.byUser]).toEqual([['alice', [0, 10, 20, 30, 300, 305, 310].map((s) => T0 + s * 1000)]])
    expect(windowHistogram(sample)).toEqual(new Map([
      [4, 1],
      [3, 1],
    ]))
    // With room for 13, bob is whole (rows 8..12) and the 14th row is carol's second: her first window is cut away.
    const thirteen = readLoginSample(statements, everything, 13)
    expect([...thirteen.byUser.keys()]).toEqual(['alice', 'bob'])
    expect(loginGaps(thirteen)).toHaveLength(6 + 4)
  })

  it('a window that alone holds more than the sample is counted whole, its gaps from the rows read', () => {
    const carol: LoginSource = { from: 'events e', conditions: ['e."user" = ?'], params: ['carol'] }
    const sample = readLoginSample(statements, carol, 10)
    expect(sample).toMatchObject({ sampled: true, floodWindowLogins: 15 })
    expect(windowHistogram(sample)).toEqual(new Map([[15, 1]]))
    expect(loginGaps(sample)).toEqual(Array(9).fill(1000))
  })

  it('without the logins index (deferred by a bulk load) the same sample is read', () => {
    const withIndex = readLoginSample(statements, everything, 10)
    store['db'].exec('DROP INDEX events_logins')
    const without = readLoginSample(new StatementCache(store['db'], 10), everything, 10)
    expect(without).toEqual(withIndex)
    expect(without.byUser.get('alice')).toHaveLength(7)
  })

  it('a narrow filter within the sample is read in its own order and sorted per user', () => {
    // 03:00:00 .. 03:05:07: alice's first window and two of her second, and bob whole.
    const range: LoginSource = { from: FROM, conditions: ['e.ts >= ? AND e.ts <= ?'], params: [T0, T0 + 5 * MIN + 7000] }
    // 11 logins: with room for 11 they are every login.
    const sample = readLoginSample(statements, range, 11)
    expect(sample.sampled).toBe(false)
    expect(sample.byUser.get('alice')).toEqual([0, 10, 20, 30, 300, 305].map((s) => T0 + s * 1000))
    expect(sample.byUser.get('bob')).toHaveLength(5)
    expect(windowHistogram(sample)).toEqual(new Map([
      [4, 1],
      [2, 1],
      [5, 1],
    ]))
    // Past the sample, the narrow filter falls back to the ordered read: alice (6) and not bob (his window is cut).
    const small = readLoginSample(statements, range, 8)
    expect(small.sampled).toBe(true)
    expect([...small.byUser.keys()]).toEqual(['alice'])
  })

  it('a host or address filter past the sample checks the logins index alone, no event row (migration 18)', () => {
    const source: LoginSource = { from: 'events e', conditions: ['e.host = ?'], params: ['web1'] }
    const sample = readLoginSample(statements, source, 10)
    // Every login is on web1: the same sample as with no filter.
    expect(sample).toEqual(readLoginSample(statements, everything, 10))
    const sql = `SELECT e."user", e.ts FROM events e INDEXED BY events_logins ${LOGINS} AND e.host = ? ORDER BY e."user", e.ts LIMIT 11`
    const plan = (store['db'].prepare(`EXPLAIN QUERY PLAN ${sql}`).all('web1') as { detail: string }[]).map((r) => r.detail)
    expect(plan).toHaveLength(1)
    expect(plan[0]).toMatch(/^(SCAN|SEARCH) e USING COVERING INDEX events_logins\b/)
  })
})
