/**
 * End to end on real files with the real parsers and detectors: a folder with today's auth.log, a
 * gzipped rotation overlapping it, JSON lines in ECS and flat shapes, and last week as baseline.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/engine/api/createEngine'
import type { Engine } from '../../src/engine/api/Engine'
import { severityRank, type Finding } from '../../src/shared/finding'
import type { ScanSummary } from '../../src/shared/sources'
import { FIXTURES, fixtureEventCount, makeIntegrationFolder, previousWeekAuth } from './fixtureFolder'

const atLeast = (f: Finding, s: 'MEDIUM' | 'HIGH'): boolean => severityRank(f.severity) >= severityRank(s)

describe('scan of the integration folder', () => {
  let dir: string
  let engine: Engine
  let summary: ScanSummary
  let all: Finding[]

  beforeAll(async () => {
    dir = makeIntegrationFolder()
    engine = createEngine({ analyze: { seed: 42 }, parse: { timeZone: 'UTC' } })
    const scanned = await engine.scan([dir])
    if (!scanned.ok) throw new Error(scanned.error.message)
    summary = scanned.value
    all = engine.findings('NONE')
  })
  afterAll(async () => {
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('reads every file, stores each line once and counts the unparsed one', () => {
    expect(summary).toMatchObject({ files: 4, hosts: 2, events: fixtureEventCount(), unparsed: 1, problems: [] })
    expect(engine.sources().map((s) => [s.path, s.format, s.status])).toEqual([
      ['app.jsonl', 'json', 'scanned'],
      ['app.jsonl.1', 'json', 'scanned'],
      ['auth.log', 'auth', 'scanned'],
      ['auth.log.1.gz', 'auth', 'scanned'],
    ])
    const firstLine = readFileSync(join(FIXTURES, 'auth.log'), 'utf8').split('\n')[0]
    expect(all.filter((f) => f.raw === firstLine).map((f) => f.source_file)).toEqual(['auth.log'])
    expect(all.filter((f) => f.source_file === 'auth.log.1.gz')).toHaveLength(previousWeekAuth().length)
    const other = all.filter((f) => f.event === 'other')
    expect(other.map((f) => [f.source_file, f.source_line, f.program])).toEqual([['auth.log', 89, 'kernel']])
  })

  it('normalises syslog, gzip and JSON (ECS and flat aliases) into the same fields', () => {
    const burst = all.find((f) => f.source_file === 'auth.log' && f.source_line === 1)
    expect(burst).toMatchObject({
      ts: Date.UTC(2025, 2, 1, 3, 12, 0),
      host: 'web1',
      program: 'sshd',
      pid: 2111,
      event: 'auth_failure',
      outcome: 'failure',
      user: 'root',
      src_ip: '185.220.101.47',
      src_port: 50000,
      auth_method: 'password',
    })
    const ecs = all.find((f) => f.source_file === 'app.jsonl.1' && f.source_line === 1)
    expect(ecs).toMatchObject({ ts: Date.UTC(2025, 1, 22, 8, 10), host: 'db1', event: 'auth_success', outcome: 'success', user: 'dave', src_ip: '10.0.1.8' })
    const flat = all.find((f) => f.source_file === 'app.jsonl' && f.source_line === 1)
    expect(flat).toMatchObject({ host: 'db1', event: 'auth_failure', outcome: 'failure', user: 'dave', src_ip: '198.51.100.23' })
    const gz = all.find((f) => f.source_file === 'auth.log.1.gz' && f.source_line === 1)
    expect(gz).toMatchObject({ host: 'web1', event: 'auth_success', user: 'alice', auth_method: 'publickey' })
  })

  it('flags the brute-force burst HIGH as T1110.001', () => {
    const burst = all.filter((f) => f.src_ip === '185.220.101.47')
    expect(burst).toHaveLength(48)
    for (const f of burst) {
      expect(f.threat_type).toBe('brute_force')
      expect(atLeast(f, 'HIGH')).toBe(true)
      expect(f.mitre_techniques).toEqual(['T1110.001'])
      expect(f.mitre_tactics).toEqual(['Credential Access'])
      expect(f.attack_version).toBe('18.1')
      expect(f.reasons[0]).toMatch(/failed logins from 185\.220\.101\.47/)
    }
  })

  it('flags the password spray and the sudo denial at MEDIUM or above', () => {
    const spray = all.filter((f) => f.src_ip === '198.51.100.23')
    expect(spray).toHaveLength(6)
    for (const f of spray) {
      expect(f.threat_type).toBe('password_spraying')
      expect(atLeast(f, 'MEDIUM')).toBe(true)
      expect(f.mitre_techniques).toEqual(['T1110.003'])
    }
    const denial = all.filter((f) => f.event === 'sudo_denied')
    expect(denial).toHaveLength(1)
    expect(denial[0]).toMatchObject({ user: 'mallory', target_user: 'root', command: '/bin/bash', threat_type: 'privilege_escalation' })
    expect(atLeast(denial[0], 'MEDIUM')).toBe(true)
    expect(denial[0].mitre_techniques).toContain('T1548.003')
  })

  it('leaves routine work alone', () => {
    const routine = all.filter((f) => ['alice', 'bob', 'carol', 'dave', 'erin'].includes(f.user ?? '') && f.outcome === 'success')
    expect(routine.length).toBeGreaterThan(900)
    expect(routine.filter((f) => atLeast(f, 'MEDIUM'))).toEqual([])
    expect(summary.findings.CRITICAL + summary.findings.HIGH).toBe(48)
  })

  it('exports hostile user names as inert text', () => {
    const hostile = all.filter((f) => f.src_ip === '203.0.113.9').sort((a, b) => a.ts - b.ts)
    expect(hostile.map((f) => f.user)).toEqual(['=HYPERLINK("http://x","y")', '<img src=x onerror=alert(1)>'])
    const { csv, rows } = engine.exportCsv(hostile.map((f) => f.id))
    expect(rows).toBe(2)
    const [header, ...cells] = parse(csv) as string[][]
    const col = (name: string): number => header.indexOf(name)
    expect(cells.map((r) => r[col('user')])).toEqual([`'=HYPERLINK("http://x","y")`, '<img src=x onerror=alert(1)>'])
    expect(cells.map((r) => r[col('raw')])).toEqual(hostile.map((f) => f.raw))
    for (const row of cells) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
  })

  it('scores the same input the same way', async () => {
    const again = createEngine({ analyze: { seed: 42 }, parse: { timeZone: 'UTC' } })
    try {
      await again.scan([dir])
      const key = (f: Finding): string => `${f.source_file}:${f.source_line}`
      const before = new Map(all.map((f) => [key(f), [f.score, f.severity, f.threat_type]]))
      const after = again.findings('NONE')
      expect(after).toHaveLength(all.length)
      for (const f of after) expect([f.score, f.severity, f.threat_type]).toEqual(before.get(key(f)))
    } finally {
      await again.close()
    }
  })

  it('tails a CSV log with its header and a syslog file with the stored model', async () => {
    const live = mkdtempSync(join(tmpdir(), 'vigil-live-'))
    const watching = createEngine({ analyze: { seed: 42 }, parse: { timeZone: 'UTC' }, watch: true, log: () => undefined })
    try {
      writeFileSync(join(live, 'vpn.csv'), 'time,user,src_ip,action\n2025-03-01T10:00:00Z,alice,10.0.0.5,login\n')
      writeFileSync(join(live, 'auth.log'), readFileSync(join(FIXTURES, 'auth.log')))
      await watching.scan([live])
      const seen = (user: string): Promise<Finding> =>
        new Promise((resolve) => {
          const off = watching.onScored((fs) => {
            const f = fs.find((x) => x.user === user)
            if (f) {
              off()
              resolve(f)
            }
          })
        })
      const csvRow = seen('bob')
      appendFileSync(join(live, 'vpn.csv'), '2025-03-01T10:05:00Z,bob,10.0.0.6,login\n')
      expect(await csvRow).toMatchObject({ source_file: 'vpn.csv', source_line: 3, ts: Date.UTC(2025, 2, 1, 10, 5), src_ip: '10.0.0.6' })
      const denial = seen('trudy')
      appendFileSync(join(live, 'auth.log'), '2025-03-01T19:00:00.000000+00:00 web1 sudo:   trudy : user NOT in sudoers ; TTY=pts/2 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh\n')
      expect(await denial).toMatchObject({ source_line: 163, event: 'sudo_denied', threat_type: 'privilege_escalation' })
    } finally {
      await watching.close()
      rmSync(live, { recursive: true, force: true })
    }
  })
})
