// `vigil generate` and `vigil eval` through commander, with captured output. (They live here, with
// the engine they drive; test/cli/commands would mirror src/cli/commands.)
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterAll, describe, expect, it } from 'vitest'
import { registerEval } from '../../../src/cli/commands/evaluate'
import { registerGenerate } from '../../../src/cli/commands/generate'
import type { CliIO } from '../../../src/cli/io'

const tmp = mkdtempSync(join(tmpdir(), 'vigil-cli-gen-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function vigil(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  let code = -1
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), cwd: tmp, env: {} }
  const program = new Command('vigil').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err })
  registerGenerate(program, io, (c) => void (code = c))
  registerEval(program, io, (c) => void (code = c))
  try {
    await program.parseAsync(args, { from: 'user' })
  } catch {
    code = 2
  }
  return { code, out, err }
}

describe('vigil generate', () => {
  it('writes a labeled folder and says what it wrote', async () => {
    const r = await vigil('generate', '--out', 'ds', '--events', '4000', '--seed', '9', '--hosts', '2', '--days', '3')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^Generated 4,0\d\d events in \d+ log files \(2 hosts, portal, cloud; 3 days from 2026-03-09; seed 9\)/)
    expect(r.out).toMatch(/Labeled lines: [\d,]+ in ds\/labels\.csv/)
    expect(readdirSync(join(tmp, 'ds')).sort()).toEqual(['.vigil.json', 'bastion-01', 'cloud', 'labels.csv', 'portal', 'web-01'])
  })

  it('refuses a folder that is not empty, and with --force replaces only its own output', async () => {
    writeFileSync(join(tmp, 'ds', 'README.md'), 'keep me\n')
    const refused = await vigil('generate', '--out', 'ds', '--events', '4000')
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(/ds is not empty/)
    const forced = await vigil('generate', '--out', 'ds', '--events', '3000', '--hosts', '1', '--days', '2', '--force')
    expect(forced.code).toBe(0)
    expect(readdirSync(join(tmp, 'ds')).sort()).toEqual(['.vigil.json', 'README.md', 'bastion-01', 'cloud', 'labels.csv', 'portal'])
  })

  it('rejects out-of-range sizes with a usage error', async () => {
    const r = await vigil('generate', '--out', 'x', '--events', '12')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/expected an integer from 1,000 to 100,000,000/)
  })
})

describe('vigil eval', () => {
  it('exits 2 with a reason for a folder without labels or a missing folder', async () => {
    const empty = await vigil('eval', '.')
    expect(empty.code).toBe(2)
    expect(empty.err).toMatch(/no labels\.csv here/)
    const missing = await vigil('eval', 'nowhere')
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/nowhere: no such folder/)
  })
})

describe('vigil eval --json', () => {
  it('prints the full and baseline reports as JSON', async () => {
    const gen = await vigil('generate', '--out', 'small', '--events', '3000', '--seed', '5', '--hosts', '2', '--days', '3')
    expect(gen.code).toBe(0)
    const r = await vigil('eval', 'small', '--json', '--seed', '1')
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out)
    expect(report).toMatchObject({ seed: 1, unparsed: expect.any(Number), full: { overall: { name: 'overall' } }, baseline: { overall: { name: 'overall' } } })
    expect(report.full.unmatchedLabels).toBe(0)
  }, 60_000)
})

describe('vigil generate --shape and vigil eval over several runs', () => {
  it('generates a shape, with explicit sizes winning over it, and refuses an unknown shape or date', async () => {
    const r = await vigil('generate', '--out', 'yearend', '--shape', 'fleet3', '--events', '3000', '--days', '4', '--seed', '2')
    expect(r.code).toBe(0)
    // Attack sizes vary in this shape: a huge one outgrows a small budget.
    expect(r.out).toMatch(/^Generated [\d,]+ events in \d+ log files \(3 hosts, portal, cloud; 4 days from 2026-12-22; seed 2\)/)
    const started = await vigil('generate', '--out', 'started', '--events', '2000', '--hosts', '1', '--days', '2', '--start', '2027-01-04')
    expect(started.out).toMatch(/2 days from 2027-01-04/)
    const bad = await vigil('generate', '--out', 'x', '--shape', 'huge')
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/expected one of default, varied, fleet2/)
    expect((await vigil('generate', '--out', 'x', '--start', '2027-02-30')).err).toMatch(/expected a date as YYYY-MM-DD/)
  })

  it('eval --generate makes a folder per seed, reports each and the worst, and leaves nothing behind', async () => {
    const scratch = join(tmp, 'scratch')
    mkdirSync(scratch)
    const before = process.env.TMPDIR
    process.env.TMPDIR = scratch
    let r: Awaited<ReturnType<typeof vigil>>
    try {
      r = await vigil('eval', '--generate', 'fleet2', '--seeds', '3..4', '--events', '3000', '--json')
    } finally {
      if (before === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = before
    }
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out) as { heading: string; runs: { name: string; events: number; full: { overall: { episodes: number } } }[]; worst: Record<string, string> }
    expect(report.heading).toMatch(/^Shape fleet2 \(2 hosts, 14 days; 3,000 events\), generator seeds 3\.\.4, detector seed 42$/)
    expect(report.runs.map((x) => x.name)).toEqual(['seed 3', 'seed 4'])
    for (const run of report.runs) expect(run.full.overall.episodes).toBe(11)
    expect(['seed 3', 'seed 4']).toContain(report.worst.f1)
    expect(readdirSync(scratch)).toEqual([])
    const both = await vigil('eval', 'small', '--generate', 'default')
    expect(both.code).toBe(2)
    expect((await vigil('eval')).err).toMatch(/needs a folder made by `vigil generate`, or --generate SHAPE/)
  }, 120_000)
})
