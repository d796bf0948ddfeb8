/**
 * sshd writes word-for-word identical lines when one connection fails twice within a second (same
 * time, pid, port and text). Each is an event: none may be taken for an overlapping rotated copy,
 * on a first read, a tail, a restart or a live append — while real overlaps still collapse.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { waitUntil, watchFixture } from './watchHelpers'

const fx = watchFixture()
afterEach(() => fx.cleanup())

const failure = (sec: number): string =>
  `2025-03-01T10:00:${String(sec).padStart(2, '0')}.000000+00:00 web1 sshd[4242]: Failed password for root from 203.0.113.7 port 50000 ssh2`
const text = (ls: readonly string[]): string => ls.map((l) => `${l}\n`).join('')

describe('identical lines', () => {
  it('a scan stores every repeat of an identical line', async () => {
    const dir = fx.tmp()
    writeFileSync(join(dir, 'auth.log'), text([failure(1), failure(1), failure(1), failure(2)]))
    const engine = fx.engine({ watch: undefined })
    await engine.scan([dir])
    expect(engine.store.eventCount()).toBe(4)
    expect(engine.findings('NONE').map((f) => f.source_line).sort()).toEqual([1, 2, 3, 4])
  })

  it('overlapping rotated copies still collapse, repeats included', async () => {
    const dir = fx.tmp()
    mkdirSync(join(dir, 'web1'))
    const content = text([failure(1), failure(1), failure(2), failure(3)])
    writeFileSync(join(dir, 'web1', 'auth.log.1'), content)
    writeFileSync(join(dir, 'web1', 'auth.log.2.gz'), gzipSync(content))
    const engine = fx.engine({ watch: undefined })
    await engine.scan([dir])
    expect(engine.store.eventCount()).toBe(4)
  })

  it('a repeat appended while watching, and one after a restart, are stored', async () => {
    const dir = fx.tmp()
    const dbPath = join(fx.tmp(), 'vigil.db')
    const log = join(dir, 'auth.log')
    writeFileSync(log, text([failure(1), failure(1)]))
    const first = fx.engine({ dbPath })
    await first.open(dir)
    expect(first.store.eventCount()).toBe(2)
    appendFileSync(log, text([failure(1)]))
    await waitUntil(() => first.store.eventCount() === 3, () => `3 events, have ${first.store.eventCount()}`)
    await first.close()

    appendFileSync(log, text([failure(1), failure(2)]))
    const second = fx.engine({ dbPath })
    await second.open(dir)
    await second.idle()
    expect(second.store.eventCount()).toBe(5)
    expect(second.findings('NONE').map((f) => f.source_line).sort()).toEqual([1, 2, 3, 4, 5])
  })
})
