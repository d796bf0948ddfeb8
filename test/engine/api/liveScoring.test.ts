/**
 * Live batches are scored with a history kept in memory and pushed as findings built in memory:
 * what is pushed must be exactly what the store holds, triage state included.
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Finding } from '../../../src/shared/finding'
import { authLine, lines, waitUntil, watchFixture } from './watchHelpers'

const fx = watchFixture()
afterEach(() => fx.cleanup())

const text = (ls: readonly string[]): string => ls.map((l) => `${l}\n`).join('')

describe('live scoring', () => {
  it('pushes findings equal to the stored ones, batch after batch', async () => {
    const dir = fx.tmp()
    const log = join(dir, 'auth.log')
    writeFileSync(log, text(lines(20)))
    const engine = fx.engine()
    await engine.open(dir)
    const pushed: Finding[] = []
    engine.onScored((fs) => pushed.push(...fs))
    // Triage elsewhere in the store must not leak onto fresh events.
    const first = engine.store.findingsByIds([1])[0]
    engine.triage(first.id, { status: 'investigating', note: 'looked at' })
    for (let round = 0; round < 3; round++) {
      const batch = Array.from({ length: 5 }, (_, i) => authLine(`u${round}_${i}`, 10 + i))
      appendFileSync(log, text(batch))
      await waitUntil(() => pushed.length >= 5 * (round + 1), `round ${round} to be scored`)
      await engine.idle()
    }
    expect(pushed).toHaveLength(15)
    const stored = engine.store.findingsByIds(pushed.map((f) => f.id))
    expect(pushed).toStrictEqual(stored)
    expect(pushed.every((f) => f.status === 'new' && f.attack_version !== '')).toBe(true)
  })
})
