import { afterEach, describe, expect, it, vi } from 'vitest'
import { Store, type FileState, type KeyedEvent } from '../../../src/engine/store/Store'
import { makeEvent } from './makeEvent'
import type * as BulkKeyIndexModule from '../../../src/engine/store/BulkKeyIndex'

// A bulk load whose key index hashes every key of the same length alike: almost every event is a
// doubtful match, and the store must still keep exactly the keys it has not stored.
vi.mock('../../../src/engine/store/BulkKeyIndex', async (importOriginal) => {
  const real = await importOriginal<typeof BulkKeyIndexModule>()
  class CollidingIndex extends real.BulkKeyIndex {
    constructor(areStored: (ids: number[], keys: string[]) => boolean[]) {
      super(areStored, (key, out) => {
        out[0] = key.length
        out[1] = 1
      })
    }
  }
  return { ...real, BulkKeyIndex: CollidingIndex }
})

const fileState = (sourceId: number, relPath: string, lines: number): FileState => ({
  sourceId, relPath, dev: 1, ino: lines, size: 100, mtimeMs: 1000, offset: 100, compressed: false, format: 'auth',
  lines, events: lines, unparsed: 0, lastEventTs: null, status: 'scanned', message: null, csvHeader: null,
})

const keyed = (from: number, to: number, file: string): KeyedEvent[] =>
  Array.from({ length: to - from }, (_, i) => ({
    key: `k${String(from + i).padStart(3, '0')}`,
    event: makeEvent({ source_file: file, source_line: i + 1, ts: Date.UTC(2025, 2, 1, 12, 0, from + i) }),
  }))

describe('a bulk load whose key hashes collide', () => {
  const stores: Store[] = []
  afterEach(() => {
    for (const s of stores.splice(0)) s.close()
  })

  /** Three files: the second and third overlap the first (rotated copies) and each other. */
  function load(s: Store, bulk: boolean): { inserted: number[][]; keys: string[]; observed: number } {
    stores.push(s)
    const src = s.addSource('/logs', 1)
    let observed = 0
    if (bulk) expect(s.beginBulkLoad(() => observed++)).toBe(true)
    const inserted = [
      s.commitFile(fileState(src, 'auth.log.2', 40), keyed(0, 40, 'auth.log.2')),
      s.commitFile(fileState(src, 'auth.log.1', 50), keyed(30, 80, 'auth.log.1')),
      s.commitFile(fileState(src, 'auth.log', 30), keyed(70, 100, 'auth.log')),
    ].map((r) => r.inserted.map((i) => i.index).sort((a, b) => a - b))
    if (bulk) s.finishBulkLoad()
    const keys = s.allEvents().map((e) => e.key)
    return { inserted, keys, observed }
  }

  it('stores each key once, as the row-by-row path does, on this connection and on the writer thread', () => {
    const plain = load(Store.open(':memory:'), false)
    expect(plain.keys).toHaveLength(100)
    expect(new Set(plain.keys).size).toBe(100)
    // Hand count: the second file's first 10 lines and the third's first 10 were stored before.
    expect(plain.inserted.map((i) => i.length)).toEqual([40, 40, 20])
    for (const s of [Store.open(':memory:'), Store.openScratch()]) {
      const bulk = load(s, true)
      expect(bulk.inserted).toEqual(plain.inserted)
      expect(bulk.keys.slice().sort()).toEqual(plain.keys.slice().sort())
      expect(bulk.observed).toBe(100)
    }
  })
})
