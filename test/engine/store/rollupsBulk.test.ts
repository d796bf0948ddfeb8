// A bulk load (a first scan) writes its scores without the rollups' triggers and fills the totals
// with one GROUP BY each at its end: after it, and after live writes, a rescore, a removed folder
// and a crash mid-load, the running totals must equal a fresh GROUP BY over the store.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REFILL_ROLLUPS } from '../../../src/engine/store/rollups'
import { Store } from '../../../src/engine/store/Store'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'

const T0 = Date.UTC(2025, 2, 1, 3, 0, 0)
const TABLES = ['rollup_minutes', 'rollup_hours', 'rollup_scores', 'rollup_facets'] as const

type Db = { prepare(sql: string): { all(): unknown[]; get(): unknown }; exec(sql: string): void }
const dbOf = (store: Store): Db => store['db'] as unknown as Db

/** Every non-zero total (a trigger leaves a count taken to zero as a row). */
function totals(store: Store): Record<string, unknown[]> {
  const db = dbOf(store)
  return Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} WHERE n <> 0 ORDER BY 1, 2, 3`).all()]))
}

/** The running totals, and what a fresh GROUP BY over the store gives (the totals are restored after). */
function totalsAndFresh(store: Store): { running: Record<string, unknown[]>; fresh: Record<string, unknown[]> } {
  const running = totals(store)
  const db = dbOf(store)
  db.exec('SAVEPOINT fresh')
  db.exec(REFILL_ROLLUPS)
  const fresh = totals(store)
  db.exec('ROLLBACK TO fresh; RELEASE fresh')
  return { running, fresh }
}

const triggers = (store: Store): number =>
  (dbOf(store).prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rollup_%'").get() as { n: number }).n

/** `n` events one a minute from `start`, lines from `line`; users u0..u2, addresses by minute parity. */
function events(n: number, start: number, line: number): { key: string; event: ReturnType<typeof makeEvent> }[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `k${line + i}`,
    event: makeEvent({ ts: start + i * 60_000, source_line: line + i, user: `u${i % 3}`, src_ip: i % 2 ? '203.0.113.9' : '198.51.100.4' }),
  }))
}

/** Scores for `ids`: every third a HIGH brute force (0.9), every fifth MEDIUM (0.7), the rest NONE (0.1). */
const scoresOf = (ids: readonly number[], shift = 0) =>
  ids.map((_, i) => makeScore((i + shift) % 3 === 0 ? 0.9 : (i + shift) % 5 === 0 ? 0.7 : 0.1))

function bulkLoad(store: Store, n: number): number[] {
  expect(store.beginBulkLoad()).toBe(true)
  const sourceId = store.addSource('/logs', 0)
  const { inserted } = store.commitFile({ ...TEST_FILE, sourceId }, events(n, T0, 1))
  const ids = inserted.map((r) => r.id)
  store.writeScoreList(ids, scoresOf(ids), '18.1', null, true)
  return ids
}

describe('rollups after a bulk load', () => {
  let dir: string | null = null
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = null
  })

  it('runs the load without the triggers, fills the totals at its end, and live writes, a rescore and a removed folder keep them equal to a GROUP BY', () => {
    const store = Store.open(':memory:')
    const ids = bulkLoad(store, 90)
    // While the load runs the triggers are off: nothing is counted yet.
    expect(triggers(store)).toBe(0)
    expect(totals(store).rollup_scores).toEqual([])
    store.finishBulkLoad(false)
    expect(triggers(store)).toBe(4)
    let t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    // Hand count: 90 events in 90 minutes (03:00..04:29): 60 in hour 3, 30 in hour 4, by severity.
    // Multiples of 3 (30) are HIGH; of 5 but not 3 (18 - 6 = 12) MEDIUM; the other 48 NONE.
    const bySeverity = (dbOf(store).prepare('SELECT rank, SUM(n) AS n FROM rollup_hours GROUP BY rank ORDER BY rank').all() as { rank: number; n: number }[])
    expect(bySeverity).toEqual([
      { rank: 0, n: 48 },
      { rank: 2, n: 12 },
      { rank: 3, n: 30 },
    ])

    // A live batch (indexes still pending: the write builds them) is counted by the triggers.
    const sourceId = store.addSource('/logs', 0)
    const { inserted } = store.commitFile({ ...TEST_FILE, sourceId, relPath: 'secure' }, events(20, T0 + 90 * 60_000, 1000))
    const live = inserted.map((r) => r.id)
    store.writeScores(live.map((eventId, i) => ({ eventId, score: scoresOf(live)[i] })), '18.1', null)
    t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    expect((dbOf(store).prepare('SELECT SUM(n) AS n FROM rollup_scores').get() as { n: number }).n).toBe(110)

    // A rescore replaces every score (severities shifted by one).
    const all = [...ids, ...live]
    store.writeScoreList(all, scoresOf(all, 1), '18.1', null)
    t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)

    // Closing the folder takes its scores off.
    store.removeSource('/logs')
    expect(totals(store)).toEqual({ rollup_minutes: [], rollup_hours: [], rollup_scores: [], rollup_facets: [] })
    store.close()
  })

  it('a load cancelled before its scores leaves totals equal to a GROUP BY (none), and the next writes are counted', () => {
    const store = Store.open(':memory:')
    expect(store.beginBulkLoad()).toBe(true)
    const sourceId = store.addSource('/logs', 0)
    const { inserted } = store.commitFile({ ...TEST_FILE, sourceId }, events(10, T0, 1))
    store.finishBulkLoad(true)
    expect(totals(store).rollup_scores).toEqual([])
    const ids = inserted.map((r) => r.id)
    store.writeScoreList(ids, scoresOf(ids), '18.1', null)
    const t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    expect((dbOf(store).prepare('SELECT SUM(n) AS n FROM rollup_scores').get() as { n: number }).n).toBe(10)
    store.close()
  })

  it('a crash mid-load: the next open recreates the triggers and fills the totals from what was stored', () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-rollups-'))
    const path = join(dir, 'case.db')
    const store = Store.open(path)
    bulkLoad(store, 30)
    store.close() // no finishBulkLoad: as a process killed mid-scan
    const again = Store.open(path)
    expect(triggers(again)).toBe(4)
    const t = totalsAndFresh(again)
    expect(t.running).toEqual(t.fresh)
    expect((dbOf(again).prepare('SELECT SUM(n) AS n FROM rollup_scores').get() as { n: number }).n).toBe(30)
    again.close()
  })
})
