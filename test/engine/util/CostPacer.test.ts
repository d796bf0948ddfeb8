import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CostPacer } from '../../../src/engine/util/CostPacer'

describe('CostPacer', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  /** A pacer over a fake clock whose run takes `costMs` of it; `runs` holds the clock at each run's start. */
  function paced(costMs: number, closed = { value: false }): { pacer: CostPacer; runs: number[] } {
    const runs: number[] = []
    const pacer = new CostPacer(
      () => {
        runs.push(Date.now())
        vi.setSystemTime(Date.now() + costMs)
      },
      { minGapMs: 1_000, costFactor: 10, isClosed: () => closed.value, now: () => Date.now() },
    )
    return { pacer, runs }
  }

  it('runs the first request at once and merges the ones inside the gap into one run at its end', () => {
    vi.setSystemTime(0)
    const { pacer, runs } = paced(5)
    pacer.request()
    expect(runs).toEqual([0])
    // Three requests 100 ms apart, all inside the 1 s gap that started when the first run ended (5 ms).
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(100)
      pacer.request()
    }
    expect(runs).toEqual([0])
    vi.advanceTimersByTime(1_004 - 305) // the clock was at 305
    expect(runs).toEqual([0])
    vi.advanceTimersByTime(1)
    expect(runs).toEqual([0, 1_005])
    vi.advanceTimersByTime(5_000)
    expect(runs).toEqual([0, 1_005])
  })

  it('spaces runs ten times their cost apart when that is more than the gap', () => {
    vi.setSystemTime(0)
    const { pacer, runs } = paced(300)
    pacer.request() // runs 0 → 300: the next no sooner than 300 + 10 × 300
    pacer.request()
    vi.advanceTimersByTime(3_299 - 300)
    expect(runs).toEqual([0])
    vi.advanceTimersByTime(1)
    expect(runs).toEqual([0, 3_300])
  })

  it('runs nothing once its owner is closed, and close drops a pending run', () => {
    vi.setSystemTime(0)
    const closed = { value: false }
    const { pacer, runs } = paced(5, closed)
    pacer.request()
    pacer.request()
    pacer.close()
    vi.advanceTimersByTime(10_000)
    expect(runs).toEqual([0])
    pacer.request()
    expect(runs).toEqual([0, 10_005])
    closed.value = true
    vi.advanceTimersByTime(10_000)
    pacer.request()
    expect(runs).toEqual([0, 10_005])
  })
})
