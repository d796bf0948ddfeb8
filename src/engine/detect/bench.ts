/**
 * Isolation forest speed figures for `vigil bench`: fit time and single-thread scoring throughput
 * on synthetic rows (deterministic).
 */
import { Random } from '../util/random'
import { IsolationForest } from './iforest/IsolationForest'

export interface IForestBench {
  fitMs: number
  scoreRowsPerSec: number
  scoreMs: number
  rows: number
  features: number
  trees: number
  maxSamples: number
}

/** Fits 100 trees × 256 samples and scores `rows` rows of `features` columns. */
export function benchIsolationForest(rows = 1_000_000, features = 20, seed = 42): IForestBench {
  const r = new Random(seed)
  const X = new Float64Array(rows * features)
  for (let i = 0; i < X.length; i++) X[i] = r.normal()
  const t0 = performance.now()
  const forest = IsolationForest.fit(X, rows, features, { seed, nEstimators: 100, maxSamples: 256 })
  const t1 = performance.now()
  forest.scoreSamples(X, rows)
  const t2 = performance.now()
  return {
    fitMs: t1 - t0,
    scoreMs: t2 - t1,
    scoreRowsPerSec: rows / ((t2 - t1) / 1000),
    rows,
    features,
    trees: forest.nEstimators,
    maxSamples: forest.maxSamples,
  }
}
