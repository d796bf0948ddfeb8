import { describe, expect, it } from 'vitest'
import { fitStandardization, standardizeRange, standardizeRows } from '../../../../src/engine/detect/autoencoder/standardize'

// Three rows, three features: a varying one, a constant one, one with a missing value.
const X = Float64Array.from([1, 5, 10, 2, 5, Number.NaN, 3, 5, 20])

describe('fitStandardization', () => {
  it('learns mean and population std per feature, skipping non-finite values', () => {
    const s = fitStandardization(X, 3, 3)
    expect(Array.from(s.mean)).toEqual([2, 5, 15])
    expect(s.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 15)
    expect(s.std[1]).toBe(1) // constant: raw scale kept
    expect(s.std[2]).toBe(5)
  })

  it('is stable for large offsets', () => {
    const big = Float64Array.from([1e12 + 1, 1e12 + 2, 1e12 + 3])
    const s = fitStandardization(big, 3, 1)
    expect(s.mean[0]).toBe(1e12 + 2)
    expect(s.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 6)
  })
})

describe('standardizeRows / standardizeRange', () => {
  it('write z-scores as float32, with a missing value at the mean', () => {
    const s = fitStandardization(X, 3, 3)
    const out = new Float32Array(6)
    standardizeRows(X, 3, [2, 1], s, out)
    expect(Array.from(out)).toEqual([Math.fround(1 / Math.sqrt(2 / 3)), 0, 1, 0, 0, 0])
    const range = new Float32Array(6)
    standardizeRange(X, 3, 1, 3, s, range)
    expect(Array.from(range)).toEqual([0, 0, 0, Math.fround(1 / Math.sqrt(2 / 3)), 0, 1])
  })
})
