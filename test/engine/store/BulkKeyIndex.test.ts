import { describe, expect, it } from 'vitest'
import { BulkKeyIndex, hashKey64 } from '../../../src/engine/store/BulkKeyIndex'

/** A store of id → key the index confirms against, counting the questions it is asked. */
function fakeStore(): { stored: Map<number, string>; asked: number[]; areStored: (ids: number[], keys: string[]) => boolean[] } {
  const stored = new Map<number, string>()
  const asked: number[] = []
  return {
    stored,
    asked,
    areStored: (ids, keys) => {
      asked.push(ids.length)
      return ids.map((id, i) => stored.get(id) === keys[i])
    },
  }
}

describe('BulkKeyIndex', () => {
  it('finds every added key and no other, asking the store only about hash matches', () => {
    const store = fakeStore()
    const index = new BulkKeyIndex(store.areStored)
    // Past the first table (65,536 slots at most half full): it grows twice.
    let matched = 0
    for (let id = 1; id <= 200_000; id++) {
      const key = `host\u0001${1_700_000_000_000 + id}\u0001sshd\u0001${id % 977}\u0001k${id}`
      if (index.firstMatch(key) !== 0) matched++
      index.add(key, id)
      store.stored.set(id, key)
    }
    expect(matched).toBe(0)
    expect(index.firstMatch(`host\u0001${1_700_000_000_000 + 123_456}\u0001sshd\u0001${123_456 % 977}\u0001k123456`)).toBe(123_456)
    expect(index.has(`host\u0001${1_700_000_000_000 + 5}\u0001sshd\u0001${5 % 977}\u0001k5`)).toBe(true)
    expect(index.has('host\u00010\u0001sshd\u00010\u0001k0')).toBe(false)
    // 200,000 new keys: no 64-bit match, so the store was asked once (the `has` of a stored key).
    expect(store.asked).toEqual([1])
  })

  it('stays exact when hashes collide: each match is confirmed, a later slot may hold the key', () => {
    const store = fakeStore()
    // Every key of the same length collides in both lanes.
    const index = new BulkKeyIndex(store.areStored, (key, out) => {
      out[0] = key.length
      out[1] = 7
    })
    const keys = ['aa', 'bb', 'cc', 'ddd']
    keys.forEach((key, i) => {
      expect(index.has(key)).toBe(false)
      index.add(key, i + 1)
      store.stored.set(i + 1, key)
    })
    // 'cc' matches 'aa' first: a doubtful match that only `has` settles.
    expect(index.firstMatch('cc')).toBe(1)
    expect(index.confirm([1], ['cc'])).toEqual([false])
    expect(index.has('cc')).toBe(true)
    expect(index.has('ee')).toBe(false)
    expect(index.has('ddd')).toBe(true)
  })

  it('rejects ids it cannot hold', () => {
    const index = new BulkKeyIndex(fakeStore().areStored)
    expect(() => index.add('a', 0)).toThrow(RangeError)
    expect(() => index.add('a', 2 ** 31)).toThrow(RangeError)
  })
})

describe('hashKey64', () => {
  it('gives two lanes that differ for keys differing in one character anywhere', () => {
    const out = new Int32Array(2)
    const seen = new Set<string>()
    const base = 'web-01\u00011711972800000\u0001sshd\u00014242\u0001Zr0nGq3d9x1Yb2Vc8AhQkT'
    for (let p = 0; p < base.length; p++) {
      for (const c of ['0', 'a', '~']) {
        const key = base.slice(0, p) + c + base.slice(p + 1)
        hashKey64(key, out)
        seen.add(`${key === base ? 'base' : key}:${out[0]}:${out[1]}`)
      }
    }
    const lows = new Set([...seen].map((s) => s.split(':').slice(-2, -1)[0]))
    const highs = new Set([...seen].map((s) => s.split(':').slice(-1)[0]))
    // Distinct keys (a replacement may equal the base's own character): distinct values in each lane.
    const distinct = new Set([...seen].map((s) => s.split(':')[0])).size
    expect(lows.size).toBe(distinct)
    expect(highs.size).toBe(distinct)
  })
})
