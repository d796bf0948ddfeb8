/**
 * Many small files (issue 9, item 8): a scan commits them in groups of 1,000 files, each file's
 * events with its offset, so a crash keeps whole groups only and the next scan reads the rest
 * once. Outcomes are checked (events, offsets, transactions, named problems), not timings.
 */
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defaultPipeline } from '../../../src/engine/api/defaultPipeline'
import type { DiscoveredFile } from '../../../src/engine/ingest/discoverFiles'
import type { ParseOptions } from '../../../src/engine/parse/parseFile'
import { tinyFilesFolder } from '../../../src/engine/probes/hostileFolders'
import { storedRaws, watchFixture } from './watchHelpers'

const fx = watchFixture()
afterEach(() => fx.cleanup())

const fast = { analyze: { seed: 7, detectors: ['rules', 'statistical'] as ('rules' | 'statistical')[] }, watch: undefined }

/** Every line of every file under `dir`, sorted. */
function linesOnDisk(dir: string): string[] {
  const out: string[] = []
  for (const host of readdirSync(dir)) {
    for (const name of readdirSync(join(dir, host))) out.push(...readFileSync(join(dir, host, name), 'utf8').split('\n').filter((l) => l !== ''))
  }
  return out.sort()
}

describe('a folder of many small files', () => {
  it('2,000 one-line files are exactly their 2,000 lines, each file at its size, in 2 transactions', async () => {
    const probe = tinyFilesFolder(join(fx.tmp(), 'many'), 2_000)
    const engine = fx.engine(fast)
    const begin = vi.spyOn(engine.store, 'beginSpan')
    const commit = vi.spyOn(engine.store, 'commitSpan')
    const res = await engine.scan([probe.dir])
    expect(res.ok && [res.value.files, res.value.events, res.value.problems]).toEqual([2_000, 2_000, []])
    // One transaction per 1,000 files (the group), not one per file.
    expect([begin.mock.calls.length, commit.mock.calls.length]).toEqual([2, 2])
    const raws = storedRaws(engine)
    expect(raws).toEqual(linesOnDisk(probe.dir))
    expect(new Set(raws).size).toBe(2_000)
    const sources = engine.sources()
    expect(sources).toHaveLength(2_000)
    for (const s of sources) expect([s.path, s.offset, s.events]).toEqual([s.path, statSync(join(probe.dir, s.path)).size, 1])
  })

  it('a scan that fails at file 1,500 keeps the 1,499 files read before it, each with its offset; the next scan reads the rest once', async () => {
    const probe = tinyFilesFolder(join(fx.tmp(), 'many'), 2_000)
    const db = join(fx.tmp(), 'vigil.db')
    let reads = 0
    const failing = {
      ...defaultPipeline,
      parseFile: (file: DiscoveredFile, o?: ParseOptions) => {
        if (++reads === 1_500) throw new Error('crash at file 1,500')
        return defaultPipeline.parseFile(file, o)
      },
    }
    const first = fx.engine({ ...fast, dbPath: db, pipeline: failing })
    await expect(first.scan([probe.dir])).rejects.toThrow('crash at file 1,500')
    // The first group and the 499 files of the second read before the failure are committed.
    expect(first.store.eventCount()).toBe(1_499)
    const stored = first.store.files().filter((f) => f.offset > 0)
    expect(stored).toHaveLength(1_499)
    for (const f of stored) expect(f.offset).toBe(statSync(join(probe.dir, f.relPath)).size)
    await first.close()

    const second = fx.engine({ ...fast, dbPath: db })
    const res = await second.scan([probe.dir])
    expect(res.ok && res.value.events).toBe(2_000)
    expect(storedRaws(second)).toEqual(linesOnDisk(probe.dir))
  })

  it('a file that vanishes before it is read is named; the files around it are read', async () => {
    const probe = tinyFilesFolder(join(fx.tmp(), 'many'), 1_200)
    const gone = 'host-0/app-500.log'
    const deleting = {
      ...defaultPipeline,
      parseFile: (file: DiscoveredFile, o?: ParseOptions) => {
        if (file.relPath === gone) rmSync(file.absPath)
        return defaultPipeline.parseFile(file, o)
      },
    }
    const engine = fx.engine({ ...fast, pipeline: deleting })
    const res = await engine.scan([probe.dir])
    expect(res.ok && [res.value.events, res.value.problems.map((p) => [p.file, p.code])]).toEqual([1_199, [[gone, 'not_found']]])
    expect(storedRaws(engine)).toEqual(linesOnDisk(probe.dir))
  })
})
