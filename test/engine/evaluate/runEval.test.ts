// End to end on a small generated folder: discover, parse and analyze with the real engine, then
// score against the labels. Checks the joins and the shape of the report, not detection quality.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runEval, type EvalRun } from '../../../src/engine/evaluate/runEval'
import { ATTACK_KINDS } from '../../../src/engine/generate/attackKinds'
import { type GenerateResult, generateDataset } from '../../../src/engine/generate/generateDataset'

const tmp = mkdtempSync(join(tmpdir(), 'vigil-eval-'))
let generated: GenerateResult
let run: EvalRun

beforeAll(async () => {
  generated = await generateDataset({ outDir: tmp, events: 6_000, seed: 2, hosts: 3, days: 7 })
  const r = await runEval(tmp, { seed: 42 })
  if (!r.ok) throw new Error(r.error)
  run = r.value
}, 120_000)
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('runEval', () => {
  it('reads every generated line (labels.csv itself is not scanned)', () => {
    expect(run.files).toBe(generated.files.length - 1)
    expect(run.events).toBeGreaterThanOrEqual(generated.events)
    expect(run.unparsed).toBeLessThanOrEqual(generated.events * 0.005)
  })

  it('joins every label to a parsed event', () => {
    expect(run.full.unmatchedLabels).toBe(0)
    expect(run.full.labeledLines).toBe(generated.labeledLines)
    expect(run.full.normalLines + run.full.labeledLines).toBe(run.full.lines)
  })

  it('reports every attack kind, overall, and the iforest-only baseline', () => {
    expect(run.full.kinds.map((k) => k.name)).toEqual([...ATTACK_KINDS])
    expect(run.baseline!.kinds.map((k) => k.name)).toEqual([...ATTACK_KINDS])
    for (const row of [...run.full.kinds, run.full.overall, run.baseline!.overall]) {
      expect(row.episodesHit).toBeLessThanOrEqual(row.episodes)
      expect(row.rocAuc).toBeGreaterThanOrEqual(0)
      expect(row.rocAuc).toBeLessThanOrEqual(1)
    }
    expect(run.full.overall.episodes).toBe(generated.episodes.length)
  })

  it('finds the lateral movement of a three-host fleet (a walk over every host)', () => {
    const lateral = run.full.kinds.find((k) => k.name === 'lateral_movement')!
    expect(lateral.episodes).toBeGreaterThan(0)
    expect(lateral.episodesHit).toBe(lateral.episodes)
  })

  it('passes analysis options to the full run only: a brute-force threshold out of reach silences it', async () => {
    const r = await runEval(tmp, { seed: 42, analyze: { thresholds: { bruteFailures: 1e9, bruteSessionFailures: 1e9 } } })
    if (!r.ok) throw new Error(r.error)
    const brute = (rep: EvalRun['full']) => rep.kinds.find((k) => k.name === 'brute_force')!
    expect(brute(run.full).episodesHit).toBe(brute(run.full).episodes)
    expect(brute(r.value.full).episodesHit).toBe(0)
    expect(r.value.baseline).toEqual(run.baseline)
  }, 120_000)
})

describe('runEval errors', () => {
  it('says so when the folder has no labels', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vigil-eval-empty-'))
    const r = await runEval(empty, { seed: 1 })
    rmSync(empty, { recursive: true, force: true })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/no labels\.csv/)
  })
})
