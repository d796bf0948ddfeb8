import { describe, expect, it } from 'vitest'
import { Random, createRandom } from '../../../src/engine/util/random'

describe('Random', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = new Random(42)
    const b = new Random(42)
    const xs = Array.from({ length: 20 }, () => a.next())
    const ys = Array.from({ length: 20 }, () => b.next())
    expect(xs).toEqual(ys)
  })

  it('gives different sequences for different seeds', () => {
    const a = new Random(1)
    const b = new Random(2)
    expect(a.next()).not.toBe(b.next())
  })

  it('stays in [0, 1) and is roughly uniform', () => {
    const r = new Random(7)
    const bins = new Array(10).fill(0)
    for (let i = 0; i < 100_000; i++) {
      const x = r.next()
      expect(x >= 0 && x < 1).toBe(true)
      bins[Math.floor(x * 10)]++
    }
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500)
  })

  it('samples distinct indices', () => {
    const r = new Random(3)
    const idx = r.sampleIndices(1000, 256)
    expect(idx.length).toBe(256)
    expect(new Set(idx).size).toBe(256)
    for (const i of idx) expect(i).toBeLessThan(1000)
    expect(r.sampleIndices(5, 10).length).toBe(5)
  })

  it('normal deviates have mean ~0 and sd ~1', () => {
    const r = new Random(11)
    let s = 0
    let s2 = 0
    const n = 50_000
    for (let i = 0; i < n; i++) {
      const x = r.normal()
      s += x
      s2 += x * x
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03)
    expect(Math.abs(Math.sqrt(s2 / n) - 1)).toBeLessThan(0.03)
  })

  it('createRandom returns a seeded function', () => {
    const f = createRandom(5)
    const g = createRandom(5)
    expect([f(), f(), f()]).toEqual([g(), g(), g()])
  })
})
