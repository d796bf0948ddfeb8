/**
 * Closing a folder of a case: its files, events, scores and triage leave the store, it is no longer
 * watched nor restored, and what remains is scored as a scan of the remaining folder alone would.
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../src/engine/api/Engine'
import { storedRaws, watchFixture } from '../api/watchHelpers'

const fx = watchFixture()
afterEach(() => fx.cleanup())

const sshd = (sec: number, host: string, what: string): string =>
  `2025-03-01T10:00:${String(sec).padStart(2, '0')}.000000+00:00 ${host} sshd[${4000 + sec}]: ${what}`
// Folder A: five failed logins for root from one address (hand-counted: 5 events).
const A_LINES = [1, 2, 3, 4, 5].map((s) => sshd(s, 'web1', `Failed password for root from 203.0.113.7 port ${50_000 + s} ssh2`))
// Folder B: three successful logins and one failure, another host (hand-counted: 4 events).
const B_LINES = [
  sshd(10, 'db1', 'Accepted password for alice from 10.0.0.4 port 40010 ssh2'),
  sshd(20, 'db1', 'Accepted password for alice from 10.0.0.4 port 40020 ssh2'),
  sshd(30, 'db1', 'Failed password for bob from 10.0.0.5 port 40030 ssh2'),
  sshd(40, 'db1', 'Accepted password for bob from 10.0.0.5 port 40040 ssh2'),
]
const text = (ls: readonly string[]): string => ls.map((l) => `${l}\n`).join('')

function folders(): { a: string; b: string } {
  const a = fx.tmp()
  const b = fx.tmp()
  writeFileSync(join(a, 'auth.log'), text(A_LINES))
  writeFileSync(join(b, 'auth.log'), text(B_LINES))
  return { a, b }
}

/** Score, severity and reasons of every stored event, by its raw line. */
const scoresByRaw = (engine: Engine): Map<string, unknown> =>
  new Map(engine.findings('NONE').map((f) => [f.raw, { score: f.score, severity: f.severity, reasons: f.reasons }]))

describe('closing a folder', () => {
  it('leaves exactly the other folder’s events, scored as a scan of that folder alone', async () => {
    const { a, b } = folders()
    const engine = fx.engine()
    expect((await engine.open(a)).ok).toBe(true)
    expect((await engine.open(b)).ok).toBe(true)
    expect(engine.store.eventCount()).toBe(9)
    const findings = engine.findings('NONE')
    const inA = findings.find((f) => f.raw === A_LINES[0])!
    const inB = findings.find((f) => f.raw === B_LINES[2])!
    engine.triage(inA.id, { status: 'escalated', note: 'brute force' })
    engine.triage(inB.id, { status: 'investigating', note: 'bob' })

    const closed = await engine.closeRoot(a)
    expect(closed.ok && { files: closed.value.files, events: closed.value.events }).toEqual({ files: 1, events: 5 })
    expect(closed.ok && closed.value.summary.roots).toEqual([b])

    expect(engine.store.eventCount()).toBe(4)
    expect(storedRaws(engine)).toEqual([...B_LINES].sort())
    expect(engine.sources().map((s) => s.root)).toEqual([b])
    expect(engine.openRoots()).toEqual([b])
    expect(engine.store.getSetting('openRoots')).toEqual([b])
    expect(engine.findings('NONE').find((f) => f.raw === B_LINES[2])).toMatchObject({ status: 'investigating', note: 'bob' })

    const alone = fx.engine({ watch: undefined })
    await alone.scan([b])
    expect(scoresByRaw(engine)).toEqual(scoresByRaw(alone))

    // No longer watched: a line appended to the closed folder is not read.
    appendFileSync(join(a, 'auth.log'), `${sshd(6, 'web1', 'Failed password for root from 203.0.113.7 port 50006 ssh2')}\n`)
    await new Promise((r) => setTimeout(r, 400))
    await engine.idle()
    expect(engine.store.eventCount()).toBe(4)

    // Its triage went with it: opened again, folder A's lines come back untriaged.
    await engine.open(a)
    expect(engine.store.eventCount()).toBe(10)
    expect(engine.findings('NONE').find((f) => f.raw === A_LINES[0])).toMatchObject({ status: 'new', note: '' })
  })

  it('closing the last folder empties the case; an unknown folder is not_found', async () => {
    const { a } = folders()
    const engine = fx.engine({ watch: undefined })
    await engine.open(a)
    const unknown = await engine.closeRoot(join(a, 'nope'))
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found')
    const closed = await engine.closeRoot(a)
    expect(closed.ok && closed.value.summary.roots).toEqual([])
    expect(engine.store.eventCount()).toBe(0)
    expect(engine.findings('NONE')).toEqual([])
    expect(engine.sources()).toEqual([])
  })
})
