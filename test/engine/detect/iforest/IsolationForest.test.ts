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

  it('attributes exactly what a plain walk of the saved trees gives: log2 of how much each split shrank the set, per feature', () => {
    const r = new Random(21)
    const n = 3000
    const nF = 5
    const X = new Float64Array(n * nF)
    // Some repeated values, so trees have shallow leaves (pass-through padding) and leaves of several rows.
    for (let i = 0; i < X.length; i++) X[i] = i % nF === 3 ? Math.floor(r.next() * 3) : r.normal()
    const f = IsolationForest.fit(X, n, nF, { seed: 4 })
    const j = f.toJSON()
    for (const row of [0, 17, 2999]) {
      expect(Array.from(f.contributions(X, row))).toEqual(Array.from(plainContributions(j, X, row)))
    }
  })

  it('gives a row repeated across a matrix larger than its row memo exactly the path length it has alone', () => {
    const r = new Random(8)
    const distinct = new Float64Array(50 * 3)
    for (let i = 0; i < distinct.length; i++) distinct[i] = r.normal()
    const f = IsolationForest.fit(distinct, 50, 3, { seed: 2 })
    const alone = Array.from({ length: 50 }, (_, d) => f.pathLengths(distinct.subarray(d * 3, d * 3 + 3), 1)[0])
    // 300,000 rows (more than the 262,144 rows remembered), each one of the 50, in a scrambled order.
    const n = 300_000
    const X = new Float64Array(n * 3)
    const which = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      which[i] = (i * 7919 + (i >> 10)) % 50
      X.set(distinct.subarray(which[i] * 3, which[i] * 3 + 3), i * 3)
    }
    const h = f.pathLengths(X, n)
    for (let i = 0; i < n; i++) if (h[i] !== alone[which[i]]) throw new Error(`row ${i}: ${h[i]} !== ${alone[which[i]]}`)
    expect(new Set(h).size).toBe(new Set(alone).size)
  })

  it('scores more distinct rows than its row memo holds as it scores them in small calls', () => {
    const r = new Random(12)
    const n = 280_000
    const X = new Float64Array(n * 2)
    for (let i = 0; i < n; i++) {
      X[2 * i] = i % 270_000 // 270,000 distinct rows, then repeats of the first ones after a clear
      X[2 * i + 1] = Math.floor(r.next() * 2)
    }
    const f = IsolationForest.fit(X, n, 2, { seed: 3 })
    const h = f.pathLengths(X, n)
    for (let start = 0; start < n; start += 10_000) {
      const part = f.pathLengths(X.subarray(start * 2, (start + 10_000) * 2), 10_000)
      for (let i = 0; i < 10_000; i++) if (h[start + i] !== part[i]) throw new Error(`row ${start + i}: ${h[start + i]} !== ${part[i]}`)
    }
  })

  it('scores rows handed over in chunks (remembering rows across them) exactly as all at once', () => {
    const r = new Random(14)
    const n = 40_000
    const X = new Float64Array(n * 3)
    for (let i = 0; i < X.length; i++) X[i] = Math.floor(r.next() * 12)
    const f = IsolationForest.fit(X, n, 3, { seed: 5 })
    const whole = f.score(X, n)
    const score = f.scorer(n)
    const chunked = new Float64Array(n)
    for (let from = 0; from < n; from += 7_000) {
      const to = Math.min(n, from + 7_000)
      chunked.set(score(X.subarray(from * 3, to * 3), to - from), from)
    }
    expect(chunked).toEqual(whole)
    expect(Array.from(f.scoreSamples(X.subarray(0, 30), 10))).toEqual(Array.from(whole.subarray(0, 10), (v) => -v))
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

/** The attribution walked node by node from the JSON trees (the definition, without tables). */
function plainContributions(j: ReturnType<IsolationForest['toJSON']>, X: Float64Array, row: number): Float64Array {
  const out = new Float64Array(j.nFeatures)
  const nInternal = 2 ** j.depth - 1
  const nLeaves = 2 ** j.depth
  const f32 = (x: number) => Math.fround(x)
  for (let t = 0; t < j.nEstimators; t++) {
    let node = 0
    for (let d = 0; d < j.depth; d++) {
      const k = t * nInternal + node
      const f = j.feature[k]
      const thr = j.threshold[k]
      // The forest compares float32-rounded values (random normals never fall between two adjacent float32s of a threshold).
      const next = f32(X[row * j.nFeatures + f]) <= thr ? 2 * node + 1 : 2 * node + 2
      if (thr !== Number.MAX_VALUE) {
        let child: number
        if (next < nInternal) child = j.size[t * nInternal + next]
        else {
          const v = j.leafValue[t * nLeaves + next - nInternal] - j.depth
          child = 1
          if (v > 0) {
            child = 2
            while (averagePathLength(child) < v - 1e-9 && child < j.size[k]) child++
          }
        }
        out[f] += Math.log2(j.size[k] / Math.max(1, child))
      }
      node = next
    }
  }
  for (let k = 0; k < j.nFeatures; k++) out[k] /= j.nEstimators
  return out
}
