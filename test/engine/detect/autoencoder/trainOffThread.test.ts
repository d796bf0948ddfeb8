/**
 * The autoencoder trains in a worker thread in the built CLI: the worker must give the very
 * weights a training on this thread gives (same scores whatever the thread count), stop when
 * aborted, and a worker that cannot run must leave the caller to train here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initialWeights } from '../../../../src/engine/detect/autoencoder/network'
import { fitStandardization } from '../../../../src/engine/detect/autoencoder/standardize'
import { loadTf } from '../../../../src/engine/detect/autoencoder/tfBackend'
import { runTrainJob, type TrainJob } from '../../../../src/engine/detect/autoencoder/trainJob'
import { TRAIN_WORKER_FILE, trainInWorker, trainWorkerPath } from '../../../../src/engine/detect/autoencoder/trainOffThread'
import { Random } from '../../../../src/engine/util/random'
import { REPO, ensureCliBuilt } from '../../../durability/cliBuild'
import { lowRankRows } from './synthetic'

const WORKER = join(REPO, 'out/cli', TRAIN_WORKER_FILE)
const N_FEATURES = 6
let job: TrainJob
const scratch = mkdtempSync(join(tmpdir(), 'vigil-train-worker-'))

beforeAll(async () => {
  ensureCliBuilt()
  const data = lowRankRows(3000, N_FEATURES, 2, 4)
  const { backend } = await loadTf()
  job = {
    X: data.X,
    nFeatures: N_FEATURES,
    standardization: fitStandardization(data.X, 3000, N_FEATURES),
    initial: initialWeights(N_FEATURES, [6, 3, 6], new Random(1)),
    settings: { epochs: 3, batchSize: 256, learningRate: 0.01 },
    shuffleSeed: 99,
    backend,
  }
}, 120_000)

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('training in a worker thread', () => {
  it('gives exactly the weights and losses of a training on this thread', { timeout: 120_000 }, async () => {
    const here = await runTrainJob(job)
    const there = await trainInWorker(WORKER, job)
    if (!there.ok) throw new Error(there.error)
    expect(there.value.loss).toEqual(here.loss)
    expect(there.value.loss).toHaveLength(3)
    expect(there.value.layers.map((l) => Array.from(l.kernel))).toEqual(here.layers.map((l) => Array.from(l.kernel)))
    expect(there.value.layers.map((l) => Array.from(l.bias))).toEqual(here.layers.map((l) => Array.from(l.bias)))
  })

  it('reports progress from the worker and rejects with the reason when aborted', { timeout: 120_000 }, async () => {
    const controller = new AbortController()
    const epochs: number[] = []
    const long = { ...job, settings: { ...job.settings, epochs: 1000, batchSize: 32 } }
    const run = trainInWorker(WORKER, long, {
      signal: controller.signal,
      onProgress: (p) => {
        epochs.push(p.epoch)
        if (p.epoch >= 2) controller.abort(new Error('stop here'))
      },
    })
    await expect(run).rejects.toThrow('stop here')
    expect(epochs[0]).toBe(1)
    expect(Math.max(...epochs)).toBeLessThan(1000)
  })

  it('hands back an error, not a hang, when the worker cannot run', { timeout: 60_000 }, async () => {
    const broken = join(scratch, 'broken.js')
    writeFileSync(broken, 'throw new Error("no tensorflow here")\n')
    const res = await trainInWorker(broken, job)
    expect(res).toEqual({ ok: false, error: 'no tensorflow here' })
  })

  it('runs on one thread when VIGIL_THREADS=1 or when the worker is not built', () => {
    expect(trainWorkerPath({ VIGIL_THREADS: '1' })).toBeNull()
    // From the sources (as here) there is no bundled worker beside the module.
    expect(trainWorkerPath({})).toBeNull()
  })
})
