/**
 * Live watching at the edges: a file that becomes unreadable (the real EACCES: as root, the test
 * drops its effective uid to 65534 around the engine's reads, as test/engine/ingest/permissions
 * does) and a folder of 1,000 files.
 */
import { appendFileSync, chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { authLine, lines, storedRaws, waitUntil, watchFixture } from './watchHelpers'

const fx = watchFixture()
afterEach(() => fx.cleanup())

const isRoot = process.getuid?.() === 0

/**
 * Runs `fn` with the whole test process (engine, watcher, reads) as uid 65534 when root (root
 * reads everything); as a normal user chmod alone is enough.
 */
async function asUnprivileged<T>(fn: () => Promise<T>): Promise<T> {
  if (!isRoot) return fn()
  process.seteuid!(65534)
  try {
    return await fn()
  } finally {
    process.seteuid!(0)
  }
}

describe('live watching at the edges', () => {
  it('a file made unreadable is reported with the reason, and read on once readable again', async () => {
    const dir = fx.tmp()
    const log = join(dir, 'auth.log')
    const first = lines(2)
    writeFileSync(log, first.map((l) => `${l}\n`).join(''), { mode: 0o644 })
    const engine = fx.engine()
    await engine.open(dir)
    chmodSync(log, 0o000)
    const blocked = authLine('blocked')
    appendFileSync(log, `${blocked}\n`) // root may still write it; the engine reads as nobody
    await asUnprivileged(() => waitUntil(() => engine.sources()[0].status === 'unreadable', () => JSON.stringify(engine.sources())))
    const src = engine.sources()[0]
    expect(src.message).toMatch(/auth\.log: permission denied — add your user to the 'adm' group/)
    expect(engine.summary().problems.map((p) => p.code)).toEqual(['unreadable'])
    chmodSync(log, 0o644)
    const after = authLine('after')
    appendFileSync(log, `${after}\n`)
    await waitUntil(() => engine.store.eventCount() === 4, () => `4 events, have ${engine.store.eventCount()}`)
    await engine.idle()
    expect(storedRaws(engine)).toEqual([...first, blocked, after].sort())
    expect(engine.sources()[0]).toMatchObject({ status: 'watching', lines: 4, message: null })
    expect(engine.summary().problems).toEqual([])
  })

  it('a change whose file event was lost is found by the periodic sweep', async () => {
    const dir = fx.tmp()
    const log = join(dir, 'auth.log')
    writeFileSync(log, `${authLine('first')}\n`)
    // A watcher that would only notice after a minute: the sweep (every 2 s) must find the append.
    const engine = fx.engine({ watch: { usePolling: true, pollIntervalMs: 60_000, settleMs: 20 } })
    await engine.open(dir)
    const missed = authLine('missed')
    const t0 = Date.now()
    appendFileSync(log, `${missed}\n`)
    await waitUntil(() => engine.store.eventCount() === 2, 'the swept line', 8_000)
    expect(Date.now() - t0).toBeLessThan(8_000)
    expect(storedRaws(engine)).toContain(missed)
  })

  it('1,000 files in one folder: all read, and appends to any of them picked up', async () => {
    const dir = fx.tmp()
    const n = 1_000
    for (let i = 0; i < n; i++) writeFileSync(join(dir, `host${String(i).padStart(4, '0')}.log`), `${authLine(`u${i}`)}\n`)
    const engine = fx.engine()
    const t0 = performance.now()
    await engine.open(dir)
    const openMs = performance.now() - t0
    expect(engine.store.eventCount()).toBe(n)
    expect(engine.sources().filter((s) => s.status === 'watching')).toHaveLength(n)
    // A seeded spread of files, each appended to once.
    const picked = new Set<number>()
    let x = 12345
    while (picked.size < 25) {
      x = (x * 1103515245 + 12345) % 2 ** 31
      picked.add(x % n)
    }
    const added: string[] = []
    for (const i of picked) {
      const l = authLine(`late${i}`)
      added.push(l)
      appendFileSync(join(dir, `host${String(i).padStart(4, '0')}.log`), `${l}\n`)
    }
    await waitUntil(() => engine.store.eventCount() === n + picked.size, () => `${n + picked.size} events, have ${engine.store.eventCount()}`)
    const raws = new Set(storedRaws(engine))
    expect(added.every((l) => raws.has(l))).toBe(true)
    expect(openMs).toBeLessThan(30_000)
  })
})
