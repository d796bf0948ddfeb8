// A bulk load (a first scan) writes its scores without the rollups' deltas and fills the totals
// with one GROUP BY each at its end: after it, and after live writes, a rescore, a removed folder
// and a crash mid-load, the running totals must equal a fresh GROUP BY over the store, row for row
// (a total taken to zero is deleted, as a GROUP BY has no such row).
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../src/engine/store/schema'
import { Store } from '../../../src/engine/store/Store'
import { aggregatesOf } from '../../../src/engine/store/aggregates'
import { groupsQueryOf } from '../../../src/engine/store/groupsQuery'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'
import { ROLLUP_TABLES, dbOf, noTotals, totals, totalsAndFresh } from './rollupTotals'

const T0 = Date.UTC(2025, 2, 1, 3, 0, 0)
const triggers = (store: Store): number =>
  (dbOf(store).prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rollup_%'").get() as { n: number }).n

/** Whether the store has recorded that its totals miss what a bulk load wrote. */
const stale = (store: Store): boolean => dbOf(store).prepare("SELECT 1 FROM settings WHERE key = 'store.rollupsStale'").get() !== undefined

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

  it('runs the load without deltas, fills the totals at its end, and live writes, a rescore and a removed folder keep them equal to a GROUP BY', () => {
    const store = Store.open(':memory:')
    // Migration 14 dropped the per-row triggers: the store keeps the totals per batch.
    expect(triggers(store)).toBe(0)
    const ids = bulkLoad(store, 90)
    // While the load runs nothing is counted yet, and the store knows its totals are stale.
    expect(stale(store)).toBe(true)
    expect(totals(store).rollup_scores).toEqual([])
    store.finishBulkLoad(false)
    // Ended as a one-off scan's load (which exports and exits): the totals wait, still marked stale,
    // until a reader of them (the pictures) refills them first.
    expect(stale(store)).toBe(true)
    expect(totals(store).rollup_scores).toEqual([])
    // 30 HIGH and 12 MEDIUM findings, all brute force (hand count below).
    expect(aggregatesOf(store).threats({})).toEqual([{ threat_type: 'brute_force', count: 42, severity: 'HIGH' }])
    expect(stale(store)).toBe(false)
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

    // A live batch (indexes still pending: the write builds them) is counted by its deltas.
    const sourceId = store.addSource('/logs', 0)
    const { inserted } = store.commitFile({ ...TEST_FILE, sourceId, relPath: 'secure' }, events(20, T0 + 90 * 60_000, 1000))
    const live = inserted.map((r) => r.id)
    store.writeScores(live.map((eventId, i) => ({ eventId, score: scoresOf(live)[i] })), '18.1', null)
    t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    expect((dbOf(store).prepare('SELECT SUM(n) AS n FROM rollup_scores').get() as { n: number }).n).toBe(110)

    // Some events scored again (the live batch, severities shifted by one): their old counts move to the new ones.
    store.writeScores(live.map((eventId, i) => ({ eventId, score: scoresOf(live, 1)[i] })), '18.1', null)
    t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    store.writeScoreList(ids.slice(0, 45), scoresOf(ids.slice(0, 45), 2), '18.1', null)
    t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)

    // A rescore replaces every score (severities shifted by one).
    const all = [...ids, ...live]
    store.writeScoreList(all, scoresOf(all, 1), '18.1', null)
    t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)

    // Another folder in the same minutes; closing the first takes only its counts off.
    const other = store.addSource('/other', 0)
    const { inserted: more } = store.commitFile({ ...TEST_FILE, sourceId: other, relPath: 'auth.log' }, events(30, T0, 5000))
    store.writeScores(more.map((r, i) => ({ eventId: r.id, score: scoresOf(more.map((m) => m.id))[i] })), '18.1', null)
    store.removeSource('/logs')
    t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    expect((dbOf(store).prepare('SELECT SUM(n) AS n FROM rollup_minutes').get() as { n: number }).n).toBe(30)

    // Closing the last folder takes every count off, leaving no zero rows.
    store.removeSource('/other')
    expect(totals(store)).toEqual(noTotals(store))
    store.close()
  })

  it('a one-off load leaves the totals pending: the group panel refills them before it reads them', () => {
    const store = Store.open(':memory:')
    bulkLoad(store, 90)
    store.finishBulkLoad(false)
    expect(stale(store)).toBe(true)
    // Users by i % 3: the 30 HIGH (i % 3 = 0) are u0's; the 12 MEDIUM (5, 10, 20, ..., 85) split 6 and 6.
    const byUser = groupsQueryOf(store).groups({ minSeverity: 'LOW' }, 'user').groups.map((g) => [g.value, g.count])
    expect(byUser).toEqual([
      ['u0', 30],
      ['u1', 6],
      ['u2', 6],
    ])
    expect(stale(store)).toBe(false)
    const t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
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

  it('a crash mid-load: the next open fills the totals from what was stored', () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-rollups-'))
    const path = join(dir, 'case.db')
    const store = Store.open(path)
    bulkLoad(store, 30)
    store.close() // no finishBulkLoad: as a process killed mid-scan
    const again = Store.open(path)
    expect(stale(again)).toBe(false)
    const t = totalsAndFresh(again)
    expect(t.running).toEqual(t.fresh)
    expect((dbOf(again).prepare('SELECT SUM(n) AS n FROM rollup_scores').get() as { n: number }).n).toBe(30)
    again.close()
  })

  it('migration 14 drops an older store’s triggers and the zero totals they left; later writes keep the totals equal to a GROUP BY', () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-rollups-'))
    const path = join(dir, 'v13.db')
    const old = new Database(path)
    for (const m of MIGRATIONS.slice(0, 13)) old.exec(m)
    old.pragma('user_version = 13')
    old.prepare("INSERT INTO sources (root, opened_at) VALUES ('/logs', 1)").run()
    old.prepare("INSERT INTO files (source_id, rel_path) VALUES (1, 'auth.log')").run()
    const ev = old.prepare(
      "INSERT INTO events (id, event_key, file_id, ts, host, source_file, source_line, event, outcome, \"user\", src_ip, raw) VALUES (?, ?, 1, ?, 'web1', 'auth.log', ?, 'auth_failure', 'failure', 'root', '203.0.113.9', 'x')",
    )
    const sc = old.prepare(`INSERT OR REPLACE INTO scores (event_id, score, severity, severity_rank, threat_type, mitre_techniques, mitre_tactics,
      detector_scores, reasons, attack_version) VALUES (?, ?, ?, ?, ?, '["T1110.001"]', '[]', '{}', '["brute force"]', '18.1')`)
    for (const id of [1, 2, 3]) {
      ev.run(id, `k${id}`, T0 + id * 60_000, id)
      sc.run(id, 0.9, 'HIGH', 3, 'brute_force')
    }
    // Event 1 scored again as nothing: version 13's triggers leave its HIGH counts as zero rows.
    sc.run(1, 0.1, 'NONE', 0, 'none')
    const zeros = (db: Database.Database): number =>
      ROLLUP_TABLES.filter((t) => t.startsWith('rollup_')).reduce((sum, t) => sum + (db.prepare(`SELECT COUNT(*) AS n FROM ${t} WHERE n = 0`).get() as { n: number }).n, 0)
    // Minute of event 1 at HIGH, hour unchanged (the others are in it), no score bin lost: 1 + 0 + 0 + 0.
    expect(zeros(old)).toBe(1)
    old.close()

    const store = Store.open(path)
    expect(triggers(store)).toBe(0)
    let t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    expect((dbOf(store).prepare('SELECT SUM(n) AS n FROM rollup_minutes').get() as { n: number }).n).toBe(3)
    store.writeScores([{ eventId: 2, score: makeScore(0.7) }], '18.1', null)
    t = totalsAndFresh(store)
    expect(t.running).toEqual(t.fresh)
    store.close()
  })
})
