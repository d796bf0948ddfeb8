import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AutoencoderModel,
  fitAutoencoder,
  isAutoencoderJSON,
  type AutoencoderProgress,
} from '../../../../src/engine/detect/autoencoder/Autoencoder'
import { loadTf, type Tf } from '../../../../src/engine/detect/autoencoder/tfBackend'
import { lowRankRows } from './synthetic'

// 4,000 rows of 8 features driven by 3 latent factors: small enough to train in well under a second
// on WASM, structured enough that a 4-wide bottleneck learns it.
const N_ROWS = 4000
const N_FEATURES = 8
const OPTIONS = { hidden: [8, 4, 8], epochs: 12, batchSize: 128, seed: 7 }

let tf: Tf
let model: AutoencoderModel
const data = lowRankRows(N_ROWS, N_FEATURES, 3, 1)

beforeAll(async () => {
  ;({ tf } = await loadTf())
  model = await fitAutoencoder(data.X, N_ROWS, N_FEATURES, OPTIONS)
})

afterAll(() => model.dispose())

/**
 * A row whose even features follow latent factors `z` and whose odd features follow `-z`: each
 * value is ordinary on its own (within ±2 sd of the latent factors), their combination never occurs.
 */
function brokenCorrelation(z: readonly number[]): Float64Array {
  const row = new Float64Array(N_FEATURES)
  for (let f = 0; f < N_FEATURES; f++) {
    let v = 0
    for (let k = 0; k < data.latent; k++) v += z[k] * data.mixing[k * N_FEATURES + f]
    row[f] = 100 * f + (f + 1) * (f % 2 === 0 ? v : -v)
  }
  return row
}

describe('fitAutoencoder', () => {
  it('reduces the training loss', () => {
    const loss = model.trainingLoss
    expect(loss).toHaveLength(OPTIONS.epochs)
    expect(loss.every(Number.isFinite)).toBe(true)
    expect(loss[loss.length - 1]).toBeLessThan(loss[0] / 4)
    expect(loss[loss.length - 1]).toBeLessThan(0.1)
    expect(model.trainedRows).toBe(N_ROWS)
  })

  it('scores an outlier above every inlier', () => {
    const inliers = model.score(data.X, N_ROWS)
    expect(inliers).toBeInstanceOf(Float64Array)
    expect(inliers).toHaveLength(N_ROWS)
    const latents = [[1.5, 0, 0], [0, 1.5, 0], [0, 0, 1.5], [1, -1, 1], [-1, 1, 1]]
    const outliers = new Float64Array(latents.length * N_FEATURES)
    latents.forEach((z, i) => outliers.set(brokenCorrelation(z), i * N_FEATURES))
    const scores = model.score(outliers, latents.length)
    console.log(`max inlier ${Math.max(...inliers).toFixed(3)}, outliers ${Array.from(scores, (s) => s.toFixed(3)).join(' ')}`)
    const maxInlier = Math.max(...inliers)
    for (const s of scores) expect(s).toBeGreaterThan(maxInlier)
  })

  it('is deterministic for the same data and seed, and depends on the seed', async () => {
    const again = await fitAutoencoder(data.X, N_ROWS, N_FEATURES, OPTIONS)
    const other = await fitAutoencoder(data.X, N_ROWS, N_FEATURES, { ...OPTIONS, seed: 8 })
    try {
      expect(again.trainingLoss).toEqual(model.trainingLoss)
      expect(again.score(data.X, N_ROWS)).toEqual(model.score(data.X, N_ROWS))
      expect(other.score(data.X, N_ROWS)).not.toEqual(model.score(data.X, N_ROWS))
    } finally {
      again.dispose()
      other.dispose()
    }
  })

  it('scores with the same arithmetic it trains with (last-epoch loss ≈ mean score)', () => {
    const scores = model.score(data.X, N_ROWS)
    const mean = scores.reduce((a, b) => a + b, 0) / N_ROWS
    const last = model.trainingLoss[model.trainingLoss.length - 1]
    expect(Math.abs(mean - last) / last).toBeLessThan(0.25)
  })

  it('trains on a seeded sample when the baseline exceeds maxTrainRows', async () => {
    const small = await fitAutoencoder(data.X, N_ROWS, N_FEATURES, { ...OPTIONS, epochs: 1, maxTrainRows: 500 })
    try {
      expect(small.trainedRows).toBe(500)
      expect(small.score(data.X, N_ROWS)).toHaveLength(N_ROWS)
    } finally {
      small.dispose()
    }
  })

  it('reports progress per epoch and stops when aborted', async () => {
    const seen: AutoencoderProgress[] = []
    const three = await fitAutoencoder(data.X, N_ROWS, N_FEATURES, { ...OPTIONS, epochs: 3, onProgress: (p) => seen.push(p) })
    three.dispose()
    const ends = seen.filter((p) => p.batch === p.batches)
    expect(ends.map((p) => p.epoch)).toEqual([1, 2, 3])
    expect(ends.map((p) => p.loss)).toEqual(three.trainingLoss)
    expect(ends[0].batches).toBe(Math.ceil(N_ROWS / OPTIONS.batchSize))

    const before = tf.memory().numTensors
    const controller = new AbortController()
    const reason = new Error('user cancelled')
    const fit = fitAutoencoder(data.X, N_ROWS, N_FEATURES, {
      ...OPTIONS,
      onProgress: (p) => {
        if (p.epoch === 2) controller.abort(reason)
      },
      signal: controller.signal,
    })
    await expect(fit).rejects.toBe(reason)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('rejects inconsistent sizes and options', async () => {
    await expect(fitAutoencoder(data.X, N_ROWS + 1, N_FEATURES)).rejects.toThrow(RangeError)
    await expect(fitAutoencoder(data.X, N_ROWS, N_FEATURES, { epochs: 0 })).rejects.toThrow(/epochs/)
    await expect(fitAutoencoder(data.X, N_ROWS, N_FEATURES, { hidden: [] })).rejects.toThrow(/hidden/)
    await expect(fitAutoencoder(new Float64Array(0), 0, N_FEATURES)).rejects.toThrow(/at least one row/)
    expect(() => model.score(data.X, 3)).toThrow(RangeError)
  })

  it('treats a constant or missing feature as the baseline value', async () => {
    const X = data.X.slice()
    for (let r = 0; r < N_ROWS; r++) X[r * N_FEATURES + 5] = 3
    const m = await fitAutoencoder(X, N_ROWS, N_FEATURES, { ...OPTIONS, epochs: 2 })
    try {
      const row = X.slice(0, N_FEATURES)
      const base = m.score(row, 1)[0]
      row[5] = Number.NaN
      expect(m.score(row, 1)[0]).toBeCloseTo(base, 12)
      expect(Number.isFinite(base)).toBe(true)
    } finally {
      m.dispose()
    }
  })
})

describe('AutoencoderModel', () => {
  it('leaves no tensors behind when scoring, explaining, fitting and disposing', async () => {
    const before = tf.memory().numTensors
    model.score(data.X, N_ROWS)
    model.featureErrors(data.X.subarray(0, 10 * N_FEATURES), 10)
    expect(tf.memory().numTensors).toBe(before)
    const m = await fitAutoencoder(data.X, N_ROWS, N_FEATURES, { ...OPTIONS, epochs: 1 })
    m.dispose()
    expect(tf.memory().numTensors).toBe(before)
    expect(() => m.score(data.X, N_ROWS)).toThrow(/dispose/)
  })

  it('scores in chunks the same as row by row', () => {
    // 20,000 rows cross the 16,384-row scoring chunk.
    const big = lowRankRows(20_000, N_FEATURES, 3, 2)
    const all = model.score(big.X, big.nRows)
    for (const r of [0, 16_383, 16_384, 19_999]) {
      expect(model.score(big.X.subarray(r * N_FEATURES, (r + 1) * N_FEATURES), 1)[0]).toBe(all[r])
    }
  })

  it('scores a row the same whatever rows share its batch', () => {
    // 40,000 rows, each one of 300 distinct rows in a scrambled order: repeats within and across chunks.
    const distinct = lowRankRows(300, N_FEATURES, 3, 3)
    const alone = Array.from({ length: 300 }, (_, d) => model.score(distinct.X.subarray(d * N_FEATURES, (d + 1) * N_FEATURES), 1)[0])
    const n = 40_000
    const X = new Float64Array(n * N_FEATURES)
    const which = Array.from({ length: n }, (_, i) => (i * 7919 + (i >> 9)) % 300)
    which.forEach((d, i) => X.set(distinct.X.subarray(d * N_FEATURES, (d + 1) * N_FEATURES), i * N_FEATURES))
    const scores = model.score(X, n)
    expect(Array.from(scores)).toEqual(which.map((d) => alone[d]))
  })

  it('gives per-feature errors whose row means are the scores and which point at the broken features', () => {
    const rows = 4
    const X = new Float64Array(rows * N_FEATURES)
    X.set(data.X.subarray(0, 3 * N_FEATURES))
    const broken = data.X.slice(3 * N_FEATURES, 4 * N_FEATURES)
    broken[6] += 40 * 7 // feature 6 (scale 7) pushed ~40 latent units off
    X.set(broken, 3 * N_FEATURES)
    const errors = model.featureErrors(X, rows)
    const scores = model.score(X, rows)
    expect(errors).toHaveLength(rows * N_FEATURES)
    for (let r = 0; r < rows; r++) {
      let sum = 0
      for (let f = 0; f < N_FEATURES; f++) sum += errors[r * N_FEATURES + f]
      expect(sum / N_FEATURES).toBe(scores[r])
    }
    const last = Array.from(errors.subarray(3 * N_FEATURES))
    expect(last.indexOf(Math.max(...last))).toBe(6)
  })

  it('round-trips through JSON with identical scores', async () => {
    const json = JSON.parse(JSON.stringify(model.toJSON())) as unknown
    expect(isAutoencoderJSON(json)).toBe(true)
    if (!isAutoencoderJSON(json)) return
    expect(json.nFeatures).toBe(N_FEATURES)
    expect(json.options).toMatchObject(OPTIONS)
    expect(json.mean).toHaveLength(N_FEATURES)
    const restored = await AutoencoderModel.fromJSON(json)
    try {
      expect(restored.score(data.X, N_ROWS)).toEqual(model.score(data.X, N_ROWS))
      expect(restored.featureErrors(data.X.subarray(0, 50 * N_FEATURES), 50)).toEqual(
        model.featureErrors(data.X.subarray(0, 50 * N_FEATURES), 50),
      )
      expect(restored.toJSON()).toEqual(model.toJSON())
    } finally {
      restored.dispose()
    }
  })

  it('recognises malformed or foreign JSON', async () => {
    const json = model.toJSON()
    expect(isAutoencoderJSON(null)).toBe(false)
    expect(isAutoencoderJSON({ ...json, version: 0 })).toBe(false)
    expect(isAutoencoderJSON({ ...json, mean: json.mean.slice(1) })).toBe(false)
    const layers = json.layers.map((l, i) => (i === 1 ? { ...l, kernel: l.kernel.slice(1) } : l))
    expect(isAutoencoderJSON({ ...json, layers })).toBe(false)
    expect(isAutoencoderJSON({ ...json, options: { ...json.options, hidden: [8, 3, 8] } })).toBe(false)
    await expect(AutoencoderModel.fromJSON({ ...json, kind: 'other' } as never)).rejects.toThrow(TypeError)
  })
})
