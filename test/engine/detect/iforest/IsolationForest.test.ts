import { describe, expect, it } from 'vitest'
import { IsolationForest } from '../../../../src/engine/detect/iforest/IsolationForest'
import { averagePathLength } from '../../../../src/engine/detect/iforest/pathLength'
import { Random } from '../../../../src/engine/util/random'

describe('averagePathLength c(n)', () => {
  it('matches scikit-learn values', () => {
    expect(averagePathLength(0)).toBe(0)
    expect(averagePathLength(1)).toBe(0)
    expect(averagePathLength(2)).toBe(1)
    expect(averagePathLength(10)).toBeCloseTo(3.7488804844, 9)
    expect(averagePathLength(256)).toBeCloseTo(10.2447709202, 9)
  })
})

describe('IsolationForest', () => {
  it('gives every point of a two-point set path length 1 and score -0.5', () => {
    const X = Float64Array.from([0, 1])
    const f = IsolationForest.fit(X, 2, 1, { seed: 1 })
    expect(Array.from(f.pathLengths(X, 2))).toEqual([1, 1])
    expect(Array.from(f.scoreSamples(Float64Array.from([0, 1, 0.5]), 3))).toEqual([-0.5, -0.5, -0.5])
  })

  it('gives identical rows the path length c(n) of a single leaf', () => {
    const X = new Float64Array(300 * 2).fill(3)
    const f = IsolationForest.fit(X, 300, 2, { seed: 1 })
    const h = f.pathLengths(X, 1)[0]
    expect(h).toBeCloseTo(averagePathLength(256), 12)
    expect(f.scoreSamples(X, 1)[0]).toBeCloseTo(-0.5, 12)
  })

  it('matches the hand-computed expected path lengths of {0, 1, 10}', () => {
    // Root threshold ~ U(0, 10): with p = 0.1 it isolates 0 at depth 1 and {1, 10} split at depth 2;
    // with p = 0.9 it isolates 10 at depth 1 and {0, 1} split at depth 2.
    const X = Float64Array.from([0, 1, 10])
    const f = IsolationForest.fit(X, 3, 1, { seed: 7, nEstimators: 20_000 })
    const h = f.pathLengths(X, 3)
    expect(h[0]).toBeCloseTo(1.9, 1)
    expect(h[1]).toBeCloseTo(2.0, 5)
    expect(h[2]).toBeCloseTo(1.1, 1)
  })

  it('scores an obvious outlier above every inlier', () => {
    const r = new Random(3)
    const n = 1000
    const X = new Float64Array((n + 1) * 2)
    for (let i = 0; i < n * 2; i++) X[i] = r.normal()
    X[n * 2] = 8
    X[n * 2 + 1] = 8
    const f = IsolationForest.fit(X, n + 1, 2, { seed: 42 })
    const s = f.score(X, n + 1)
    let maxInlier = 0
    for (let i = 0; i < n; i++) maxInlier = Math.max(maxInlier, s[i])
    expect(s[n]).toBeGreaterThan(maxInlier)
    expect(s[n]).toBeGreaterThan(0.7)
    const c = f.contributions(X, n)
    expect(c[0] + c[1]).toBeGreaterThan(5)
  })

  it('attributes isolation to the feature that differs', () => {
    const r = new Random(5)
    const n = 500
    const X = new Float64Array((n + 1) * 3)
    for (let i = 0; i < (n + 1) * 3; i++) X[i] = r.normal()
    X[n * 3 + 2] = 12
    const f = IsolationForest.fit(X, n + 1, 3, { seed: 1 })
    const c = f.contributions(X, n)
    expect(c[2]).toBeGreaterThan(2 * Math.max(c[0], c[1]))
  })

  it('is deterministic for a seed and round-trips through JSON', () => {
    const r = new Random(9)
    const X = new Float64Array(2000 * 4)
    for (let i = 0; i < X.length; i++) X[i] = r.next()
    const a = IsolationForest.fit(X, 2000, 4, { seed: 11 })
    const b = IsolationForest.fit(X, 2000, 4, { seed: 11 })
    const c = IsolationForest.fit(X, 2000, 4, { seed: 12 })
    expect(a.scoreSamples(X, 2000)).toEqual(b.scoreSamples(X, 2000))
    expect(a.scoreSamples(X, 2000)).not.toEqual(c.scoreSamples(X, 2000))
    const back = IsolationForest.fromJSON(JSON.parse(JSON.stringify(a.toJSON())))
    expect(back.scoreSamples(X, 2000)).toEqual(a.scoreSamples(X, 2000))
    expect(a.nEstimators).toBe(100)
    expect(a.maxSamples).toBe(256)
  })

  it('uses a subset of features per tree when maxFeatures < 1', () => {
    const r = new Random(9)
    const X = new Float64Array(300 * 4)
    for (let i = 0; i < X.length; i++) X[i] = r.next()
    const f = IsolationForest.fit(X, 300, 4, { seed: 1, maxFeatures: 0.5 })
    const j = f.toJSON()
    const used = new Set(j.feature.slice(0, 2 ** j.depth - 1).filter((x, i) => j.threshold[i] !== Number.MAX_VALUE))
    expect(used.size).toBeLessThanOrEqual(2)
  })
})
