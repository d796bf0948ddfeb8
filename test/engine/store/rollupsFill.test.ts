/**
 * The refill after a bulk load counts the facets with one GROUP BY per facet (rollups.ts,
 * REFILL_ROLLUPS); it must give the totals of the shipped migration's cross join of every finding
 * with every facet and floor (FILL_ROLLUPS), row for row, for any findings (property).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FILL_ROLLUPS, REFILL_ROLLUPS } from '../../../src/engine/store/rollups'
import { Store } from '../../../src/engine/store/Store'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'
import { dbOf, totals } from './rollupTotals'

const finding = fc.record({
  user: fc.constantFrom('root', 'alice', '', null),
  src_ip: fc.constantFrom('203.0.113.7', '198.51.100.4', '', null),
  host: fc.constantFrom('web1', 'db1', ''),
  minute: fc.integer({ min: 0, max: 180 }),
  score: fc.constantFrom(0.1, 0.3, 0.5, 0.7, 0.9, 0.99),
  threat: fc.constantFrom('brute_force', 'persistence', 'none'),
  mitre: fc.constantFrom<string[]>([], ['T1110.001'], ['T1110.001', 'T1078']),
  reasons: fc.constantFrom<string[]>([], ['5 failed passwords'], ["a 'quoted' reason", 'second']),
})

describe('rollups refill', () => {
  it('equals the cross join of findings, facets and floors, row for row (property)', () => {
    fc.assert(
      fc.property(fc.array(finding, { minLength: 1, maxLength: 60 }), (rows) => {
        const store = Store.open(':memory:')
        try {
          expect(store.beginBulkLoad()).toBe(true)
          const sourceId = store.addSource('/logs', 0)
          const keyed = rows.map((r, i) => ({
            key: `k${i}`,
            event: makeEvent({ ts: Date.UTC(2025, 2, 1) + r.minute * 60_000, source_line: i + 1, user: r.user, src_ip: r.src_ip, host: r.host }),
          }))
          const ids = store.commitFile({ ...TEST_FILE, sourceId }, keyed).inserted.map((x) => x.id)
          store.writeScoreList(ids, rows.map((r) => makeScore(r.score, { threat_type: r.threat, mitre_techniques: r.mitre, reasons: r.reasons })), '18.1', null, true)
          store.finishBulkLoad(false)
          const db = dbOf(store)
          db.exec(REFILL_ROLLUPS)
          const refilled = totals(store)
          db.exec(`DELETE FROM rollup_minutes; DELETE FROM rollup_hours; DELETE FROM rollup_scores; DELETE FROM rollup_facets; ${FILL_ROLLUPS}`)
          expect(refilled).toEqual(totals(store))
          // Findings are counted at every floor up to their severity.
          const findings = rows.filter((r) => makeScore(r.score).severity !== 'NONE').length
          const threatRows = refilled.rollup_facets as { facet: string; rank: number; n: number }[]
          expect(threatRows.filter((t) => t.facet === 'threat' && t.rank === 1).reduce((s, t) => s + t.n, 0)).toBe(findings)
        } finally {
          store.close()
        }
      }),
      { numRuns: 60, seed: 12 },
    )
  })
})
