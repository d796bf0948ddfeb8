// The pictures' aggregates against hand counts of a small fixture, through the running totals (a
// floor only) and through the rows themselves (any other filter): both must give the same numbers,
// also after a rescoring replaces scores.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { aggregatesOf, type Aggregates } from '../../../src/engine/store/aggregates'
import { Store } from '../../../src/engine/store/Store'
import type { FindingsFilter } from '../../../src/shared/api'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'

const T0 = Date.UTC(2025, 2, 1, 3, 0, 0)
const BRUTE = '30 failed logins from 203.0.113.9'
const SPRAY = '7 accounts tried from 198.51.100.4'

/**
 * 30 brute-force failures on root from 203.0.113.9 on bastion, one every 4 s from 03:00:00 (lines
 * 0..29; line 12 CRITICAL 0.97, the rest HIGH 0.9); 7 spraying failures, one a minute from 03:10
 * (user0..user6 from 198.51.100.4, MEDIUM 0.8, four on web1, three on web2); 5 successful logins of
 * alice at 05:30:00.000..004 (NONE 0.1); 3 sudo lines of bob at 06:00 (NONE 0.2).
 */
function fill(store: Store): number[] {
  const sourceId = store.addSource('/logs', 0)
  const events = [
    ...Array.from({ length: 30 }, (_, i) => makeEvent({ ts: T0 + i * 4_000, source_line: i + 1, user: 'root', src_ip: '203.0.113.9', host: 'bastion' })),
    ...Array.from({ length: 7 }, (_, i) =>
      makeEvent({ ts: T0 + 600_000 + i * 60_000, source_line: 31 + i, user: `user${i}`, src_ip: '198.51.100.4', host: i < 4 ? 'web1' : 'web2' }),
    ),
    ...Array.from({ length: 5 }, (_, i) => makeEvent({ ts: T0 + 9_000_000 + i, source_line: 38 + i, user: 'alice', event: 'auth_success', outcome: 'success' })),
    ...Array.from({ length: 3 }, (_, i) => makeEvent({ ts: T0 + 10_800_000 + i * 1000, source_line: 43 + i, user: 'bob', event: 'sudo', outcome: 'success', src_ip: null })),
  ].map((event, i) => ({ key: `k${i}`, event }))
  const { inserted } = store.commitFile({ ...TEST_FILE, sourceId }, events)
  const scores = inserted.map(({ id }, i) => {
    if (i < 30) return { eventId: id, score: makeScore(i === 12 ? 0.97 : 0.9, { reasons: [BRUTE] }) }
    if (i < 37) return { eventId: id, score: makeScore(0.8, { threat_type: 'password_spraying', mitre_techniques: ['T1110.003'], reasons: [SPRAY] }) }
    return { eventId: id, score: makeScore(i < 42 ? 0.1 : 0.2) }
  })
  store.writeScores(scores, '18.1', null)
  return inserted.map((r) => r.id)
}

/** Through the running totals (a floor only), and through the rows (a time range that holds everything). */
const PATHS: [string, FindingsFilter][] = [
  ['running totals', {}],
  ['rows', { from: T0 - 1, to: T0 + 86_400_000 }],
]

describe('aggregates', () => {
  let store: Store
  let agg: Aggregates
  let ids: number[]
  beforeEach(() => {
    store = Store.open(':memory:')
    ids = fill(store)
    agg = aggregatesOf(store)
  })
  afterEach(() => store.close())

  describe.each(PATHS)('through the %s', (_, base) => {
    it('timeline: events per bucket by severity over the whole span, in 1-minute buckets up to 200 minutes', () => {
      const t = agg.timeline(base)
      // 03:00 .. 06:00:02 is 181 minutes: one-minute buckets.
      expect(t.bucketMs).toBe(60_000)
      expect(t.first).toBe(T0)
      expect(t.last).toBe(T0 + 10_800_000 + 59_999)
      expect(t.buckets).toEqual([
        // 03:00 holds lines 0..14 (0..56 s), line 12 CRITICAL; 03:01 lines 15..29.
        { t: T0, bySeverity: [0, 0, 0, 14, 1] },
        { t: T0 + 60_000, bySeverity: [0, 0, 0, 15, 0] },
        ...Array.from({ length: 7 }, (_, i) => ({ t: T0 + 600_000 + i * 60_000, bySeverity: [0, 0, 1, 0, 0] })),
        { t: T0 + 9_000_000, bySeverity: [5, 0, 0, 0, 0] },
        { t: T0 + 10_800_000, bySeverity: [3, 0, 0, 0, 0] },
      ])
    })

    it('techniques: count, highest severity, commonest reason; the floor applies', () => {
      expect(agg.techniques(base)).toEqual([
        { id: 'T1110.001', count: 30, severity: 'CRITICAL', topReason: BRUTE },
        { id: 'T1110.003', count: 7, severity: 'MEDIUM', topReason: SPRAY },
      ])
      expect(agg.techniques({ ...base, minSeverity: 'HIGH' })).toEqual([{ id: 'T1110.001', count: 30, severity: 'CRITICAL', topReason: BRUTE }])
    })

    it('score histogram over every event, 0.01 bins', () => {
      const h = agg.scoreHistogram({ ...base, minSeverity: 'CRITICAL' })
      expect(h.width).toBe(0.01)
      expect(h.counts).toHaveLength(100)
      const nonzero = Object.fromEntries(h.counts.flatMap((n, i) => (n > 0 ? [[i, n]] : [])))
      expect(nonzero).toEqual({ 10: 5, 20: 3, 80: 7, 90: 29, 97: 1 })
    })

    it('scores by threat type: box plots of the findings, bin centres', () => {
      expect(agg.scoresByThreat(base)).toEqual([
        { threat_type: 'brute_force', count: 30, box: [0.905, 0.905, 0.905, 0.905, 0.975] },
        { threat_type: 'password_spraying', count: 7, box: [0.805, 0.805, 0.805, 0.805, 0.805] },
      ])
    })

    it('threat types and top entities at the floor', () => {
      expect(agg.threats(base)).toEqual([
        { threat_type: 'brute_force', count: 30, severity: 'CRITICAL' },
        { threat_type: 'password_spraying', count: 7, severity: 'MEDIUM' },
      ])
      expect(agg.top(base, 'src_ip')).toEqual([
        { value: '203.0.113.9', count: 30, severity: 'CRITICAL' },
        { value: '198.51.100.4', count: 7, severity: 'MEDIUM' },
      ])
      expect(agg.top(base, 'host')).toEqual([
        { value: 'bastion', count: 30, severity: 'CRITICAL' },
        { value: 'web1', count: 4, severity: 'MEDIUM' },
        { value: 'web2', count: 3, severity: 'MEDIUM' },
      ])
      expect(agg.top(base, 'user', 2)).toEqual([
        { value: 'root', count: 30, severity: 'CRITICAL' },
        { value: 'user0', count: 1, severity: 'MEDIUM' },
      ])
      expect(agg.top({ ...base, minSeverity: 'HIGH' }, 'host')).toEqual([{ value: 'bastion', count: 30, severity: 'CRITICAL' }])
    })

    it('logins per user per 5-minute window against a zero-truncated Poisson', () => {
      const w = agg.loginWindows(base)
      // root: 30 logins in 03:00..03:02 (one window); user0..6: 1 each (03:10..03:16, one window each); alice: 5 in one window.
      expect(w).toMatchObject({ windows: 9, users: 9, logins: 42, sampled: false })
      expect(w.rows.map((r) => [r.k, r.observed])).toEqual([
        ...Array.from({ length: 19 }, (_, i) => [i + 1, i === 0 ? 7 : i === 4 ? 1 : 0]),
        [20, 1],
      ])
      // Mean 42/9 = 4.67 logins per window seen: λ solves λ / (1 − e^−λ) = 4.67.
      expect(w.lambda / -Math.expm1(-w.lambda)).toBeCloseTo(42 / 9, 6)
      expect(w.rows.reduce((a, r) => a + r.expected, 0)).toBeCloseTo(9, 6)
      // 30 logins in one window is far out of a Poisson of mean ≈ 4.6.
      expect(w.unlikely).toBe(1)
    })

    it('inter-arrival times of each user’s logins against the fitted exponential', () => {
      const a = agg.interArrival(base)
      // root: 29 gaps of 4 s; alice: 4 gaps of 1 ms; user0..6 one login each (no gap).
      expect(a.gaps).toBe(33)
      expect(a.ratePerSec).toBeCloseTo(33 / (29 * 4 + 4 * 0.001), 9)
      const observed = Object.fromEntries(a.bins.filter((b) => b.observed > 0).map((b) => [b.fromSec, b.observed]))
      expect(observed).toEqual({ 0: 4, 2: 29 })
      expect(a.bins[a.bins.length - 1].toSec).toBeNull()
      expect(a.bins.reduce((s, b) => s + b.expected, 0)).toBeCloseTo(33, 6)
    })
  })

  it('a rescoring moves the running totals (old scores taken off, new ones added)', () => {
    // The spraying lines turn CRITICAL, alice's lines LOW.
    store.writeScores(
      ids.slice(30, 42).map((id, i) =>
        i < 7
          ? { eventId: id, score: makeScore(0.96, { threat_type: 'password_spraying', mitre_techniques: ['T1110.003'], reasons: [SPRAY] }) }
          : { eventId: id, score: makeScore(0.55, { threat_type: 'anomaly', mitre_techniques: [], reasons: ['odd hour'] }) },
      ),
      '18.1',
      null,
    )
    for (const [, base] of PATHS) {
      expect(agg.threats(base)).toEqual([
        { threat_type: 'brute_force', count: 30, severity: 'CRITICAL' },
        { threat_type: 'password_spraying', count: 7, severity: 'CRITICAL' },
        { threat_type: 'anomaly', count: 5, severity: 'LOW' },
      ])
      expect(agg.timeline(base).buckets.find((b) => b.t === T0 + 9_000_000)?.bySeverity).toEqual([0, 5, 0, 0, 0])
      expect(agg.top(base, 'user', 3)).toEqual([
        { value: 'root', count: 30, severity: 'CRITICAL' },
        { value: 'alice', count: 5, severity: 'LOW' },
        { value: 'user0', count: 1, severity: 'CRITICAL' },
      ])
      const nonzero = Object.fromEntries(agg.scoreHistogram(base).counts.flatMap((n, i) => (n > 0 ? [[i, n]] : [])))
      expect(nonzero).toEqual({ 20: 3, 55: 5, 90: 29, 96: 7, 97: 1 })
    }
  })

  it('under a user filter the timeline reads the user-and-time index alone, no event row (migration 15)', () => {
    const statements: string[] = []
    const db = store['db']
    const prepare = db.prepare.bind(db)
    db.prepare = ((sql: string) => {
      statements.push(sql)
      return prepare(sql)
    }) as typeof db.prepare
    const user: FindingsFilter = { filterModel: { user: { filterType: 'text', type: 'equals', filter: 'alice' } } }
    expect(aggregatesOf(store).timeline(user).buckets).toEqual([{ t: T0 + 9_000_000, bySeverity: [5, 0, 0, 0, 0] }])
    db.prepare = prepare
    const minutes = statements.find((sql) => sql.includes('AS m,'))
    expect(minutes).toBeDefined()
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${minutes}`).all('alice') as { detail: string }[]).map((r) => r.detail)
    expect(plan).toContain('SEARCH e USING COVERING INDEX events_user_ts (user=?)')
  })

  it('a narrowing filter answers from its rows: a time range, a user', () => {
    // 03:01:00 .. 03:11:00: lines 15..29 of the brute force and the first spraying line.
    const range = { from: T0 + 60_000, to: T0 + 660_000 }
    expect(agg.threats(range)).toEqual([
      { threat_type: 'brute_force', count: 15, severity: 'HIGH' },
      { threat_type: 'password_spraying', count: 1, severity: 'MEDIUM' },
    ])
    // The timeline ignores the range (the brush is drawn over the whole span).
    expect(agg.timeline(range).buckets).toHaveLength(11)
    const user: FindingsFilter = { filterModel: { user: { filterType: 'text', type: 'equals', filter: 'alice' } } }
    expect(agg.timeline(user).buckets).toEqual([{ t: T0 + 9_000_000, bySeverity: [5, 0, 0, 0, 0] }])
    expect(agg.threats(user)).toEqual([])
    expect(agg.loginWindows(user)).toMatchObject({ windows: 1, users: 1, logins: 5, lambda: expect.any(Number) })
  })
})
