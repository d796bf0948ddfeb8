import { describe, expect, it } from 'vitest'
import { baselineEnd, baselineEndOf, buildBaseline, usualHours } from '../../../src/engine/features/baseline'
import { bindBaseline } from '../../../src/engine/features/boundBaseline'
import { buildEventTable } from '../../../src/engine/features/eventTable'
import { extractFeatures, haversineKm } from '../../../src/engine/features/extract'
import { F, N_FEATURES } from '../../../src/engine/features/schema'
import { groupBy, windowDistinct, windowSum } from '../../../src/engine/features/windows'
import { DAY, HOUR, MIN, T0, ev, failed, invalid, login, normalWeek } from '../detect/fixtures'

function featuresOf(events: ReturnType<typeof normalWeek>, baselineDays = 7) {
  const t = buildEventTable(events)
  const end = baselineEnd(t.ts[0], t.ts[t.n - 1], baselineDays)
  const b = buildBaseline(t, end)
  const f = extractFeatures(t, bindBaseline(b, t), b.events)
  const row = (inputIndex: number) => {
    const i = t.order.indexOf(inputIndex)
    return (name: keyof typeof F) => f.X[i * N_FEATURES + F[name]]
  }
  return { t, b, f, row }
}

describe('windows', () => {
  it('sums and counts distinct values per entity over a sliding window', () => {
    const ts = Float64Array.from([0, 10, 20, 200, 210])
    const ids = Int32Array.from([0, 0, 1, 0, 0])
    const g = groupBy(ids, 2)
    const out = new Float64Array(5)
    windowSum(g, ts, Float64Array.from([1, 1, 1, 1, 1]), 100, out)
    expect(Array.from(out)).toEqual([1, 2, 1, 1, 2])
    windowDistinct(g, ts, Int32Array.from([5, 5, 6, 7, 8]), 250, out, new Uint32Array(10))
    expect(Array.from(out)).toEqual([1, 1, 1, 2, 3])
  })
})

describe('baseline', () => {
  it('uses the first 7 days, or 30 % of shorter captures', () => {
    expect(baselineEnd(0, 10 * DAY, 7)).toBe(7 * DAY)
    expect(baselineEnd(0, 2 * DAY, 7)).toBeCloseTo(0.6 * DAY)
  })

  it('is not emptied by a stray line a year older than the rest: its days count from the first event after the earliest 1 %', () => {
    const week = normalWeek()
    const stray = { ...week[0], ts: week[0].ts - 365 * DAY, raw: 'stray' }
    const t = buildEventTable([stray, ...week])
    const plain = buildEventTable(week)
    const inBaseline = (x: typeof t) => x.ts.filter((ts) => ts < baselineEndOf(x, 7)).length
    // The same baseline as without the stray line, plus the stray line itself.
    expect(inBaseline(t)).toBe(inBaseline(plain) + 1)
    expect(baselineEndOf(plain, 7)).toBe(baselineEnd(plain.ts[0], plain.ts[plain.n - 1], 7))
  })

  it('of a long capture is its first 7 days, not its first quarter (which would hold its second week\'s attacks)', () => {
    // 60 days, 100 events a day: 7 days are 700 of 6,000 events (11.7 %).
    const base = normalWeek()[0]
    const ts = Array.from({ length: 6000 }, (_, i) => i * 864_000)
    const t = buildEventTable(ts.map((x) => ({ ...base, ts: x })))
    expect(baselineEndOf(t, 7)).toBe(7 * DAY)
    expect(t.ts.filter((x) => x < baselineEndOf(t, 7)).length).toBe(700)
  })

  it('holds at least 5 % of the events when the first days were nearly silent', () => {
    // 3 events in the first week, then 1,000 over the next day: 7 days would hold 3 (0.3 %).
    const base = normalWeek()[0]
    const ts = [0, DAY, 2 * DAY, ...Array.from({ length: 1000 }, (_, i) => 8 * DAY + i * 60_000)]
    const t = buildEventTable(ts.map((x) => ({ ...base, ts: x })))
    expect(t.ts.filter((x) => x < baselineEndOf(t, 7)).length).toBe(Math.ceil(0.05 * 1003))
  })

  it('finds the usual hours as the shortest span holding 90 % of events', () => {
    const hours = new Array(24).fill(0)
    for (let h = 8; h <= 19; h++) hours[h] = 10
    hours[3] = 1
    expect(usualHours(hours)).toEqual([8, 18])
    const night = new Array(24).fill(0)
    night[22] = night[23] = night[0] = night[1] = 10
    expect(usualHours(night)).toEqual([22, 1])
  })

  it('learns per-user hours, IPs and volumes', () => {
    const { b } = featuresOf(normalWeek())
    expect(b.users.alice.total).toBeGreaterThan(50)
    expect(b.userIps.find((p) => p[0] === 'alice' && p[1] === '10.0.0.5')?.[2]).toBe(7)
    expect(b.users.alice.bytesN).toBe(7)
  })
})

describe('extractFeatures', () => {
  it('marks brute force windows, invalid users and success after failures', () => {
    const events = normalWeek()
    const start = T0 + 7 * DAY + 3 * HOUR
    for (let k = 0; k < 30; k++) events.push(failed(start + k * 2000, 'root', '185.220.101.47'))
    events.push(login(start + 61_000, 'root', '185.220.101.47'))
    events.push(invalid(start + 62_000, 'oracle', '185.220.101.47'))
    const { row } = featuresOf(events)
    const n = events.length
    const s = row(n - 2)
    expect(Math.expm1(s('ip_failures_5m'))).toBeCloseTo(30)
    expect(Math.expm1(s('success_after_failures'))).toBeCloseTo(30)
    expect(s('new_ip_for_user')).toBe(1)
    expect(s('privileged')).toBe(1)
    expect(s('user_hour_rarity')).toBeGreaterThan(0)
    const inv = row(n - 1)
    expect(inv('invalid_user')).toBe(1)
    expect(Math.expm1(inv('ip_distinct_users_1h'))).toBeCloseTo(2)
  })

  it('keeps usual activity unremarkable and measures bytes against the user', () => {
    const events = normalWeek()
    events.push(ev({ ts: T0 + 7 * DAY + 12 * HOUR, host: 'files', program: 'api', event: 'file_access', outcome: 'success', user: 'alice', src_ip: '10.0.0.5', bytes: 5_000_000_000, country: 'DE', lat: 52.5, lon: 13.4 }))
    events.push(login(T0 + 7 * DAY + 9 * HOUR + 7 * MIN, 'alice', '10.0.0.5'))
    const { row } = featuresOf(events)
    const bulk = row(events.length - 2)
    expect(bulk('bytes_z')).toBeGreaterThan(10)
    const usual = row(events.length - 1)
    expect(usual('new_ip_for_user')).toBe(0)
    expect(usual('user_hour_rarity')).toBe(0)
    expect(usual('failure')).toBe(0)
  })

  it('computes travel speed between consecutive geolocated events', () => {
    expect(haversineKm(52.5, 13.4, 40.7, -74.0)).toBeGreaterThan(6300)
    const events = normalWeek()
    const ts = T0 + 7 * DAY + 13 * HOUR
    events.push(ev({ ts, host: 'files', program: 'api', event: 'api_call', outcome: 'success', user: 'alice', src_ip: '10.0.0.5', country: 'DE', lat: 52.5, lon: 13.4 }))
    events.push(ev({ ts: ts + 20 * MIN, host: 'files', program: 'api', event: 'api_call', outcome: 'success', user: 'alice', src_ip: '203.0.113.9', country: 'US', lat: 40.7, lon: -74.0 }))
    const { row } = featuresOf(events)
    const far = row(events.length - 1)
    expect(Math.expm1(far('travel_kmh'))).toBeGreaterThan(15_000)
    expect(far('new_country_for_user')).toBe(1)
  })
})
