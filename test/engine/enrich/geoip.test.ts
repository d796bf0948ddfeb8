import { describe, expect, it, vi } from 'vitest'
import { emptyEvent, type NormalizedEvent } from '../../../src/shared/event'
import { err, ok } from '../../../src/shared/result'
import { countryOnly, createGeoLookup, enrichGeo, enrichGeoWith, releaseGeoDatabase, type Geo, type GeoLoaded, type GeoLookup } from '../../../src/engine/enrich/geoip'

function ev(src_ip: string | null, geo: Partial<Pick<NormalizedEvent, 'country' | 'lat' | 'lon'>> = {}, line = 1): NormalizedEvent {
  return { ...emptyEvent({ ts: 0, host: 'h', source_file: 'auth.log', source_line: line, raw: 'x' }), src_ip, ...geo }
}

const FAKE: Geo = { country: 'ZZ', lat: 1.5, lon: -2.5 }

/** A fake database that answers every address and counts what it was asked. */
function fakeLookup(): { lookup: GeoLookup; calls: string[] } {
  const calls: string[] = []
  return { calls, lookup: (ip) => (calls.push(ip), FAKE) }
}

const fakeLoad = (lookup: GeoLookup) => async () => ok<GeoLoaded>({ lookup, loadMs: 0 })

describe('enrichGeoWith', () => {
  it('looks up each distinct address once and fills every event that has it', () => {
    const { lookup, calls } = fakeLookup()
    const events = [ev('8.8.8.8'), ev('8.8.8.8'), ev('1.1.1.1'), ev('8.8.8.8'), ev('::ffff:8.8.8.8'), ev('1.1.1.1')]
    expect(enrichGeoWith(events, lookup)).toEqual({ enriched: 6, lookups: 2 })
    expect(calls.sort()).toEqual(['1.1.1.1', '8.8.8.8'])
    for (const e of events) expect([e.country, e.lat, e.lon]).toEqual(['ZZ', 1.5, -2.5])
  })

  it('never asks the database about reserved or invalid addresses', () => {
    const { lookup, calls } = fakeLookup()
    const ips = ['10.0.0.1', '192.168.1.1', '127.0.0.1', '100.64.1.1', '203.0.113.9', '::1', 'fe80::1%eth0', 'fd00::1', '2001:db8::1', '999.1.1.1', 'garbage']
    const events = ips.map((ip) => ev(ip))
    expect(enrichGeoWith(events, lookup)).toEqual({ enriched: 0, lookups: 0 })
    expect(calls).toEqual([])
    for (const e of events) expect([e.country, e.lat, e.lon]).toEqual([null, null, null])
  })

  it('keeps record-provided geo, even partial', () => {
    const { lookup, calls } = fakeLookup()
    const events = [
      ev('8.8.8.8', { country: 'DE', lat: 52.52, lon: 13.405 }),
      ev('8.8.8.8', { country: 'Germany' }),
      ev('8.8.8.8', { lat: 0, lon: 0 }),
    ]
    const before = structuredClone(events)
    expect(enrichGeoWith(events, lookup)).toEqual({ enriched: 0, lookups: 0 })
    expect(events).toEqual(before)
    expect(calls).toEqual([])
  })

  it('leaves events without a source address untouched', () => {
    const { lookup, calls } = fakeLookup()
    const events = [ev(null), ev('')]
    const before = structuredClone(events)
    expect(enrichGeoWith(events, lookup)).toEqual({ enriched: 0, lookups: 0 })
    expect(events).toEqual(before)
    expect(calls).toEqual([])
  })

  it('survives a lookup that throws or finds nothing', () => {
    const events = [ev('8.8.8.8'), ev('1.1.1.1')]
    const lookup: GeoLookup = (ip) => {
      if (ip === '8.8.8.8') throw new Error('corrupt database')
      return null
    }
    expect(enrichGeoWith(events, lookup)).toEqual({ enriched: 0, lookups: 2 })
    expect(events.map((e) => e.country)).toEqual([null, null])
  })
})

describe('enrichGeo', () => {
  it('does not load the database when no event needs a lookup', async () => {
    const load = vi.fn(fakeLoad(fakeLookup().lookup))
    const events = [ev(null), ev('10.1.1.1'), ev('8.8.8.8', { country: 'US' }), ev('not-an-ip')]
    expect(await enrichGeo(events, { load })).toEqual({ enriched: 0, lookups: 0, problem: null })
    expect(load).not.toHaveBeenCalled()
  })

  it('reports a database that cannot be loaded and changes nothing', async () => {
    const events = [ev('8.8.8.8')]
    const before = structuredClone(events)
    expect(await enrichGeo(events, { load: async () => err('geoip-lite could not be loaded: missing') })).toEqual({
      enriched: 0,
      lookups: 0,
      problem: 'geoip-lite could not be loaded: missing',
    })
    const rejected = await enrichGeo(events, { load: () => Promise.reject(new Error('boom')) })
    expect(rejected.enriched).toBe(0)
    expect(rejected.problem).toContain('boom')
    expect(events).toEqual(before)
  })

  it('uses the injected loader once per call', async () => {
    const { lookup, calls } = fakeLookup()
    const load = vi.fn(fakeLoad(lookup))
    const events = [ev('8.8.8.8'), ev('192.168.0.1'), ev('8.8.8.8')]
    expect(await enrichGeo(events, { load })).toEqual({ enriched: 2, lookups: 1, problem: null })
    expect(load).toHaveBeenCalledTimes(1)
    expect(calls).toEqual(['8.8.8.8'])
    expect(events[1].country).toBeNull()
  })
})

describe('geoip-lite database', () => {
  it('places public addresses and nothing else', async () => {
    const loaded = await createGeoLookup()
    if (!loaded.ok) throw new Error(loaded.error)
    const { lookup } = loaded.value
    // Stable answers only: Google's resolver has been registered in the US for decades.
    expect(lookup('8.8.8.8')?.country).toBe('US')
    expect(lookup('::ffff:8.8.8.8')?.country).toBe('US')
    for (const ip of ['8.8.8.8', '2001:4860:4860::8888', '185.220.101.47']) {
      const geo = lookup(ip)
      expect(geo?.country, ip).toMatch(/^[A-Z]{2}$/)
    }
    const located = lookup('8.8.8.8')
    expect(Number.isFinite(located?.lat)).toBe(true)
    expect(Number.isFinite(located?.lon)).toBe(true)
    for (const ip of ['10.0.0.1', '192.0.2.1', '::1', 'fe80::1%eth0', '999.1.1.1', 'random text', '']) expect(lookup(ip), ip).toBeNull()
    // The loader is shared: a second call returns the same handle without importing again.
    const again = await createGeoLookup()
    expect(again.ok && again.value.lookup).toBe(lookup)
  })

  it('frees the database on release and reads it again for the next lookup', async () => {
    const first = await createGeoLookup()
    if (!first.ok) throw new Error(first.error)
    releaseGeoDatabase()
    // What was handed out before finds nothing now: the buffers are gone.
    expect(first.value.lookup('8.8.8.8')).toBeNull()
    const again = await createGeoLookup()
    if (!again.ok) throw new Error(again.error)
    expect(again.value.lookup).not.toBe(first.value.lookup)
    expect(again.value.lookup('8.8.8.8')?.country).toBe('US')
    expect(again.value.lookup('2001:4860:4860::8888')?.country).toMatch(/^[A-Z]{2}$/)
  })

  it('enriches events end to end with the real database', async () => {
    const events = [ev('8.8.8.8', {}, 1), ev('203.0.113.9', {}, 2), ev('8.8.8.8', { country: 'FR', lat: 48.85, lon: 2.35 }, 3), ev(null, {}, 4)]
    const res = await enrichGeo(events)
    expect(res).toEqual({ enriched: 1, lookups: 1, problem: null })
    expect(events[0].country).toBe('US')
    expect(Number.isFinite(events[0].lat)).toBe(true)
    expect(Number.isFinite(events[0].lon)).toBe(true)
    expect([events[1].country, events[1].lat, events[1].lon]).toEqual([null, null, null])
    expect([events[2].country, events[2].lat, events[2].lon]).toEqual(['FR', 48.85, 2.35])
    expect(events[3].country).toBeNull()
  })
})

describe('countryOnly', () => {
  it('keeps the country and drops the coordinates a database can only guess', () => {
    const lookup = countryOnly(() => ({ country: 'DE', lat: 52.5, lon: 13.4 }))
    expect(lookup('185.220.101.47')).toEqual({ country: 'DE', lat: null, lon: null })
    expect(countryOnly(() => null)('10.0.0.1')).toBeNull()
  })
})
