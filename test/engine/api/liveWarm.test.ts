/**
 * After a scan, the engine readies live scoring in its queue (history read, detectors restored),
 * so the first appended line reads nothing back from the store and is scored as any later line.
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Finding } from '../../../src/shared/finding'
import { authLine, lines, waitUntil, watchFixture } from './watchHelpers'

const fx = watchFixture()
afterEach(() => fx.cleanup())

describe('live scoring readied after a scan', () => {
  it('the first appended line reads no history from the store', async () => {
    const dir = fx.tmp()
    const log = join(dir, 'auth.log')
    writeFileSync(log, lines(40).map((l) => `${l}\n`).join(''))
    const engine = fx.engine()
    expect((await engine.open(dir)).ok).toBe(true)
    await engine.idle()
    const reads = vi.spyOn(engine.store, 'recentEvents')
    const scored: Finding[] = []
    engine.onScored((fs) => scored.push(...fs))
    const line = authLine('mallory', 59)
    appendFileSync(log, `${line}\n`)
    await waitUntil(() => scored.some((f) => f.raw === line), 'the appended line scored')
    expect(reads).not.toHaveBeenCalled()
    expect(engine.store.eventCount()).toBe(41)
  })
})
