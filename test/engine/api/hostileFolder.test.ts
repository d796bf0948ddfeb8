/**
 * Issue 9: a folder copied off a compromised server is attacker-shaped. Links out of it, devices,
 * FIFOs and decompression bombs are listed as skipped with their reason (summary and Sources), a
 * bomb can be read up to its cap on request, a file cut while it is read says so, and a folder
 * with nothing to read says "no log files found".
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultPipeline } from '../../../src/engine/api/defaultPipeline'
import { createInProcessClient } from '../../../src/engine/api/inProcessClient'
import { describeFile } from '../../../src/engine/ingest/describeFile'
import { nodeFs, type IngestFs } from '../../../src/engine/ingest/fsSeam'
import { parseFile, type ParseOptions } from '../../../src/engine/parse/parseFile'
import type { DiscoveredFile } from '../../../src/engine/ingest/discoverFiles'
import { watchFixture } from './watchHelpers'

const fx = watchFixture()
afterEach(() => fx.cleanup())

/** 127 characters and a newline: 8,192 of them fill 1 MiB exactly. */
function line128(sec: number): string {
  const head = `2025-03-01T10:00:${String(sec).padStart(2, '0')}.000000+00:00 web1 sshd[4242]: Failed password for root from 203.0.113.7 port 50000 ssh2`
  return `${head}${' '.repeat(127 - head.length)}\n`
}
const ONE_MIB_LINES = 8_192

const fast = { analyze: { seed: 7, detectors: ['rules', 'statistical'] as const } }

describe('a hostile folder', () => {
  it('skips a bomb of the shape seen in the wild (~140:1, under the old 200:1 limit) with the default limits', async () => {
    const dir = fx.tmp()
    writeFileSync(join(dir, 'auth.log'), line128(1) + line128(2) + line128(3))
    // 2 MiB of one failure, every eighth with another port: about 140:1, like 6 MB → 1 GB.
    const text = Array.from({ length: 2 * ONE_MIB_LINES }, (_, i) => line128(5).replace('port 50000', `port ${i % 8 === 0 ? 10000 + ((i * 7919) % 40000) : 50000}`)).join('')
    const gz = gzipSync(text)
    const ratio = text.length / gz.length
    expect(ratio > 100 && ratio < 200).toBe(true)
    writeFileSync(join(dir, 'auth.log.2.gz'), gz)
    const client = createInProcessClient(fx.engine({ ...fast, watch: undefined }))
    const summary = await client.call('sources.open', { path: dir })
    expect(summary.events).toBe(3)
    expect(summary.problems.map((p) => [p.file, p.code])).toEqual([['auth.log.2.gz', 'bomb']])
  })
  it('reads only what is inside the folder and regular: every skip named with its reason', async () => {
    const outside = fx.tmp()
    writeFileSync(join(outside, 'shadow'), 'root:$6$secret:19000:0:99999:7:::\n')
    mkdirSync(join(outside, 'logs'))
    writeFileSync(join(outside, 'logs', 'auth.log'), line128(9))
    const dir = fx.tmp()
    writeFileSync(join(dir, 'auth.log'), line128(1) + line128(2) + line128(3))
    symlinkSync(join(outside, 'shadow'), join(dir, 'secure'))
    symlinkSync(join(outside, 'logs'), join(dir, 'y'))
    symlinkSync('/', join(dir, 'x'))
    symlinkSync('/proc/kmsg', join(dir, 'kern.log'))
    execFileSync('mkfifo', [join(dir, 'auth.log.1')])
    // 2 MiB of one line: a few KB compressed, far past 100:1.
    writeFileSync(join(dir, 'auth.log.2.gz'), gzipSync(line128(5).repeat(2 * ONE_MIB_LINES)))
    // 100:1, so the cap is the 1 MiB floor (the gzip is a few KB): 8,192 whole lines.
    const engine = fx.engine({ ...fast, watch: undefined, parse: { gzip: { maxRatio: 100 } } })
    const client = createInProcessClient(engine)
    const summary = await client.call('sources.open', { path: dir })
    expect(summary.events).toBe(3)
    expect(summary.problems.map((p) => [p.file, p.code])).toEqual([
      ['auth.log.1', 'not_regular'],
      ['kern.log', 'outside_folder'],
      ['secure', 'outside_folder'],
      ['x', 'outside_folder'],
      ['y', 'outside_folder'],
      ['auth.log.2.gz', 'bomb'],
    ])
    const bomb = summary.problems[5].message
    expect(bomb).toMatch(/^auth\.log\.2\.gz: decompression bomb, \d+(\.\d)? KB inflates past 1 MB \(more than 100:1\); skipped \(read it up to the cap with --on-bomb cap, or from the Sources panel\)$/)
    const sources = await client.call('sources.list', {})
    expect(sources.map((s) => [s.path, s.status, s.events])).toEqual([
      ['auth.log', 'scanned', 3],
      ['auth.log.1', 'skipped', 0],
      ['auth.log.2.gz', 'skipped', 0],
      ['kern.log', 'skipped', 0],
      ['secure', 'skipped', 0],
      ['x', 'skipped', 0],
      ['y', 'skipped', 0],
    ])
    expect(sources.find((s) => s.path === 'secure')?.message).toBe(`secure: points outside the folder (to ${join(outside, 'shadow')}), skipped`)
    expect(sources.find((s) => s.path === 'x')?.message).toBe('x: points outside the folder (to /), skipped')
    expect(engine.findings('NONE').map((f) => f.raw).filter((r) => r.includes('secret'))).toEqual([])

    // The analyst's answer to the prompt: read the bomb up to its cap (1 MiB: 8,192 whole lines).
    const after = await client.call('sources.readCapped', { root: dir, path: 'auth.log.2.gz' })
    expect(after.events).toBe(3 + ONE_MIB_LINES)
    const gz = (await client.call('sources.list', {})).find((s) => s.path === 'auth.log.2.gz')
    expect([gz?.status, gz?.events, gz?.lines]).toEqual(['scanned', ONE_MIB_LINES, ONE_MIB_LINES])
    expect(gz?.message).toMatch(/; read up to the cap: 8,192 lines$/)
    await expect(client.call('sources.readCapped', { root: dir, path: '../outside.log' })).rejects.toMatchObject({ code: 'not_found' })
  })

  it('--on-bomb cap reads a bomb up to the cap at once; a higher ratio limit reads it whole', async () => {
    const dir = fx.tmp()
    writeFileSync(join(dir, 'auth.log.2.gz'), gzipSync(line128(5).repeat(2 * ONE_MIB_LINES)))
    const capped = fx.engine({ ...fast, watch: undefined, parse: { gzip: { onBomb: 'cap', maxRatio: 100 } } })
    const s1 = await capped.scan([dir])
    expect(s1.ok && s1.value.events).toBe(ONE_MIB_LINES)
    const whole = fx.engine({ ...fast, watch: undefined, parse: { gzip: { maxRatio: 100_000 } } })
    const s2 = await whole.scan([dir])
    expect(s2.ok && [s2.value.events, s2.value.problems]).toEqual([2 * ONE_MIB_LINES, []])
  })

  it('a file cut while it is read keeps what was read and says how much', async () => {
    const dir = fx.tmp()
    const log = join(dir, 'auth.log')
    writeFileSync(log, Array.from({ length: 3 * ONE_MIB_LINES }, (_, i) => line128(i % 60)).join(''))
    // The seam: the file is truncated as soon as its first 1 MiB chunk has been read (no sleeps).
    const cutting: IngestFs = {
      ...nodeFs,
      open: async (path) => {
        const handle = await nodeFs.open(path)
        const read = handle.read.bind(handle) as (...args: unknown[]) => Promise<{ bytesRead: number }>
        ;(handle as unknown as { read: unknown }).read = async (...args: unknown[]) => {
          const got = await read(...args)
          if (got.bytesRead >= 1 << 20) truncateSync(path, 0)
          return got
        }
        return handle
      },
    }
    const pipeline = { ...defaultPipeline, parseFile: (file: DiscoveredFile, o?: ParseOptions) => parseFile(file, { ...o, fs: cutting }) }
    const engine = fx.engine({ ...fast, watch: undefined, pipeline })
    const client = createInProcessClient(engine)
    const summary = await client.call('sources.open', { path: dir })
    expect(summary.events).toBe(ONE_MIB_LINES)
    expect(summary.problems).toEqual([{ file: 'auth.log', code: 'truncated', message: 'auth.log: truncated while reading: 8,192 lines read' }])
    const [source] = await client.call('sources.list', {})
    expect([source.status, source.lines, source.events, source.message]).toEqual(['scanned', ONE_MIB_LINES, ONE_MIB_LINES, 'auth.log: truncated while reading: 8,192 lines read'])
    // Read again (now empty): what was stored stays.
    await engine.scan([dir])
    expect(engine.store.eventCount()).toBe(ONE_MIB_LINES)
  })

  it('a folder with nothing to read says "no log files found"', async () => {
    const dir = fx.tmp()
    mkdirSync(join(dir, '.ssh'))
    writeFileSync(join(dir, '.ssh', 'auth.log'), line128(1))
    const engine = fx.engine({ ...fast, watch: undefined })
    const summary = await createInProcessClient(engine).call('sources.open', { path: dir })
    expect(summary.problems).toEqual([
      {
        file: dir,
        code: 'no_logs',
        message: `no log files found in ${dir} (looked for auth.log*, secure*, messages*, syslog*, *.log, *.json, *.jsonl, *.csv and their .gz rotations)`,
      },
    ])
  })

  it('paths from the watcher pass the same bounds: a link out of the folder is never described for reading', async () => {
    const outside = fx.tmp()
    writeFileSync(join(outside, 'shadow'), 'root:$6$secret:19000:0:99999:7:::\n')
    const dir = fx.tmp()
    writeFileSync(join(dir, 'auth.log'), line128(1))
    symlinkSync(join(outside, 'shadow'), join(dir, 'secure'))
    execFileSync('mkfifo', [join(dir, 'auth.log.1')])
    expect((await describeFile(dir, false, join(dir, 'auth.log'))).relPath).toBe('auth.log')
    await expect(describeFile(dir, false, join(dir, 'secure'))).rejects.toThrow('outside the opened folder')
    await expect(describeFile(dir, false, join(dir, 'auth.log.1'))).rejects.toThrow('not a regular file')
  })
})

