/** A forged or broken number in a log is a data error: reported, never an attack. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/engine/api/createEngine'

describe('values out of physical range', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-range-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('bytes: 1.2e29 in one record makes no data-exfiltration finding, and the summary names the data error', async () => {
    const t0 = Date.UTC(2026, 2, 2, 9, 0)
    // Two weeks of ordinary transfers by dave, then one record claiming 1.2e29 bytes.
    const records: Record<string, unknown>[] = []
    for (let i = 0; i < 14 * 24; i++) {
      records.push({ timestamp: new Date(t0 + i * 3_600_000).toISOString(), event_type: 'transfer', user: 'dave', src_ip: '10.0.0.7', bytes: 40_000 + (i % 5) * 1000 })
    }
    records.push({ timestamp: new Date(t0 + 14 * 24 * 3_600_000).toISOString(), event_type: 'transfer', user: 'dave', src_ip: '10.0.0.7', bytes: 1.2e29 })
    writeFileSync(join(dir, 'transfers.json'), JSON.stringify({ events: records }, null, 2))
    const engine = createEngine({ analyze: { seed: 42 }, parse: { timeZone: 'UTC' } })
    try {
      const scanned = await engine.scan([dir])
      if (!scanned.ok) throw new Error(scanned.error.message)
      expect(scanned.value.events).toBe(records.length)
      expect(scanned.value.threats.data_exfiltration ?? 0).toBe(0)
      expect(engine.store.findings('LOW').filter((f) => f.threat_type === 'data_exfiltration')).toEqual([])
      expect(scanned.value.problems).toEqual([
        {
          file: 'transfers.json',
          code: 'data_errors',
          message: `transfers.json: 1 value out of physical range, a data error kept in raw and not scored (first: bytes 1.2e+29 in record ${records.length})`,
        },
      ])
    } finally {
      await engine.close()
    }
  })
})
