import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/engine/api/createEngine'
import { SourceSettingsReader } from '../../../src/engine/ingest/sourceSettings'
import { useTempDir } from './tempDir'

const tempDir = useTempDir()

describe('folder settings (.vigil.json)', () => {
  it('merges settings from the root down, the deeper folder winning key by key', async () => {
    const root = tempDir()
    mkdirSync(path.join(root, 'berlin/web-01'), { recursive: true })
    writeFileSync(path.join(root, '.vigil.json'), JSON.stringify({ timeZone: 'UTC', collectedAt: '2026-03-30T00:00:00Z' }))
    writeFileSync(path.join(root, 'berlin/.vigil.json'), JSON.stringify({ timeZone: 'Europe/Berlin' }))
    const reader = new SourceSettingsReader(root)
    expect(await reader.forFile(path.join(root, 'auth.log'))).toEqual({ timeZone: 'UTC', collectedAtMs: Date.UTC(2026, 2, 30) })
    expect(await reader.forFile(path.join(root, 'berlin/web-01/auth.log'))).toEqual({ timeZone: 'Europe/Berlin', collectedAtMs: Date.UTC(2026, 2, 30) })
    expect(reader.takeProblems()).toEqual([])
  })

  it('names an invalid settings file with the reason and ignores it', async () => {
    const root = tempDir()
    mkdirSync(path.join(root, 'a'))
    mkdirSync(path.join(root, 'b'))
    mkdirSync(path.join(root, 'c'))
    writeFileSync(path.join(root, 'a/.vigil.json'), JSON.stringify({ timeZone: 'Mars/Olympus' }))
    writeFileSync(path.join(root, 'b/.vigil.json'), '{ not json')
    writeFileSync(path.join(root, 'c/.vigil.json'), JSON.stringify({ timezone: 'UTC' }))
    const reader = new SourceSettingsReader(root)
    for (const d of ['a', 'b', 'c']) expect(await reader.forFile(path.join(root, d, 'auth.log'))).toEqual({})
    const messages = reader.takeProblems().map((p) => p.message)
    expect(messages).toHaveLength(3)
    expect(messages[0]).toMatch(/^a\/\.vigil\.json: "timeZone" not an IANA time zone/)
    expect(messages[1]).toBe('b/.vigil.json: not valid JSON, its settings are ignored')
    expect(messages[2]).toMatch(/^c\/\.vigil\.json: .*timezone.*; its settings are ignored$/)
    expect(reader.takeProblems()).toEqual([])
  })

  it('a scan reads zone-less, year-less lines in the folder zone, anchored at the collection time', async () => {
    const root = tempDir()
    const log = path.join(root, 'auth.log')
    writeFileSync(log, 'Dec 31 23:30:00 web-01 sshd[1]: Accepted password for alice from 10.0.0.5 port 50022 ssh2\n')
    // A copy's file time: months after the line, in another year.
    utimesSync(log, new Date('2027-06-01T00:00:00Z'), new Date('2027-06-01T00:00:00Z'))
    writeFileSync(path.join(root, '.vigil.json'), JSON.stringify({ timeZone: 'America/New_York', collectedAt: '2026-01-02T00:00:00Z' }))
    const engine = createEngine({ analyze: { seed: 1 }, parse: { timeZone: 'UTC' } })
    try {
      await engine.scan([root])
      const [event] = engine.findings('NONE')
      expect(new Date(event.ts).toISOString()).toBe('2026-01-01T04:30:00.000Z')
    } finally {
      await engine.close()
    }
  })
})
