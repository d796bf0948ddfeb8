/** Live scoring judges a line as a scan of the same events would: the model carries what its baseline vouches for. */
import { describe, expect, it } from 'vitest'
import { analyze, scoreNew } from '../../../src/engine/detect/analyze'
import { DAY, HOUR, MIN, T0, ev, normalWeek } from './fixtures'

const D8 = T0 + 8 * DAY
// alice logs in over SSH from a place; normalWeek's file reads put her in DE.
const placed = (ts: number, ip: string, country: string) =>
  ev({ ts, program: 'sshd', event: 'auth_success', outcome: 'success', user: 'alice', src_ip: ip, auth_method: 'publickey', country, lat: country === 'DE' ? 52.5 : -23.5, lon: country === 'DE' ? 13.4 : -46.6 })

describe('live scoring and the baseline', () => {
  it('a line appended live scores as the same line in a scan (the habit of logging in from the internet)', async () => {
    // alice logs in from home (a public address in DE) on two baseline days: a habit the baseline vouches for.
    const base = [...normalWeek(9), placed(T0 + 1 * DAY + 11 * HOUR, '192.0.2.40', 'DE'), placed(T0 + 3 * DAY + 11 * HOUR, '192.0.2.40', 'DE')]
    const line = placed(D8 + 5 * HOUR + 30 * MIN, '198.51.100.25', 'DE')
    const scan = await analyze([...base, line], { detectors: ['rules'] })
    const inScan = scan.scores[scan.scores.length - 1]

    const trained = await analyze(base, { detectors: ['rules'] })
    // Stored and read back as JSON, as the engine keeps it.
    const model = JSON.parse(JSON.stringify(trained.model)) as typeof trained.model
    expect(model.baseline.organisation?.publicLogins).toContainEqual(['alice', 'sshd'])
    const [live] = await scoreNew(model, base.slice(-200), [line])

    expect(inScan.severity).toBe('LOW')
    expect(live.severity).toBe(inScan.severity)
    expect(live.threat_type).toBe(inScan.threat_type)
    expect(live.reasons).toEqual(inScan.reasons)
    expect(live.reasons[0]).toBe("first login as alice from 198.51.100.25 (a new address in DE, a country it logs in from), at 05:30 UTC, outside alice's usual 09:00–16:00 (±2 h)")
  })

  it('a model stored before it kept the facts still scores (the line judged without them, as before)', async () => {
    const base = [...normalWeek(9), placed(T0 + 1 * DAY + 11 * HOUR, '192.0.2.40', 'DE'), placed(T0 + 3 * DAY + 11 * HOUR, '192.0.2.40', 'DE')]
    const trained = await analyze(base, { detectors: ['rules'] })
    const { organisation: _dropped, ...older } = trained.model.baseline
    const [live] = await scoreNew({ ...trained.model, baseline: older }, base.slice(-200), [placed(D8 + 5 * HOUR + 30 * MIN, '198.51.100.25', 'DE')])
    expect(live.severity).toBe('MEDIUM')
    expect(live.reasons[0]).toMatch(/, and alice never logged in from the internet before$/)
  })
})
