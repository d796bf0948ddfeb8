/**
 * The hostile-folder probes (issue 9) at small sizes: the same fixtures `vigil bench probes` runs
 * at full size (1 GB bomb, 50k vs 200k identical lines, 100,000 files), scanned in process, every
 * count exact.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ScanSummary } from '../../src/shared/sources'
import { gzipBombFolder, identicalLinesFolder, symlinkEscapeFolder, tinyFilesFolder, type ProbeFolder } from '../../src/engine/probes/hostileFolders'
import { watchFixture } from '../engine/api/watchHelpers'

const fx = watchFixture()
afterEach(() => fx.cleanup())

async function scan(probe: ProbeFolder, parse = {}): Promise<{ summary: ScanSummary; raws: string[] }> {
  const engine = fx.engine({ analyze: { seed: 7, detectors: ['rules', 'statistical'] }, watch: undefined, parse })
  const res = await engine.scan([probe.dir])
  if (!res.ok) throw new Error(res.error.message)
  return { summary: res.value, raws: engine.findings('NONE').map((f) => f.raw) }
}

function expectHeld(probe: ProbeFolder, summary: ScanSummary): void {
  expect([summary.events, summary.files]).toEqual([probe.expect.events, probe.expect.files])
  expect(summary.problems.map((p) => [p.file, p.code])).toEqual(probe.expect.problems)
}

describe('hostile-folder probes, small', () => {
  it('a gzip bomb (8 MiB of one line, ~1000:1) is skipped by name; its companion log is read', async () => {
    const probe = await gzipBombFolder(join(fx.tmp(), 'bomb'), 8 << 20)
    const { summary } = await scan(probe)
    expectHeld(probe, summary)
    expect(summary.problems[0].message).toContain('auth.log.2.gz: decompression bomb, ')
  })

  it('5,000 and 20,000 identical lines are 5,000 and 20,000 events', async () => {
    for (const n of [5_000, 20_000]) {
      const probe = identicalLinesFolder(join(fx.tmp(), 'same'), n)
      expectHeld(probe, (await scan(probe)).summary)
    }
  })

  it('2,000 one-line files are 2,000 files and 2,000 events', async () => {
    const probe = tinyFilesFolder(join(fx.tmp(), 'many'), 2_000)
    expectHeld(probe, (await scan(probe)).summary)
  })

  it('links out of the folder, a FIFO and devices are listed, never read', async () => {
    const probe = symlinkEscapeFolder(join(fx.tmp(), 'links'), join(fx.tmp(), 'outside'))
    const { summary, raws } = await scan(probe)
    expectHeld(probe, summary)
    expect(raws.filter((r) => r.includes('PROBE-SECRET'))).toEqual([])
  })
})
