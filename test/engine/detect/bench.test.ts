import { describe, expect, it } from 'vitest'
import { benchIsolationForest } from '../../../src/engine/detect/bench'

describe('benchIsolationForest', () => {
  it('reports fit time and scoring throughput', () => {
    const b = benchIsolationForest(20_000, 20, 1)
    expect(b.rows).toBe(20_000)
    expect(b.features).toBe(20)
    expect(b.trees).toBe(100)
    expect(b.maxSamples).toBe(256)
    expect(b.fitMs).toBeGreaterThan(0)
    expect(b.scoreRowsPerSec).toBeGreaterThan(10_000)
  })
})
