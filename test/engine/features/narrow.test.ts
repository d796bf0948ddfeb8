import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { narrowIds, narrowNumbers } from '../../../src/engine/features/narrow'

describe('narrowNumbers', () => {
  it('holds small integers, NaN and halves as 32-bit floats, reading back the same numbers', () => {
    const values = Float64Array.from([1, 0, -0, NaN, 4_194_303, 0.5, 16_777_216])
    const out = narrowNumbers(values)
    expect(out).toBeInstanceOf(Float32Array)
    expect(Array.from(out)).toEqual(Array.from(values))
  })

  it('keeps doubles when one value would change (a timestamp, a coordinate, 2^24 + 1)', () => {
    for (const v of [1_774_000_000_123, 48.8566, 16_777_217]) {
      const values = Float64Array.from([1, 2, v])
      expect(narrowNumbers(values)).toBe(values)
    }
  })

  it('never changes a value (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.constant(NaN))), (xs) => {
        const values = Float64Array.from(xs)
        const out = narrowNumbers(values)
        expect(out.length).toBe(values.length)
        for (let i = 0; i < values.length; i++) expect(Object.is(out[i], values[i])).toBe(true)
      }),
    )
  })
})

describe('narrowIds', () => {
  it('takes the fewest bytes that hold the largest id and -1', () => {
    const ids = Int32Array.from([-1, 0, 127])
    expect(narrowIds(ids, 128)).toBeInstanceOf(Int8Array)
    expect(Array.from(narrowIds(ids, 128))).toEqual([-1, 0, 127])
    const wider = Int32Array.from([-1, 128, 32_767])
    expect(narrowIds(wider, 32_768)).toBeInstanceOf(Int16Array)
    expect(Array.from(narrowIds(wider, 32_768))).toEqual([-1, 128, 32_767])
    const widest = Int32Array.from([-1, 32_768])
    expect(narrowIds(widest, 32_769)).toBe(widest)
  })
})
