import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RowMemo } from '../../../src/engine/detect/rowMemo'

describe('RowMemo', () => {
  it('gives a repeated row the id of its first occurrence and new rows the next ids', () => {
    const m = new RowMemo(3, 8)
    const src = Int32Array.from([1, 2, 3, 4, 5, 6, 1, 2, 3, 1, 2, 4, -7, 0, 0x7fffffff])
    expect([0, 1, 2, 3, 4].map((r) => m.intern(src, r * 3))).toEqual([0, 1, 0, 2, 3])
    expect(m.size).toBe(4)
    expect(Array.from(m.rows.subarray(0, 12))).toEqual([1, 2, 3, 4, 5, 6, 1, 2, 4, -7, 0, 0x7fffffff])
  })

  it('refuses a new row past its capacity, and starts over after clear', () => {
    const m = new RowMemo(1, 2)
    const src = Int32Array.from([5, 6, 7])
    m.intern(src, 0)
    m.intern(src, 1)
    expect(m.intern(src, 0)).toBe(0)
    expect(m.fits(1)).toBe(false)
    expect(() => m.intern(src, 2)).toThrow(RangeError)
    m.clear()
    expect(m.intern(src, 2)).toBe(0)
    expect(m.size).toBe(1)
  })

  it('numbers rows as a Map of their contents does (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 4, maxLength: 4 }), { maxLength: 200 }), (rows) => {
        const m = new RowMemo(4, Math.max(1, rows.length))
        const src = Int32Array.from(rows.flat())
        const seen = new Map<string, number>()
        rows.forEach((row, i) => {
          const key = row.join(',')
          if (!seen.has(key)) seen.set(key, seen.size)
          expect(m.intern(src, i * 4)).toBe(seen.get(key))
        })
        expect(m.size).toBe(seen.size)
      }),
    )
  })
})
