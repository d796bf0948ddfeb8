// The pivot totals (pivots.ts): a user's, address's or host's pictures read from them must equal
// the same pictures read from the rows, and a hand count; live batches, a rescore and a closed
// folder (values crossing the threshold both ways) keep the totals equal to a GROUP BY.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { aggregatesOf, type Aggregates } from '../../../src/engine/store/aggregates'
import { PIVOT_MIN_EVENTS_KEY } from '../../../src/engine/store/pivots'
import { Store } from '../../../src/engine/store/Store'
import type { FindingsFilter } from '../../../src/shared/api'
import type { Severity } from '../../../src/shared/finding'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'
import { pivotsStale, totalsAndFresh } from './rollupTotals'

const T0 = Date.UTC(2025, 2, 1, 3, 0, 0)
const BRUTE = '12 failed logins from 203.0.113.9'
const SPRAY = '5 accounts tried from 203.0.113.9'
/** The threshold in this test: mallory, her address and bastion (40 events) are totalled; bob (8) is not. */
const MIN_EVENTS = 20

type Db = { prepare(sql: string): { run(...p: unknown[]): unknown; get(...p: unknown[]): unknown } }
const db = (store: Store): Db => store['db'] as unknown as Db
const setThreshold = (store: Store, n: number): unknown =>
  db(store).prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(PIVOT_MIN_EVENTS_KEY, String(n))

/**
 * mallory from 203.0.113.9 on bastion: 40 events, one every 90 minutes from 03:00 (58.5 hours:
 * hour buckets). i % 4 = 0: HIGH brute force 0.9 (i = 8: CRITICAL 0.97); i % 4 = 1: MEDIUM spraying
 * 0.75; the other 20 NONE 0.1. bob from 10.0.0.2 on web1: 8 NONE events a minute apart from 05:00.
 */
function fill(store: Store, root = '/logs'): number[] {
  const sourceId = store.addSource(root, 0)
  const events = [
    ...Array.from({ length: 40 }, (_, i) =>
      makeEvent({ ts: T0 + i * 90 * 60_000, source_line: i + 1, user: 'mallory', src_ip: '203.0.113.9', host: 'bastion' }),
    ),
    ...Array.from({ length: 8 }, (_, i) => makeEvent({ ts: T0 + 7_200_000 + i * 60_000, source_line: 41 + i, user: 'bob', src_ip: '10.0.0.2', host: 'web1' })),
  ].map((event, i) => ({ key: `${root}:${i}`, event }))
  const { inserted } = store.commitFile({ ...TEST_FILE, sourceId }, events)
  store.writeScores(
    inserted.map(({ id }, i) => {
      if (i >= 40 || i % 4 > 1) return { eventId: id, score: makeScore(0.1) }
      if (i % 4 === 1) return { eventId: id, score: makeScore(0.75, { threat_type: 'password_spraying', mitre_techniques: ['T1110.003'], reasons: [SPRAY] }) }
      return { eventId: id, score: makeScore(i === 8 ? 0.97 : 0.9, { reasons: [BRUTE] }) }
    }),
    '18.1',
    null,
  )
  return inserted.map((r) => r.id)
}

const equalsFilter = (col: 'user' | 'src_ip' | 'host', value: string, minSeverity?: Severity): FindingsFilter => ({
  minSeverity,
  filterModel: { [col]: { filterType: 'text', type: 'equals', filter: value } },
})

/** Every picture but the login statistics (which read events only) under a filter. */
function pictures(agg: Aggregates, f: FindingsFilter): unknown {
  return {
    timeline: agg.timeline(f),
    techniques: agg.techniques(f),
    histogram: agg.scoreHistogram(f),
    byThreat: agg.scoresByThreat(f),
    threats: agg.threats(f),
    users: agg.top(f, 'user'),
    addresses: agg.top(f, 'src_ip'),
    hosts: agg.top(f, 'host'),
  }
}

describe('pivot totals', () => {
  let store: Store
  let agg: Aggregates
  beforeEach(() => {
    store = Store.open(':memory:')
    setThreshold(store, MIN_EVENTS)
    fill(store)
    agg = aggregatesOf(store)
  })
  afterEach(() => store.close())

  /** Whether the last pictures read a pivot table (a statement naming one was run). */
  function readsPivots(run: () => void): boolean {
    const sql: string[] = []
    const raw = store['db']
    const prepare = raw.prepare.bind(raw)
    raw.prepare = ((s: string) => {
      sql.push(s)
      return prepare(s)
    }) as typeof raw.prepare
    try {
      run()
    } finally {
      raw.prepare = prepare
    }
    return sql.some((s) => /FROM pivot_(quarters|scores|facets)/.test(s))
  }

  it('a totalled value: hand counts, read from the totals', () => {
    const f = equalsFilter('user', 'mallory')
    expect(readsPivots(() => pictures(aggregatesOf(store), f))).toBe(true)
    const t = agg.timeline(f)
    // 40 events over 58.5 hours: hour buckets, one event each.
    expect(t.bucketMs).toBe(3_600_000)
    expect(t.first).toBe(T0)
    expect(t.last).toBe(T0 + 39 * 90 * 60_000 + 59_999)
    expect(t.buckets).toHaveLength(40)
    const sum = [0, 0, 0, 0, 0]
    for (const b of t.buckets) b.bySeverity.forEach((n, i) => (sum[i] += n))
    expect(sum).toEqual([20, 0, 10, 9, 1])
    expect(agg.techniques(f)).toEqual([
      { id: 'T1110.001', count: 10, severity: 'CRITICAL', topReason: BRUTE },
      { id: 'T1110.003', count: 10, severity: 'MEDIUM', topReason: SPRAY },
    ])
    expect(agg.threats(equalsFilter('host', 'bastion', 'HIGH'))).toEqual([{ threat_type: 'brute_force', count: 10, severity: 'CRITICAL' }])
    expect(agg.top(equalsFilter('src_ip', '203.0.113.9'), 'host')).toEqual([{ value: 'bastion', count: 20, severity: 'CRITICAL' }])
    const bins = Object.fromEntries(agg.scoreHistogram(f).counts.flatMap((n, i) => (n > 0 ? [[i, n]] : [])))
    expect(bins).toEqual({ 10: 20, 75: 10, 90: 9, 97: 1 })
  })

  it.each([
    ['user', 'mallory'],
    ['src_ip', '203.0.113.9'],
    ['host', 'bastion'],
    ['user', 'bob'],
    ['host', 'nowhere'],
  ] as const)('%s = %s: the same pictures as from the rows, at every floor', (col, value) => {
    for (const floor of ['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const) {
      const f = equalsFilter(col, value, floor)
      const fromTotals = pictures(aggregatesOf(store), f)
      // A threshold no value reaches: every picture from the rows.
      setThreshold(store, 1e9)
      expect(readsPivots(() => pictures(aggregatesOf(store), f))).toBe(false)
      expect(fromTotals).toEqual(pictures(aggregatesOf(store), f))
      setThreshold(store, MIN_EVENTS)
    }
  })

  it('a value whose events span 16 hours or less draws its finer timeline from its rows', () => {
    const small = Store.open(':memory:')
    setThreshold(small, 5)
    fill(small)
    const t = aggregatesOf(small).timeline(equalsFilter('user', 'bob'))
    expect(t.bucketMs).toBe(60_000)
    expect(t.buckets).toEqual(Array.from({ length: 8 }, (_, i) => ({ t: T0 + 7_200_000 + i * 60_000, bySeverity: [1, 0, 0, 0, 0] })))
    small.close()
  })

  it('live batches, a rescore and a closed folder keep the totals equal to a GROUP BY as values cross the threshold', () => {
    // bob grows from 8 to 23 events in another folder: his totals are built.
    const sourceId = store.addSource('/more', 0)
    const { inserted } = store.commitFile(
      { ...TEST_FILE, sourceId },
      Array.from({ length: 15 }, (_, i) => ({
        key: `more:${i}`,
        event: makeEvent({ ts: T0 + 86_400_000 + i * 3_600_000, source_line: i + 1, user: 'bob', src_ip: '10.0.0.2', host: 'web1' }),
      })),
    )
    const more = inserted.map((r) => r.id)
    store.writeScores(more.map((eventId, i) => ({ eventId, score: makeScore(i % 2 ? 0.9 : 0.2, { reasons: [BRUTE] }) })), '18.1', null)
    let t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    expect((db(store).prepare("SELECT SUM(n) AS n FROM pivot_quarters WHERE facet = 'user' AND value = 'bob'").get() as { n: number }).n).toBe(23)
    expect(agg.top(equalsFilter('user', 'bob'), 'src_ip')).toEqual([{ value: '10.0.0.2', count: 7, severity: 'HIGH' }])

    // A rescore of some of them moves their counts.
    store.writeScores(more.slice(0, 6).map((eventId) => ({ eventId, score: makeScore(0.97, { reasons: [SPRAY] }) })), '18.1', null)
    t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    expect(agg.top(equalsFilter('user', 'bob'), 'src_ip')).toEqual([{ value: '10.0.0.2', count: 10, severity: 'CRITICAL' }])

    // Closing the folder takes bob back to 8: his totals go; mallory's stay.
    store.removeSource('/more')
    t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    expect(db(store).prepare("SELECT 1 FROM pivot_scores WHERE facet = 'user' AND value = 'bob'").get()).toBeUndefined()
    expect(db(store).prepare("SELECT 1 FROM pivot_scores WHERE facet = 'user' AND value = 'mallory'").get()).toBeDefined()

    // The first folder closed too: nothing left.
    store.removeSource('/logs')
    t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    expect(db(store).prepare('SELECT COUNT(*) AS n FROM pivot_counts').get()).toEqual({ n: 0 })
  })

  it('a bulk load leaves them stale (no scan waits for them); the first pivot refills them, then live batches move them', () => {
    const bulk = Store.open(':memory:')
    setThreshold(bulk, MIN_EVENTS)
    expect(bulk.beginBulkLoad()).toBe(true)
    fill(bulk)
    bulk.finishBulkLoad(true)
    expect(pivotsStale(bulk)).toBe(true)
    const pictures = aggregatesOf(bulk)
    expect(pictures.threats(equalsFilter('host', 'bastion', 'HIGH'))).toEqual([{ threat_type: 'brute_force', count: 10, severity: 'CRITICAL' }])
    expect(pivotsStale(bulk)).toBe(false)
    let t = totalsAndFresh(bulk)
    expect(t.running).toEqual(t.fresh)
    expect(t.running.pivot_quarters.length).toBeGreaterThan(0)
    fill(bulk, '/more')
    t = totalsAndFresh(bulk)
    expect(t.running).toEqual(t.fresh)
    expect(pictures.threats(equalsFilter('host', 'bastion', 'HIGH'))).toEqual([{ threat_type: 'brute_force', count: 20, severity: 'CRITICAL' }])
    // A rescore of every event leaves them stale again, until the next pivot.
    const ids = (bulk['db'].prepare('SELECT event_id FROM scores ORDER BY event_id').pluck().all() as number[])
    bulk.writeScoreList(ids, ids.map(() => makeScore(0.1)), '18.1', null)
    expect(pivotsStale(bulk)).toBe(true)
    expect(pictures.threats(equalsFilter('host', 'bastion'))).toEqual([])
    t = totalsAndFresh(bulk)
    expect(t.running).toEqual(t.fresh)
    bulk.close()
  })
})
