/**
 * A scan's forest walks its rows on a worker thread in the built CLI (iforest/offThread.ts): the
 * scores must be exactly those of one walk on this thread, whichever thread took which chunk, and
 * a worker that cannot run must leave its chunks to this thread.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IsolationForest } from '../../../../src/engine/detect/iforest/IsolationForest'
import { FOREST_WORKER_FILE, ForestChunks } from '../../../../src/engine/detect/iforest/offThread'
import { Random } from '../../../../src/engine/util/random'
import { REPO, ensureCliBuilt } from '../../../durability/cliBuild'

const WORKER = join(REPO, 'out/cli', FOREST_WORKER_FILE)
const N_FEATURES = 5
const ROWS = 40_000
const CHUNK = 4_096
const scratch = mkdtempSync(join(tmpdir(), 'vigil-forest-worker-'))
let X: Float64Array
let forest: IsolationForest

beforeAll(() => {
  ensureCliBuilt()
  const rng = new Random(3)
  // Rows repeat (the memo's case) and vary (the walk's): a value from a small set in two columns.
  X = Float64Array.from({ length: ROWS * N_FEATURES }, (_, i) => (i % N_FEATURES < 2 ? rng.nextInt(4) : rng.next() * 100))
  forest = IsolationForest.fit(X, 5_000, N_FEATURES, { seed: 11 })
}, 120_000)

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Hands X to `chunks` CHUNK rows at a time, as rawScores does. */
async function scoreInChunks(chunks: ForestChunks): Promise<Float64Array> {
  for (let from = 0; from < ROWS; from += CHUNK) {
    const rows = Math.min(CHUNK, ROWS - from)
    chunks.score(X.slice(from * N_FEATURES, (from + rows) * N_FEATURES), rows, from)
  }
  return chunks.finish((from, to, Xc) => Xc.set(X.subarray(from * N_FEATURES, to * N_FEATURES)))
}

describe('isolation-forest scores from a worker thread', () => {
  it('are exactly the scores of one walk on this thread', { timeout: 60_000 }, async () => {
    const here = forest.score(X, ROWS)
    const chunks = new ForestChunks(forest, ROWS, CHUNK, WORKER)
    const there = await scoreInChunks(chunks)
    expect(chunks.chunksPosted).toBeGreaterThan(0)
    expect(Array.from(there)).toEqual(Array.from(here))
    expect(Array.from(await scoreInChunks(new ForestChunks(forest, ROWS, CHUNK, null)))).toEqual(Array.from(here))
  })

  it('are scored here when the worker fails', { timeout: 60_000 }, async () => {
    const broken = join(scratch, 'broken.mjs')
    writeFileSync(broken, "throw new Error('no forest here')\n")
    const chunks = new ForestChunks(forest, ROWS, CHUNK, broken)
    const scores = await scoreInChunks(chunks)
    expect(chunks.chunksPosted).toBeGreaterThan(0)
    expect(Array.from(scores)).toEqual(Array.from(forest.score(X, ROWS)))
  })
})
