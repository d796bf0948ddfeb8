import { describe, expect, it } from 'vitest'
import { averagePrecision, prf, rocAuc } from '../../../src/engine/evaluate/rankMetrics'

describe('rocAuc', () => {
  it('counts ties as one half (hand-computed: 5 of 6 pairs)', () => {
    // Pairs (pos, neg): (.9,.5)=1 (.9,.1)=1 (.5,.5)=½ (.5,.1)=1 (.5,.5)=½ (.5,.1)=1 → 5/6.
    expect(rocAuc([0.9, 0.5, 0.5], [0.5, 0.1])).toBeCloseTo(5 / 6, 12)
  })

  it('is 1 when separated, 0 when inverted, ½ when all tied, null with an empty class', () => {
    expect(rocAuc([0.8, 0.9], [0.1, 0.2, 0.3])).toBe(1)
    expect(rocAuc([0.1], [0.5, 0.9])).toBe(0)
    expect(rocAuc([0.5, 0.5], [0.5, 0.5, 0.5])).toBe(0.5)
    expect(rocAuc([], [0.1])).toBeNull()
    expect(rocAuc([0.1], [])).toBeNull()
  })

  it('does not depend on input order and accepts pre-sorted negatives', () => {
    const pos = [0.3, 0.7, 0.7, 0.2]
    const neg = [0.7, 0.1, 0.3, 0.05, 0.2]
    // Wins: .3 beats .1 .05 .2 and ties .3 → 3.5; .7 beats 4, ties 1 → 4.5 (twice); .2 beats .1 .05, ties .2 → 2.5.
    const expected = (3.5 + 4.5 + 4.5 + 2.5) / 20
    expect(rocAuc(pos, neg)).toBeCloseTo(expected, 12)
    expect(rocAuc([...pos].reverse(), Float64Array.from(neg).sort(), true)).toBeCloseTo(expected, 12)
  })
})

describe('averagePrecision', () => {
  it('matches scikit-learn on a tie at a threshold (hand-computed)', () => {
    // Thresholds .9: P=1, R=1/3; .5: TP=3 FP=1 → P=3/4, R=1; .1 adds no recall. AP = 1/3 + 2/3·3/4 = 5/6.
    expect(averagePrecision([0.9, 0.5, 0.5], [0.5, 0.1])).toBeCloseTo(5 / 6, 12)
  })

  it('is 1 when every positive is above every negative, the positive share when all tie', () => {
    expect(averagePrecision([0.9, 0.8], [0.1, 0.2])).toBe(1)
    expect(averagePrecision([0.5], [0.5, 0.5, 0.5])).toBe(0.25)
    expect(averagePrecision([], [0.5])).toBeNull()
    expect(averagePrecision([0.4], [])).toBe(1)
  })

  it('steps through interleaved scores (hand-computed)', () => {
    // Order: p.9, n.8, p.7, n.6, p.5 → AP = 1/3·1 + 1/3·2/3 + 1/3·3/5.
    expect(averagePrecision([0.9, 0.7, 0.5], [0.8, 0.6])).toBeCloseTo((1 + 2 / 3 + 3 / 5) / 3, 12)
  })
})

describe('prf', () => {
  it('computes precision, recall and F1, null for 0/0', () => {
    expect(prf(3, 1, 4)).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75 })
    expect(prf(2, 0, 8)).toEqual({ precision: 1, recall: 0.25, f1: 0.4 })
    expect(prf(0, 0, 5)).toEqual({ precision: null, recall: 0, f1: null })
    expect(prf(0, 3, 0)).toEqual({ precision: 0, recall: null, f1: null })
  })
})
