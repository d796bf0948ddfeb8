// The bench store (findingsQueryBench.ts fillBenchStore), loaded as a bulk load: it must end as a
// store the app could have written (every index back, totals equal to a GROUP BY, WAL again), with
// the hand-computable counts of its generator; and the pictures' bench times every aggregate.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { aggregatesOf } from '../../../src/engine/store/aggregates'
import { AGGREGATE_BOUND_MS, benchAggregates, formatAggregatesBench } from '../../../src/engine/store/aggregatesBench'
import { BENCH_USERS, fillBenchStore } from '../../../src/engine/store/findingsQueryBench'
import { Store } from '../../../src/engine/store/Store'
import { dbOf, totalsAndFresh } from './rollupTotals'

const N = 3_000

const indexesOf = (store: Store): string[] =>
  (dbOf(store).prepare("SELECT name || ': ' || sql AS d FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as { d: string }[]).map((r) => r.d)

describe('bench store', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-benchstore-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('a bulk load ends with every index, the totals a GROUP BY gives, and the journal as it was', () => {
    const fresh = Store.open(join(dir, 'fresh.sqlite'))
    const expectedIndexes = indexesOf(fresh)
    fresh.close()
    const store = Store.open(join(dir, 'bench.sqlite'))
    try {
      fillBenchStore(store, N, { quickFilterIndex: false, analyze: false })
      expect(indexesOf(store)).toEqual(expectedIndexes)
      expect(store['db'].pragma('journal_mode', { simple: true })).toBe('wal')
      const { running, fresh: grouped } = totalsAndFresh(store)
      expect(running).toEqual(grouped)
      const db = dbOf(store)
      expect(db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: N })
      // Every event a login of user (i % 300), 250 ms apart.
      expect(db.prepare('SELECT COUNT(DISTINCT "user") AS n FROM events').get()).toEqual({ n: BENCH_USERS })
      // Findings: score r^12 ≥ 0.5 for r = (i × 2654435761 mod 2^32) / 2^32, counted here with the same products.
      let findings = 0
      for (let i = 1; i <= N; i++) {
        const r = ((i * 2654435761) % 4294967296) / 4294967296
        let score = r
        for (let k = 1; k < 12; k++) score *= r
        if (score >= 0.5) findings++
      }
      const counted = (db.prepare('SELECT COUNT(*) AS n FROM scores WHERE severity_rank >= 1').get() as { n: number }).n
      expect(findings).toBeGreaterThan(100)
      expect(counted).toBe(findings)
      // The quick filter's text is left pending, not lost.
      expect(db.prepare('SELECT COUNT(*) AS n FROM findings_text_pending').get()).toEqual({ n: counted })
      // The aggregates through the totals equal those through the rows (a range holding every event).
      const agg = aggregatesOf(store)
      const all = { from: 0, to: 1735689600000 + (N + 1) * 250 }
      expect(agg.threats({})).toEqual(agg.threats(all))
      expect(agg.top({}, 'host')).toEqual(agg.top(all, 'host'))
      expect(agg.loginWindows({})).toMatchObject({ logins: N, users: BENCH_USERS, sampled: false })
    } finally {
      store.close()
    }
  })

  it('the pictures bench times the ten aggregates under six filters (three of them pivots)', () => {
    const bench = benchAggregates(N, 1)
    expect(bench.timings).toHaveLength(60)
    const names = bench.timings.map((t) => t.name)
    expect(names).toContain(`logins per 5-min window, user = user${BENCH_USERS / 3}`)
    expect(names).toContain('top users, src_ip = 10.0.100.2')
    expect(names).toContain('timeline, host = web3')
    const lines = formatAggregatesBench(bench)
    expect(lines).toHaveLength(62)
    expect(lines[61]).toMatch(new RegExp(`^ {2}\\d+ of 60 medians over ${AGGREGATE_BOUND_MS} ms; slowest `))
  })
})
