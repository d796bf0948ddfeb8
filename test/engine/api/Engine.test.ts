import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine, type EngineOptions } from '../../../src/engine/api/Engine'
import type { EventPayloads } from '../../../src/shared/api'
import { fakePipeline, type FakeCalls } from './fakePipeline'

const line = (sec: number, user: string, host = 'web1', ip = '10.0.0.1'): string =>
  `2025-03-01T12:00:${String(sec).padStart(2, '0')}Z ${host} auth_failure ${user} ${ip}\n`

describe('Engine (fake pipeline)', () => {
  const engines: Engine[] = []
  const dirs: string[] = []
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'vigil-engine-'))
    dirs.push(d)
    return d
  }
  const make = (over: Partial<EngineOptions> = {}, calls?: FakeCalls): Engine => {
    const e = new Engine({ pipeline: fakePipeline(calls), log: () => undefined, ...over })
    engines.push(e)
    return e
  }
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('opens a folder: stores, scores, summarises and pushes findings', async () => {
    const dir = tmp()
    mkdirSync(join(dir, 'web1'))
    writeFileSync(join(dir, 'web1', 'auth.log'), line(1, 'alice') + line(2, 'bad1') + 'garbage line\n')
    writeFileSync(join(dir, 'db.json'), line(3, 'bad2', 'db1', '10.0.0.2'))
    writeFileSync(join(dir, 'notes.txt'), 'not a log\n')
    const engine = make()
    const pushed: EventPayloads['findings.added'][] = []
    const phases: string[] = []
    engine.on('findings.added', (p) => pushed.push(p))
    engine.on('ingest.progress', (p) => phases.push(p.phase))
    const opened = await engine.open(dir)
    expect(opened.ok).toBe(true)
    const summary = engine.summary()
    expect(summary).toMatchObject({ roots: [dir], files: 2, hosts: 3, events: 4, unparsed: 1, findings: { HIGH: 2 }, threats: { brute_force: 2 } })
    expect(summary.topUsers).toEqual([['bad1', 1], ['bad2', 1]])
    // A signal: how many findings, the strongest; the rows are the grid's to query.
    expect(pushed).toEqual([{ count: 2, highestSeverity: 'HIGH' }])
    expect(phases[0]).toBe('discover')
    expect(phases.at(-1)).toBe('done')
    expect(engine.findings('LOW').map((f) => f.user)).toEqual(['bad1', 'bad2'])
    expect(engine.findings('NONE')).toHaveLength(4)
    expect(engine.sources().map((s) => [s.path, s.lines, s.events, s.status])).toEqual([
      ['db.json', 1, 1, 'scanned'],
      ['web1/auth.log', 3, 3, 'scanned'],
    ])
    expect(engine.appInfo()).toMatchObject({ attackVersion: '18.1', roots: [dir] })
  })

  it('reports a missing path as not_found and stores nothing', async () => {
    const engine = make()
    const opened = await engine.open(join(tmp(), 'nope'))
    expect(opened).toEqual({ ok: false, error: { code: 'not_found', message: expect.stringContaining('no such file or folder') } })
    expect(engine.summary().files).toBe(0)
  })

  it('is incremental with a database file: reads only new bytes, and triage survives the rescan', async () => {
    const dir = tmp()
    const db = join(tmp(), 'vigil.sqlite')
    const log = join(dir, 'auth.log')
    writeFileSync(log, line(1, 'bad1') + line(2, 'alice'))
    const calls: FakeCalls = { analyze: 0, scoreNew: 0 }
    const first = make({ dbPath: db }, calls)
    await first.open(dir)
    const id = first.findings('LOW')[0].id
    expect(first.triage(id, { status: 'escalated', note: 'INC-1' })?.status).toBe('escalated')
    await first.close()

    appendFileSync(log, line(3, 'bad3'))
    const second = make({ dbPath: db }, calls)
    await second.open(dir)
    expect(calls.analyze).toBe(2)
    expect(second.sources()[0]).toMatchObject({ lines: 3, events: 3 })
    expect(second.findings('LOW').map((f) => [f.user, f.source_line, f.status, f.note])).toEqual([
      ['bad1', 1, 'escalated', 'INC-1'],
      ['bad3', 3, 'new', ''],
    ])
    // Nothing new: nothing is read or analysed again.
    await second.open(dir)
    expect(calls.analyze).toBe(2)
    expect(second.summary().events).toBe(3)
  })

  it('restores the roots of the last session from the store', async () => {
    const dir = tmp()
    const db = join(tmp(), 'vigil.sqlite')
    writeFileSync(join(dir, 'auth.log'), line(1, 'bad1'))
    const calls: FakeCalls = { analyze: 0, scoreNew: 0 }
    const first = make({ dbPath: db }, calls)
    await first.open(dir)
    await first.open(join(dir, 'auth.log'))
    await first.close()
    const second = make({ dbPath: db }, calls)
    expect(await second.restore()).toEqual([])
    expect(second.openRoots()).toEqual([dir, join(dir, 'auth.log')])
    expect(calls.analyze).toBe(1)
    rmSync(dir, { recursive: true })
    const third = make({ dbPath: db }, calls)
    expect((await third.restore()).map((p) => p.code)).toEqual(['not_found', 'not_found'])
  })

  it('drops events already stored from an overlapping rotated copy', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'auth.log.1'), line(1, 'bad1') + line(2, 'bob'))
    writeFileSync(join(dir, 'auth.log'), line(2, 'bob') + line(3, 'carol'))
    const engine = make()
    await engine.open(dir)
    expect(engine.summary().events).toBe(3)
    expect(engine.sources().map((s) => s.events)).toEqual([2, 2])
  })

  it('exports the given ids in order with the contract header', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'auth.log'), line(1, 'bad1') + line(2, '=HYPERLINK("http://x","y")'))
    const engine = make()
    await engine.open(dir)
    const all = engine.findings('NONE')
    const out = engine.exportCsv([all[1].id, all[0].id, 999])
    expect(out.rows).toBe(2)
    expect(out.filename).toBe('anomalies.csv')
    const lines = out.csv.split('\r\n')
    expect(lines[0].startsWith('timestamp,host,source_file,source_line,event,outcome,user,')).toBe(true)
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(lines[2]).toContain(',bad1,')
  })

  it('gives a finding with its techniques and surrounding lines', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'auth.log'), [1, 2, 3, 4].map((s) => line(s, s === 3 ? 'bad' : 'ok')).join(''))
    const engine = make()
    await engine.open(dir)
    const f = engine.findings('LOW')[0]
    const detail = engine.detail(f.id)
    expect(detail?.techniques[0]).toMatchObject({ id: 'T1110.001', tactics: ['Credential Access'] })
    expect(detail?.context.map((c) => c.source_line)).toEqual([1, 2, 3, 4])
    expect(engine.detail(12345)).toBeUndefined()
  })

  it('watches: an appended line is stored, scored with the model and pushed', async () => {
    const dir = tmp()
    const log = join(dir, 'auth.log')
    writeFileSync(log, line(1, 'alice'))
    const calls: FakeCalls = { analyze: 0, scoreNew: 0 }
    const engine = make({ watch: true }, calls)
    await engine.open(dir)
    // The scan trained once; live scoring is readied after it (a warm-up scoring of a stored line).
    await engine.idle()
    expect(calls.analyze).toBe(1)
    const beforeLive = { ...calls }
    expect(engine.sources()[0].status).toBe('watching')
    const added = new Promise<EventPayloads['findings.added']>((res) => engine.on('findings.added', res))
    appendFileSync(log, line(2, 'badlive'))
    expect(await added).toEqual({ count: 1, highestSeverity: 'HIGH' })
    expect(engine.findings('LOW').map((f) => [f.user, f.source_line, f.severity])).toEqual([['badlive', 2, 'HIGH']])
    // One live batch, scored with the model: no retraining.
    expect(calls).toEqual({ analyze: beforeLive.analyze, scoreNew: beforeLive.scoreNew + 1 })

    const fromNewFile = new Promise<EventPayloads['findings.added']>((res) => engine.on('findings.added', res))
    writeFileSync(join(dir, 'secure'), line(3, 'badnew', 'db2'))
    expect(await fromNewFile).toEqual({ count: 1, highestSeverity: 'HIGH' })
    expect(engine.findings('LOW').find((f) => f.user === 'badnew')).toMatchObject({ source_file: 'secure', host: 'db2' })
    await engine.idle()
    expect(engine.summary().events).toBe(3)
  })

  it('watches through copytruncate and rename + create without losing or duplicating lines', async () => {
    const dir = tmp()
    const log = join(dir, 'auth.log')
    writeFileSync(log, line(1, 'alice') + line(2, 'bob'))
    const engine = make({ watch: true })
    await engine.open(dir)
    const seen = (user: string): Promise<void> =>
      new Promise((res) => {
        const off = engine.on('findings.added', () => {
          if (engine.findings('LOW').some((f) => f.user === user)) {
            off()
            res()
          }
        })
      })

    // copytruncate: the file shrinks and starts again; its lines are new content.
    let next = seen('bad-after-truncate')
    writeFileSync(log, line(10, 'bad-after-truncate'))
    await next
    await engine.idle()
    expect(engine.summary().events).toBe(3)
    expect(engine.findings('LOW').map((f) => [f.user, f.source_line])).toEqual([['bad-after-truncate', 1]])

    // rename + create: the renamed file holds only lines already stored.
    next = seen('bad-after-rotate')
    renameSync(log, join(dir, 'auth.log.1'))
    writeFileSync(log, line(20, 'bad-after-rotate'))
    await next
    await engine.idle()
    expect(engine.summary().events).toBe(4)
  })
})

