import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { NormalizedEvent } from '../../../src/shared/event'
import { Store, type FileState, type KeyedEvent } from '../../../src/engine/store/Store'
import { jsonScores } from '../../../src/engine/store/rows'
import { makeEvent, makeScore } from './makeEvent'

const fileState = (sourceId: number, relPath: string, lines: number): FileState => ({
  sourceId,
  relPath,
  dev: 1,
  ino: 2,
  size: 100,
  mtimeMs: 1000,
  offset: 100,
  compressed: false,
  format: 'auth',
  lines,
  events: lines,
  unparsed: 0,
  lastEventTs: null,
  status: 'scanned',
  message: null,
  csvHeader: null,
})

// 150 rows: more than two multi-row statements (64 rows each) plus a remainder.
const keyed = (n: number, prefix: string, file = 'auth.log'): KeyedEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `${prefix}${i}`,
    event: makeEvent({ source_file: file, source_line: i + 1, ts: Date.UTC(2025, 2, 1, 12, 0, i), user: `u${i % 7}` }),
  }))

/** Indexes of the tables a bulk load writes (others, such as the grid's, are left alone). */
const indexNames = (s: Store): string[] =>
  (
    s['db']
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('events', 'scores') ORDER BY name`)
      .all() as { name: string }[]
  ).map((r) => r.name)

describe('Store bulk load', () => {
  const stores: Store[] = []
  const dirs: string[] = []
  const open = (path = ':memory:'): Store => {
    const s = Store.open(path)
    stores.push(s)
    return s
  }
  afterEach(() => {
    for (const s of stores.splice(0)) s.close()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('stores the same rows with the same ids as the row-by-row path, dropping duplicate keys', () => {
    const plain = open()
    const bulk = open()
    const a = keyed(150, 'a')
    // The second file repeats 40 keys of the first (an overlapping rotated copy) and one of its own.
    const b = [...keyed(60, 'b', 'auth.log.1'), ...a.slice(10, 50), keyed(1, 'b', 'auth.log.1')[0]]
    const observed: [NormalizedEvent, number][] = []
    const results = [plain, bulk].map((s, i) => {
      const src = s.addSource('/logs', 1)
      if (i === 1) expect(s.beginBulkLoad((e, id) => observed.push([e, id]))).toBe(true)
      const first = s.commitFile(fileState(src, 'auth.log', 150), a)
      const second = s.commitFile(fileState(src, 'auth.log.1', 101), b)
      return { first, second }
    })
    expect(results[1]).toEqual(results[0])
    expect(results[0].first.inserted).toEqual(a.map((_, i) => ({ id: i + 1, index: i })))
    expect(results[0].second.inserted).toEqual(Array.from({ length: 60 }, (_, i) => ({ id: 151 + i, index: i })))
    // The observer saw every committed event once, with its id, and none of the duplicates.
    expect(observed).toHaveLength(210)
    expect(observed.map(([, id]) => id)).toEqual(Array.from({ length: 210 }, (_, i) => i + 1))
    expect(observed[150][0]).toBe(b[0].event)
    expect(bulk.inBulkLoad).toBe(true)
    bulk.finishBulkLoad()
    expect(bulk.inBulkLoad).toBe(false)
    expect(bulk.allEvents()).toEqual(plain.allEvents())
    expect(indexNames(bulk)).toEqual(indexNames(plain))
  })

  it('skips keys already stored and repeated within one statement, keeping ids in line order', () => {
    const s = open()
    const src = s.addSource('/logs', 1)
    s.commitFile(fileState(src, 'auth.log', 3), keyed(3, 'k'))
    // Row 70 repeats row 65 (same statement), rows 1 and 100 repeat stored keys.
    const rows = keyed(130, 'n')
    rows[1] = { ...rows[1], key: 'k1' }
    rows[70] = { ...rows[70], key: rows[65].key }
    rows[100] = { ...rows[100], key: 'k2' }
    const { inserted } = s.commitFile(fileState(src, 'b.log', 130), rows)
    const expected = rows.map((_, i) => i).filter((i) => i !== 1 && i !== 70 && i !== 100)
    expect(inserted).toEqual(expected.map((index, j) => ({ id: 4 + j, index })))
    expect(s.eventCount()).toBe(3 + 127)
  })

  it('drops the indexes while loading and rebuilds them at the end', () => {
    const s = open()
    const before = indexNames(s)
    expect(before).toContain('events_key')
    s.beginBulkLoad()
    expect(indexNames(s)).toEqual([])
    s.commitFile(fileState(s.addSource('/logs', 1), 'auth.log', 3), keyed(3, 'k'))
    s.finishBulkLoad()
    expect(indexNames(s)).toEqual(before)
    // The unique key index is back: a re-read of the same lines adds nothing.
    const again = s.commitFile(fileState(1, 'auth.log', 3), keyed(3, 'k'))
    expect(again.inserted).toEqual([])
  })

  it('refuses to start on a store that holds events', () => {
    const s = open()
    s.commitFile(fileState(s.addSource('/logs', 1), 'auth.log', 1), keyed(1, 'k'))
    expect(s.beginBulkLoad()).toBe(false)
    expect(s.inBulkLoad).toBe(false)
    expect(indexNames(s)).toContain('events_key')
  })

  it('leaves indexes pending when asked, and builds them before the next write', () => {
    const s = open()
    const before = indexNames(s)
    s.beginBulkLoad()
    const { inserted } = s.commitFile(fileState(s.addSource('/logs', 1), 'auth.log', 2), keyed(2, 'k'))
    s.writeScoreList(inserted.map((r) => r.id), [makeScore(0.1), makeScore(0.9)], '18.1', null, true)
    s.finishBulkLoad(false)
    expect(indexNames(s)).toEqual([])
    // A full export and the summary read without them.
    expect(s.findings('NONE')).toHaveLength(2)
    expect(s.findings('LOW').map((f) => f.severity)).toEqual(['HIGH'])
    expect(s.stats()).toMatchObject({ events: 2, hosts: 1, findings: { LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 0 } })
    expect(s.commitFile(fileState(1, 'auth.log', 2), keyed(2, 'k')).inserted).toEqual([])
    expect(indexNames(s)).toEqual(before)
    s.commitFile(fileState(1, 'other.log', 1), [{ key: 'x', event: makeEvent({ host: 'db1' }) }])
    expect(s.stats()).toMatchObject({ events: 3, hosts: 2 })
  })

  it('rebuilds the indexes on open after a crash during a bulk load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bulk-'))
    dirs.push(dir)
    const path = join(dir, 'store.sqlite')
    const first = open(path)
    const before = indexNames(first)
    first.beginBulkLoad()
    first.commitFile(fileState(first.addSource('/logs', 1), 'auth.log', 3), keyed(3, 'k'))
    first.close() // no finishBulkLoad: the process died
    const reopened = open(path)
    expect(indexNames(reopened)).toEqual(before)
    expect(reopened.eventCount()).toBe(3)
    expect(reopened.commitFile(fileState(1, 'auth.log', 3), keyed(3, 'k')).inserted).toEqual([])
  })

  it('writes a score list exactly as writeScores does', () => {
    const stores2 = [open(), open()]
    for (const [i, s] of stores2.entries()) {
      const { inserted } = s.commitFile(fileState(s.addSource('/logs', 1), 'auth.log', 150), keyed(150, 'k'))
      const scores = inserted.map((_, j) => makeScore((j % 100) / 100))
      if (i === 0) s.writeScores(inserted.map((r, j) => ({ eventId: r.id, score: scores[j] })), '18.1', null)
      else s.writeScoreList(inserted.map((r) => r.id), scores, '18.1', null)
    }
    expect(stores2[1].findings('NONE')).toEqual(stores2[0].findings('NONE'))
    expect(stores2[1].findings('LOW').length).toBeGreaterThan(0)
    expect(() => stores2[1].writeScoreList([1, 2], [makeScore(0.1)], '18.1', null)).toThrow(/2 event ids for 1 scores/)
  })
})

describe('jsonScores', () => {
  it('writes what JSON.stringify writes', () => {
    const cases = [
      {},
      { iforest: 0.1234 },
      { iforest: 0.5, autoencoder: 1, statistical: 0, rules: 0.95 },
      { rules: -0, iforest: 1e-7, autoencoder: Number.NaN, statistical: Number.POSITIVE_INFINITY },
      { iforest: undefined, rules: 0.3 },
    ]
    for (const c of cases) expect(jsonScores(c)).toBe(JSON.stringify(c))
  })

  it('a file commit that fails mid-way leaves no row behind for the next one (the row writer is kept from commit to commit)', () => {
    const store = Store.open(':memory:')
    expect(store.beginBulkLoad()).toBe(true)
    const sourceId = store.addSource('/logs', 0)
    // 70 rows: one multi-row statement of 64 written, 6 taken; the 70th cannot be bound.
    const bad = keyed(70, 'bad')
    bad[69] = { ...bad[69], event: { ...bad[69].event, user: {} as unknown as string } }
    expect(() => store.commitFile(fileState(sourceId, 'bad.log', 70), bad)).toThrow()
    const { inserted } = store.commitFile(fileState(sourceId, 'good.log', 3), keyed(3, 'good', 'good.log'))
    expect(inserted.map((r) => r.index)).toEqual([0, 1, 2])
    store.finishBulkLoad()
    expect(store.allEvents().map((e) => e.key).sort()).toEqual(['good0', 'good1', 'good2'])
    store.close()
  })
})
