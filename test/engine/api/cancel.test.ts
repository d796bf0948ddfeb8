/**
 * `ingest.cancel`: a scan stops after the file it is reading; what it stored stays (each file's
 * events with its offset, in one transaction), unscored, and the next open reads on from there and
 * scores everything: the store ends as one uninterrupted scan leaves it.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../src/engine/api/Engine'
import { dispatch } from '../../../src/engine/api/dispatch'
import { createHandlers } from '../../../src/engine/api/handlers'
import { fakePipeline, type FakeCalls } from './fakePipeline'

const line = (sec: number, user: string): string => `2025-03-01T12:00:${String(sec).padStart(2, '0')}Z web1 auth_failure ${user} 10.0.0.1\n`

describe('cancelling a scan', () => {
  const dirs: string[] = []
  const engines: Engine[] = []
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const folder = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cancel-'))
    dirs.push(dir)
    // Three files, read in name order: a.log (2 lines), b.log (3), c.log (1).
    writeFileSync(join(dir, 'a.log'), line(1, 'alice') + line(2, 'bad1'))
    writeFileSync(join(dir, 'b.log'), line(3, 'bob') + line(4, 'bad2') + line(5, 'carol'))
    writeFileSync(join(dir, 'c.log'), line(6, 'bad3'))
    return dir
  }
  const make = (calls?: FakeCalls): Engine => {
    const e = new Engine({ pipeline: fakePipeline(calls), log: () => undefined })
    engines.push(e)
    return e
  }

  it('stops after the file being read, keeps it stored and unscored, and the next open finishes the job', async () => {
    const dir = folder()
    const calls: FakeCalls = { analyze: 0, scoreNew: 0 }
    const engine = make(calls)
    const handlers = createHandlers(engine)
    expect(await handlers['ingest.cancel']({})).toEqual({ cancelled: false })
    let answered: unknown
    const off = engine.on('ingest.progress', (p) => {
      if (p.phase !== 'parse' || p.filesDone !== 1) return
      off()
      void handlers['ingest.cancel']({}).then((r) => (answered = r))
    })
    const first = await engine.scan([dir])
    expect(first.ok).toBe(true)
    expect(answered).toEqual({ cancelled: true })
    // a.log whole, with its offset; b.log and c.log not touched; nothing analysed or scored.
    expect(engine.sources().map((s) => [s.path, s.events, s.offset])).toEqual([['a.log', 2, statSync(join(dir, 'a.log')).size]])
    expect(engine.store.eventCount()).toBe(2)
    expect(engine.store.unscoredCount()).toBe(2)
    expect(calls.analyze).toBe(0)
    expect(engine.findings('LOW')).toEqual([])
    expect(engine.openRoots()).toEqual([])

    const second = await engine.scan([dir])
    expect(second.ok).toBe(true)
    expect(engine.store.eventCount()).toBe(6)
    expect(engine.store.unscoredCount()).toBe(0)
    const fresh = make()
    await fresh.scan([dir])
    const view = (e: Engine) => e.findings('NONE').map((f) => [f.source_file, f.source_line, f.user, f.score, f.severity])
    expect(view(engine)).toEqual(view(fresh))
    expect(view(engine).filter((f) => f[4] !== 'NONE').map((f) => f[2])).toEqual(['bad1', 'bad2', 'bad3'])
  })

  it('is a method of the API with strict params', async () => {
    const engine = make()
    const handlers = createHandlers(engine)
    const ok = await dispatch(handlers, { id: 1, method: 'ingest.cancel', params: {} })
    expect(ok).toEqual({ id: 1, ok: true, value: { cancelled: false } })
    const bad = await dispatch(handlers, { id: 2, method: 'ingest.cancel', params: { now: true } })
    expect(bad).toMatchObject({ id: 2, ok: false, error: { code: 'bad_request' } })
  })
})
