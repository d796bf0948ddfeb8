/**
 * The pictures' running totals through the engine: after a first scan (a bulk load, totals filled
 * at its end), live batches (totals moved per batch), and closing folders (their counts taken off,
 * the rest rescored), every rollup table equals a fresh GROUP BY over the store, row for row.
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../src/engine/api/Engine'
import { generateDataset } from '../../../src/engine/generate/generateDataset'
import { dbOf, noTotals, totals, totalsAndFresh } from '../store/rollupTotals'
import { waitUntil, watchFixture } from './watchHelpers'

const fx = watchFixture()
afterEach(() => fx.cleanup())


/** `n` failed root logins from one address, a second apart from `sec` (a brute force once there are enough). */
const bruteForce = (n: number, sec: number): string =>
  Array.from({ length: n }, (_, i) => {
    const ts = new Date(Date.UTC(2025, 2, 1, 10, 0, 0) + (sec + i) * 1000).toISOString().replace('Z', '000+00:00')
    return `${ts} db1 sshd[${5000 + sec + i}]: Failed password for root from 203.0.113.66 port ${41_000 + sec + i} ssh2\n`
  }).join('')

function expectTotalsTrue(engine: Engine): void {
  const { running, fresh } = totalsAndFresh(engine.store)
  expect(running).toEqual(fresh)
  // Every event is counted once per minute total, whatever its severity.
  expect((dbOf(engine.store).prepare('SELECT SUM(n) AS n FROM rollup_minutes').get() as { n: number }).n).toBe(engine.store.eventCount())
}

describe('rollups through scan, live batches and closing folders', () => {
  it('equal a GROUP BY after each step', async () => {
    const a = fx.tmp()
    await generateDataset({ outDir: a, events: 1_500, seed: 7, hosts: 2, days: 2, labelsFile: '.labels.csv' })
    const b = fx.tmp()
    const bLog = join(b, 'auth.log')
    writeFileSync(bLog, 'Mar  1 09:59:00 db1 sshd[4000]: Accepted password for alice from 10.0.0.4 port 40000 ssh2\n')
    const engine = fx.engine()
    expect((await engine.scan([a, b])).ok).toBe(true)
    expectTotalsTrue(engine)
    const scanned = engine.store.eventCount()

    // Three live batches into folder B: 4, 8 and 12 failed logins from one address.
    let appended = 0
    for (const n of [4, 8, 12]) {
      appendFileSync(bLog, bruteForce(n, appended))
      appended += n
      await waitUntil(() => engine.store.eventCount() === scanned + appended, `${scanned + appended} events`)
      await engine.idle()
      expectTotalsTrue(engine)
    }
    // The live lines are in the findings' facets: the address counts at LOW and above as its findings do.
    const liveFindings = engine.findings('LOW').filter((f) => f.src_ip === '203.0.113.66').length
    expect(liveFindings).toBeGreaterThan(0)
    const facet = dbOf(engine.store).prepare("SELECT n FROM rollup_facets WHERE facet = 'src_ip' AND value = '203.0.113.66' AND rank = 1").get() as { n: number }
    expect(facet.n).toBe(liveFindings)

    const closedB = await engine.closeRoot(b)
    expect(closedB.ok && closedB.value.events).toBe(1 + appended)
    expectTotalsTrue(engine)
    expect(dbOf(engine.store).prepare("SELECT n FROM rollup_facets WHERE value = '203.0.113.66'").get()).toBeUndefined()

    await engine.closeRoot(a)
    expect(totals(engine.store)).toEqual(noTotals(engine.store))
  })
})
