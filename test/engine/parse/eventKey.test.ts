import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { discoverFiles } from '../../../src/engine/ingest/discoverFiles'
import { eventKey, eventKeysOf } from '../../../src/engine/parse/eventKey'
import { parseFile } from '../../../src/engine/parse/parseFile'
import { useTempDir } from '../ingest/tempDir'

const tempDir = useTempDir()
const line = (i: number): string =>
  `Jan  5 ${String(Math.floor(i / 60) + 10).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 web-01 sshd[${2000 + (i % 7)}]: Failed password for root from 203.0.113.${i % 50} port ${40000 + i} ssh2`

describe('eventKey: dedup of overlapping rotated files', () => {
  it('gives the same keys to the same entries in auth.log.1 and auth.log.2.gz, different keys to different entries', async () => {
    const root = tempDir()
    mkdirSync(path.join(root, 'web-01'))
    const all = Array.from({ length: 100 }, (_, i) => line(i))
    // auth.log.2.gz holds lines 0-59; auth.log.1 (copied before rotation finished) holds 40-99.
    writeFileSync(path.join(root, 'web-01/auth.log.2.gz'), gzipSync(`${all.slice(0, 60).join('\n')}\n`))
    writeFileSync(path.join(root, 'web-01/auth.log.1'), `${all.slice(40).join('\n')}\n`)
    for (const f of ['auth.log.2.gz', 'auth.log.1']) utimesSync(path.join(root, 'web-01', f), new Date('2026-01-06T00:00:00Z'), new Date('2026-01-06T00:00:00Z'))
    const { files } = await discoverFiles(root)
    const keys = new Set<string>()
    let total = 0
    for (const f of files) {
      const parsed = await parseFile(f, { timeZone: 'UTC' })
      total += parsed.events.length
      for (const k of eventKeysOf(parsed.events)) keys.add(k)
    }
    expect(total).toBe(120)
    expect(keys.size).toBe(100) // 20 duplicates removed, nothing else merged
  })

  it('keeps the key format of stores written before (host, time, program, pid, 22 characters of the raw line\'s SHA-1)', () => {
    const e = { ts: 1767600000000, host: 'web-01', source_file: 'auth.log', source_line: 3, program: 'sshd', pid: 2001, event: 'other', outcome: 'unknown', user: null, target_user: null, src_ip: null, src_port: null, auth_method: null, command: null, bytes: null, country: null, lat: null, lon: null, raw: 'Jan  5 10:00:00 web-01 sshd[2001]: Failed password for root', count: 1 } as const
    // The digest as `printf %s "$raw" | sha1sum | xxd -r -p | basenc --base64url` gives it: a stored key must match a rescan's.
    expect(eventKey(e)).toBe('web-01\u00011767600000000\u0001sshd\u00012001\u0001v89hNF-WI9D6lWdp-MhBmX')
  })

  it('builds every key as stores written before hold it, whatever the host, time, program, pid and text', () => {
    const written = (e: { host: string; ts: number; program: string | null; pid: number | null; raw: string }): string =>
      `${e.host}\u0001${e.ts}\u0001${e.program ?? ''}\u0001${e.pid ?? ''}\u0001${createHash('sha1').update(e.raw).digest('base64url').slice(0, 22)}`
    const event = fc.record({
      host: fc.string({ maxLength: 12 }),
      ts: fc.oneof(fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.double()),
      program: fc.option(fc.string({ maxLength: 8 })),
      pid: fc.option(fc.oneof(fc.nat(), fc.double())),
      raw: fc.string({ unit: 'binary', maxLength: 200 }),
    })
    fc.assert(
      fc.property(event, (e) => {
        const full = { ...e, source_file: 'a', source_line: 1, event: 'other', outcome: 'unknown', user: null, target_user: null, src_ip: null, src_port: null, auth_method: null, command: null, bytes: null, country: null, lat: null, lon: null, count: 1 } as const
        expect(eventKey(full)).toBe(written(e))
      }),
      { numRuns: 500 },
    )
  })

  it('ignores file and line but not host, time, program, pid or text', () => {
    const base = { ts: 1, host: 'h', source_file: 'a', source_line: 1, program: 'sshd', pid: 1, event: 'other', outcome: 'unknown', user: null, target_user: null, src_ip: null, src_port: null, auth_method: null, command: null, bytes: null, country: null, lat: null, lon: null, raw: 'x', count: 1 } as const
    const k = eventKey(base)
    expect(eventKey({ ...base, source_file: 'b', source_line: 9 })).toBe(k)
    for (const change of [{ host: 'g' }, { ts: 2 }, { program: 'su' }, { pid: 2 }, { raw: 'y' }]) expect(eventKey({ ...base, ...change })).not.toBe(k)
  })

  it('keeps genuinely repeated identical lines within one file apart', () => {
    const ev = { ts: 1, host: 'h', source_file: 'a', source_line: 1, program: 'sshd', pid: 1, event: 'other', outcome: 'unknown', user: null, target_user: null, src_ip: null, src_port: null, auth_method: null, command: null, bytes: null, country: null, lat: null, lon: null, raw: 'x', count: 1 } as const
    const keys = eventKeysOf([ev, { ...ev, source_line: 2 }, { ...ev, raw: 'z' }])
    expect(new Set(keys).size).toBe(3)
    expect(keys[1]).toBe(`${keys[0]}#1`)
  })
})
