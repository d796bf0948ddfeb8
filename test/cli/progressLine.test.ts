import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ProgressLine, formatProgress, showProgress } from '../../src/cli/progressLine'
import type { CliIO } from '../../src/cli/io'
import { Engine } from '../../src/engine/api/Engine'
import type { IngestProgress } from '../../src/shared/api'
import { fakePipeline } from '../engine/api/fakePipeline'

const p = (over: Partial<IngestProgress>): IngestProgress => ({ phase: 'parse', filesDone: 0, filesTotal: 0, events: 0, ...over })

describe('formatProgress', () => {
  it('says phase, files, events, rate and the ETA from the bytes read', () => {
    // 10 s for a quarter of the bytes: 30 s to go.
    expect(formatProgress(p({ filesDone: 12, filesTotal: 31, events: 412_000, bytesDone: 25, bytesTotal: 100 }), 10_000)).toBe(
      'parse · 12/31 files · 412,000 events · 41,200 events/s · ETA 30 s',
    )
    expect(formatProgress(p({ filesDone: 1, filesTotal: 2, events: 10, bytesDone: 1, bytesTotal: 1_000 }), 2_000)).toBe(
      'parse · 1/2 files · 10 events · 5 events/s · ETA 33 min 18 s',
    )
    expect(formatProgress(p({ phase: 'detect', step: 'iforest', filesDone: 31, filesTotal: 31, events: 1_000_021 }), 20_000)).toBe(
      'detect: iforest · 31/31 files · 1,000,021 events',
    )
  })
})

describe('ProgressLine', () => {
  it('redraws one line with \\r at most every 100 ms, cut to the terminal, and wipes it when done', () => {
    const out: string[] = []
    let now = 0
    const line = new ProgressLine({ write: (t) => out.push(t), columns: 30 }, () => now)
    line.update(p({ events: 1 }))
    now = 50
    line.update(p({ events: 2 })) // too soon: not drawn
    now = 150
    line.update(p({ filesDone: 3, filesTotal: 4, events: 1_234_567 }))
    line.update(p({ phase: 'done' }))
    expect(out).toEqual([`\r${'parse · 1 events'.padEnd(29)}`, `\r${'parse · 3/4 files · 1,234,567 e'.slice(0, 29)}`, `\r${' '.repeat(29)}\r`])
  })
})

describe('showProgress', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const io = (errIsTTY: boolean, err: string[]): CliIO => ({ out: () => undefined, err: (t) => err.push(t), cwd: '/', env: {}, errIsTTY, errColumns: 100 })

  it('draws the progress of a real scan on a terminal, with the bytes of every file, and nothing when piped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-progress-'))
    dirs.push(dir)
    mkdirSync(join(dir, 'web1'))
    writeFileSync(join(dir, 'web1', 'auth.log'), '2025-03-01T12:00:01Z web1 auth_failure alice 10.0.0.1\n')
    writeFileSync(join(dir, 'db.json'), '2025-03-01T12:00:02Z db1 auth_failure bob 10.0.0.2\n')
    const bytes = statSync(join(dir, 'web1', 'auth.log')).size + statSync(join(dir, 'db.json')).size
    for (const tty of [true, false]) {
      const err: string[] = []
      const engine = new Engine({ pipeline: fakePipeline(), log: () => undefined })
      const seen: IngestProgress[] = []
      engine.on('ingest.progress', (x) => seen.push(x))
      const stop = showProgress(engine, io(tty, err))
      await engine.scan([dir])
      stop()
      await engine.close()
      const parse = seen.filter((x) => x.phase === 'parse')
      expect(parse.map((x) => [x.filesDone, x.bytesTotal])).toEqual([
        [1, bytes],
        [2, bytes],
      ])
      expect(parse.at(-1)?.bytesDone).toBe(bytes)
      if (tty) {
        expect(err[0]).toMatch(/^\rdiscover · 0 events +$/)
        expect(err.every((t) => t.startsWith('\r') && !t.includes('\n'))).toBe(true)
        expect(err.at(-1)).toBe(`\r${' '.repeat(99)}\r`)
      } else expect(err).toEqual([])
    }
  })
})

describe('a scratch store', () => {
  it('lives in a temporary file while the engine runs and is deleted when it closes', async () => {
    const engine = new Engine({ pipeline: fakePipeline(), log: () => undefined, scratchStore: true })
    const file = engine.store.scratchFile
    expect(file).not.toBeNull()
    expect(existsSync(file!)).toBe(true)
    await engine.close()
    expect(existsSync(file!)).toBe(false)
  })
})
