/**
 * The stored model and the real detectors: a model from an older feature schema is retrained on the
 * next read instead of being fed columns it was not trained on, and live batches are scored with
 * the stored model — never a retraining per batch.
 */
import { appendFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultPipeline } from '../../../src/engine/api/defaultPipeline'
import type { Pipeline } from '../../../src/engine/api/pipeline'
import { isUsableModel, type TrainedModel } from '../../../src/engine/detect/model'
import { FEATURE_SCHEMA_VERSION } from '../../../src/engine/features/schema'
import type { Finding } from '../../../src/shared/finding'
import { makeIntegrationFolder } from '../../integration/fixtureFolder'
import { authLine, waitUntil, watchFixture } from './watchHelpers'

const fx = watchFixture()
const folders: string[] = []
afterEach(async () => {
  await fx.cleanup()
  for (const d of folders.splice(0)) rmSync(d, { recursive: true, force: true })
})

// No autoencoder: these tests are about when the engine trains, not about what it learns.
const analyze = { seed: 7, detectors: ['iforest', 'statistical', 'rules'] as const }

interface Calls {
  analyze: number
  scoreNew: number
}

/** The real pipeline, counting trainings and the scorings of live lines (users badlive*). */
function counting(calls: Calls): Pipeline<unknown> {
  const real = defaultPipeline as Pipeline<unknown>
  return {
    ...real,
    analyze: (events, options) => {
      calls.analyze++
      return real.analyze(events, options)
    },
    scoreNew: (model, history, fresh) => {
      // Only live batches count: the warm-up after a scan scores a stored line (nothing written).
      if (fresh.some((e) => e.user?.startsWith('badlive'))) calls.scoreNew++
      return real.scoreNew(model, history, fresh)
    },
  }
}

/** Scans the integration folder into a store file, then closes; returns the folder and the store. */
async function scannedStore(): Promise<{ dir: string; db: string; model: { id: number; model: unknown } }> {
  const dir = makeIntegrationFolder()
  folders.push(dir)
  const db = join(fx.tmp(), 'vigil.sqlite')
  const first = fx.engine({ dbPath: db, watch: false, analyze })
  expect((await first.open(dir)).ok).toBe(true)
  const model = first.store.latestModel()!
  expect(isUsableModel(model.model, FEATURE_SCHEMA_VERSION)).toBe(true)
  await first.close()
  return { dir, db, model }
}

async function appendAndWait(log: string, pushed: Finding[], users: string[]): Promise<void> {
  const before = pushed.length
  appendFileSync(log, users.map((u, i) => `${authLine(u, 30 + i)}\n`).join(''))
  await waitUntil(() => pushed.length >= before + users.length, () => `${users.length} fresh events scored, have ${pushed.length - before}`)
}

describe('stored models across schema versions', () => {
  it('retrains a model from an older feature schema instead of failing, once, then scores live', async () => {
    const { dir, db, model } = await scannedStore()
    // What an older Vigil left in the store: another schema, one feature fewer.
    const old = model.model as TrainedModel
    const seeded = fx.engine({ dbPath: db, watch: false, analyze })
    const oldId = seeded.store.saveModel(
      { ...old, featureSchemaVersion: FEATURE_SCHEMA_VERSION - 1, featureNames: old.featureNames.slice(1) },
      String(FEATURE_SCHEMA_VERSION - 1),
      Date.UTC(2024, 0, 1),
    )
    await seeded.close()
    expect(isUsableModel({ ...old, featureSchemaVersion: FEATURE_SCHEMA_VERSION - 1 }, FEATURE_SCHEMA_VERSION)).toBe(false)

    const calls: Calls = { analyze: 0, scoreNew: 0 }
    const engine = fx.engine({ dbPath: db, pipeline: counting(calls), analyze })
    const pushed: Finding[] = []
    engine.onScored((fs) => pushed.push(...fs))
    // Nothing new to read: the old model is not loaded, and nothing is trained yet.
    expect((await engine.open(dir)).ok).toBe(true)
    expect(calls).toEqual({ analyze: 0, scoreNew: 0 })
    expect(engine.store.latestModel()!.id).toBe(oldId)

    const log = join(dir, 'auth.log')
    await appendAndWait(log, pushed, ['badlive1', 'badlive2'])
    await engine.idle()
    expect(calls).toEqual({ analyze: 1, scoreNew: 0 })
    const retrained = engine.store.latestModel()!
    expect(retrained.id).toBeGreaterThan(oldId)
    expect(isUsableModel(retrained.model, FEATURE_SCHEMA_VERSION)).toBe(true)
    expect(pushed.map((f) => f.user)).toEqual(['badlive1', 'badlive2'])
    expect(pushed.every((f) => f.detector_scores.iforest !== undefined && f.score >= 0)).toBe(true)

    // The next batches are scored with the retrained model.
    await appendAndWait(log, pushed, ['badlive3'])
    await appendAndWait(log, pushed, ['badlive4', 'badlive5'])
    await engine.idle()
    expect(calls).toEqual({ analyze: 1, scoreNew: 2 })
    expect(engine.store.latestModel()!.id).toBe(retrained.id)
  })

  it('scores live batches with a usable stored model, without retraining', async () => {
    const { dir, db, model } = await scannedStore()
    const calls: Calls = { analyze: 0, scoreNew: 0 }
    const engine = fx.engine({ dbPath: db, pipeline: counting(calls), analyze })
    const pushed: Finding[] = []
    engine.onScored((fs) => pushed.push(...fs))
    expect((await engine.open(dir)).ok).toBe(true)
    const log = join(dir, 'auth.log')
    await appendAndWait(log, pushed, ['badlive1'])
    await appendAndWait(log, pushed, ['badlive2', 'badlive3'])
    await engine.idle()
    expect(calls).toEqual({ analyze: 0, scoreNew: 2 })
    expect(engine.store.latestModel()!.id).toBe(model.id)
    expect(pushed.map((f) => f.user)).toEqual(['badlive1', 'badlive2', 'badlive3'])
  })
})
