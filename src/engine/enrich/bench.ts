/**
 * GeoIP speed figures for `vigil bench`: database load time and lookups per second over distinct
 * random public IPv4 addresses (seeded, so every run looks up the same addresses).
 */
import { Random } from '../util/random'
import { createGeoLookup } from './geoip'
import { publicAddress } from './publicAddress'

export interface GeoBench {
  /** First import of geoip-lite in this process (0 work if already loaded: the figure is kept). */
  loadMs: number
  /** Resident memory added by this call's load, in MB (0 when the database was already loaded). */
  loadRssMb: number
  lookups: number
  lookupMs: number
  lookupsPerSec: number
  /** Addresses the database placed in a country, and those it also gave coordinates. */
  found: number
  withCoords: number
}

/** Loads geoip-lite and looks up `count` distinct random public IPv4 addresses. */
export async function benchGeo(count = 100_000, seed = 42): Promise<GeoBench | { problem: string }> {
  const r = new Random(seed)
  const ips = new Set<string>()
  while (ips.size < count) {
    const n = r.nextUint32()
    const ip = publicAddress(`${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`)
    if (ip !== null) ips.add(ip)
  }
  const rss0 = process.memoryUsage().rss
  const loaded = await createGeoLookup()
  if (!loaded.ok) return { problem: loaded.error }
  const loadRssMb = (process.memoryUsage().rss - rss0) / 2 ** 20
  const { lookup, loadMs } = loaded.value
  let found = 0
  let withCoords = 0
  const t0 = performance.now()
  for (const ip of ips) {
    const geo = lookup(ip)
    if (geo === null) continue
    found++
    if (geo.lat !== null) withCoords++
  }
  const lookupMs = performance.now() - t0
  return { loadMs, loadRssMb, lookups: ips.size, lookupMs, lookupsPerSec: ips.size / (lookupMs / 1000), found, withCoords }
}
