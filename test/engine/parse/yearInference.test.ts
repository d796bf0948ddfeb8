import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { discoverFiles } from '../../../src/engine/ingest/discoverFiles'
import { parseFile } from '../../../src/engine/parse/parseFile'
import { parseLines } from '../../../src/engine/parse/parseLines'
import { useTempDir } from '../ingest/tempDir'

const tempDir = useTempDir()
const iso = (ts: number): string => new Date(ts).toISOString()
const l = (stamp: string, n: number): string => `${stamp} web-01 sshd[${n}]: Connection closed by 10.0.0.${n} port 22 [preauth]`

async function parseWithMtime(files: Record<string, { text: string | Buffer; mtime: string }>, timeZone = 'UTC') {
  const root = tempDir()
  for (const [rel, { text, mtime }] of Object.entries(files)) {
    const abs = path.join(root, rel)
    mkdirSync(path.dirname(abs), { recursive: true })
    writeFileSync(abs, text)
    utimesSync(abs, new Date(mtime), new Date(mtime))
  }
  const { files: found } = await discoverFiles(root)
  const out: Record<string, string[]> = {}
  for (const f of found) out[f.relPath] = (await parseFile(f, { timeZone })).events.map((e) => iso(e.ts))
  return out
}

describe('RFC 3164 year inference', () => {
  it('walks a December→January rollover: earlier lines get the previous year', async () => {
    const text = [l('Dec 30 23:59:58', 1), l('Dec 31 23:59:59', 2), l('Jan  1 00:00:01', 3), l('Jan  2 10:00:00', 4)].join('\n')
    const out = await parseWithMtime({ 'auth.log': { text, mtime: '2026-01-02T10:00:05Z' } })
    expect(out['auth.log']).toEqual(['2025-12-30T23:59:58.000Z', '2025-12-31T23:59:59.000Z', '2026-01-01T00:00:01.000Z', '2026-01-02T10:00:00.000Z'])
  })

  it('dates a rotated file older than the current one by its own mtime (last line not after the mtime)', async () => {
    const out = await parseWithMtime({
      // Rotated in mid-January 2026 but compressed later: mtime is Jan 14, last line Dec 20 → 2025.
      'auth.log.2.gz': { text: gzipSync(`${l('Nov 30 10:00:00', 1)}\n${l('Dec 20 08:00:00', 2)}\n`), mtime: '2026-01-14T00:00:00Z' },
      // A file whose last write was in 2024, opened today.
      'old/auth.log.9': { text: `${l('Mar  3 03:03:03', 3)}\n`, mtime: '2024-03-03T03:03:05Z' },
    })
    expect(out['auth.log.2.gz']).toEqual(['2025-11-30T10:00:00.000Z', '2025-12-20T08:00:00.000Z'])
    expect(out['old/auth.log.9']).toEqual(['2024-03-03T03:03:03.000Z'])
  })

  it('spans several years of rollovers, and tolerates slightly out-of-order lines', async () => {
    const text = [
      l('Dec 31 23:00:00', 1),
      l('Jan  1 01:00:00', 2),
      l('Dec 31 23:59:59', 3), // late by an hour: still the old year
      l('Jan  1 02:00:00', 4),
      l('Jul  1 12:00:00', 5),
      l('Dec 31 22:00:00', 6),
      l('Jan  3 00:00:00', 7),
    ].join('\n')
    const out = await parseWithMtime({ 'auth.log': { text, mtime: '2026-01-03T00:00:10Z' } })
    expect(out['auth.log']).toEqual([
      '2024-12-31T23:00:00.000Z',
      '2025-01-01T01:00:00.000Z',
      '2024-12-31T23:59:59.000Z',
      '2025-01-01T02:00:00.000Z',
      '2025-07-01T12:00:00.000Z',
      '2025-12-31T22:00:00.000Z',
      '2026-01-03T00:00:00.000Z',
    ])
  })

  it('accepts a day of clock skew past the mtime (same year), and gives Feb 29 its leap year', async () => {
    const out = await parseWithMtime({
      'a.log': { text: l('Mar 10 12:00:00', 1), mtime: '2026-03-10T00:00:00Z' },
      'b.log': { text: `${l('Feb 28 23:00:00', 1)}\n${l('Feb 29 01:00:00', 2)}\n${l('Mar  1 00:00:00', 3)}`, mtime: '2024-03-01T00:00:05Z' },
    })
    expect(out['a.log']).toEqual(['2026-03-10T12:00:00.000Z'])
    expect(out['b.log']).toEqual(['2024-02-28T23:00:00.000Z', '2024-02-29T01:00:00.000Z', '2024-03-01T00:00:00.000Z'])
  })

  it('interprets zone-less times in the given zone (DST aware) and stores UTC', async () => {
    const text = `${l('Jan 15 12:00:00', 1)}\n${l('Jul 15 12:00:00', 2)}`
    const ny = await parseWithMtime({ 'auth.log': { text, mtime: '2026-08-01T00:00:00Z' } }, 'America/New_York')
    expect(ny['auth.log']).toEqual(['2026-01-15T17:00:00.000Z', '2026-07-15T16:00:00.000Z'])
    const tokyo = await parseWithMtime({ 'auth.log': { text, mtime: '2026-08-01T00:00:00Z' } }, 'Asia/Tokyo')
    expect(tokyo['auth.log']).toEqual(['2026-01-15T03:00:00.000Z', '2026-07-15T03:00:00.000Z'])
  })

  it('keeps explicit years and offsets as written (ISO 8601, RFC 5424)', async () => {
    const text = [
      '2025-06-01T10:00:00.123456+02:00 web-01 sshd[1]: Server listening on 0.0.0.0 port 22.',
      '<13>1 2025-06-01T08:00:01Z web-01 sshd 2 - - Server listening on :: port 22.',
      '2025-06-01 10:00:02 web-01 sshd[3]: Server listening on :: port 22.',
    ].join('\n')
    const out = await parseWithMtime({ 'auth.log': { text, mtime: '2026-08-01T00:00:00Z' } }, 'Europe/Paris')
    expect(out['auth.log']).toEqual(['2025-06-01T08:00:00.123Z', '2025-06-01T08:00:01.000Z', '2025-06-01T08:00:02.000Z'])
  })

  it('streaming (two passes, nothing retained) gives the same years as the one-pass fix-up', async () => {
    const text = [l('Dec 30 23:59:58', 1), 'no header here', l('Dec 31 23:59:59', 2), l('Jan  1 00:00:01', 3), l('Jan  2 10:00:00', 4)].join('\n')
    const root = tempDir()
    const abs = path.join(root, 'auth.log')
    writeFileSync(abs, text)
    utimesSync(abs, new Date('2026-01-02T10:00:05Z'), new Date('2026-01-02T10:00:05Z'))
    const { files } = await discoverFiles(root)
    const whole = await parseFile(files[0], { timeZone: 'UTC' })
    const streamed: string[] = []
    const r = await parseFile(files[0], { timeZone: 'UTC', onEvents: (evs) => streamed.push(...evs.map((e) => iso(e.ts))) })
    expect(r.events).toEqual([])
    expect(streamed).toEqual(whole.events.map((e) => iso(e.ts)))
    expect(streamed).toEqual(['2025-12-30T23:59:58.000Z', '2025-12-30T23:59:58.000Z', '2025-12-31T23:59:59.000Z', '2026-01-01T00:00:01.000Z', '2026-01-02T10:00:00.000Z'])
  })

  it('live lines: the reference time anchors the year', () => {
    const evs = parseLines([l('Dec 31 23:59:59', 1), l('Jan  1 00:00:01', 2)], {
      format: 'auth',
      relPath: 'auth.log',
      hostHint: 'h',
      firstLine: 41,
      referenceMs: Date.UTC(2026, 0, 1, 0, 0, 2),
      timeZone: 'UTC',
    })
    expect(evs.map((e) => [e.source_line, iso(e.ts)])).toEqual([
      [41, '2025-12-31T23:59:59.000Z'],
      [42, '2026-01-01T00:00:01.000Z'],
    ])
  })
})
