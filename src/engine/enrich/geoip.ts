/**
 * Offline GeoIP enrichment of normalized events: country and coordinates for public source
 * addresses, from the geoip-lite database shipped in node_modules (no network at run time).
 *
 * geoip-lite reads its whole database synchronously when first imported (~150 ms, ~150 MB), so it
 * is imported dynamically, once per process, and only when some event actually needs a lookup. The
 * dynamic import of a bare package name stays external in the CLI and Electron bundles, which
 * matters: the package finds its data files relative to its own directory.
 */
import type * as geoipLite from 'geoip-lite'
import type { NormalizedEvent } from '../../shared/event'
import { err, ok, type Result } from '../../shared/result'
import { publicAddress } from './publicAddress'

/** A location from the database. Coordinates are null when it only knows the country. */
export interface Geo {
  /** ISO 3166-1 alpha-2 code. */
  country: string
  lat: number | null
  lon: number | null
}

/** Looks up one address (any text: invalid or reserved addresses give null). Never throws. */
export type GeoLookup = (ip: string) => Geo | null

/** Fills the geo fields of events whose record has none, in place (what a scan applies before storing). */
export type GeoEnricher = (events: readonly NormalizedEvent[]) => void

export interface GeoLoaded {
  lookup: GeoLookup
  /** How long the first import took in this process, in milliseconds. */
  loadMs: number
}

export interface EnrichGeoResult {
  /** Events that received a country (and coordinates when known). */
  enriched: number
  /** Distinct addresses looked up in the database. */
  lookups: number
  /** Why nothing was looked up although some event needed it (database unavailable), else null. */
  problem: string | null
}

export interface EnrichGeoOptions {
  /** Replaces the geoip-lite loader (tests). */
  load?: () => Promise<Result<GeoLoaded, string>>
}

type GeoipLite = typeof geoipLite

let loading: Promise<Result<GeoLoaded, string>> | undefined
/** The module once imported, and whether `releaseGeoDatabase` emptied it. */
let imported: GeoipLite | undefined
let released = false

/**
 * Loads geoip-lite (once per process; later calls share the first result, failure included) and
 * returns a lookup handle for code that must stay synchronous, such as the live tail.
 */
export function createGeoLookup(): Promise<Result<GeoLoaded, string>> {
  loading ??= importGeoip()
  return loading
}

async function importGeoip(): Promise<Result<GeoLoaded, string>> {
  const t0 = performance.now()
  try {
    const mod = (await import('geoip-lite')) as GeoipLite & { default?: GeoipLite }
    // CommonJS package: Node puts module.exports on `default`, some bundlers flatten it.
    const geoip = mod.default ?? mod
    if (typeof geoip.lookup !== 'function') return err('geoip-lite has no lookup function')
    if (released) geoip.reloadDataSync()
    released = false
    imported = geoip
    return ok({ lookup: wrap(geoip), loadMs: performance.now() - t0 })
  } catch (e) {
    return err(`geoip-lite could not be loaded: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/**
 * Frees the database (~150 MB) until the next `createGeoLookup`, which reads it again: a one-off
 * scan has no use for it once its files are stored. Lookups made before then find nothing, so
 * only an owner that made every lookup of the process calls this.
 */
export function releaseGeoDatabase(): void {
  if (!imported) return
  imported.clear()
  imported = undefined
  loading = undefined
  released = true
}

function wrap(geoip: GeoipLite): GeoLookup {
  return (ip) => {
    const addr = publicAddress(ip)
    if (addr === null) return null
    try {
      const hit = geoip.lookup(addr)
      if (!hit || !/^[A-Z]{2}$/.test(hit.country)) return null
      const [lat, lon] = hit.ll ?? []
      // Records without a location carry null (IPv4) or 0,0 (IPv6) coordinates: neither is a place.
      const located = Number.isFinite(lat) && Number.isFinite(lon) && !(lat === 0 && lon === 0)
      return { country: hit.country, lat: located ? lat : null, lon: located ? lon : null }
    } catch {
      return null
    }
  }
}

/**
 * Fills country, lat and lon of events (in place) that have a public `src_ip` and no geo of their
 * own. Record-provided geo always wins: an event with any of the three fields set is left alone.
 * Loads the database only when some event needs it. Never throws; if the database cannot be
 * loaded, events are unchanged and `problem` says why.
 */
export async function enrichGeo(events: NormalizedEvent[], options: EnrichGeoOptions = {}): Promise<EnrichGeoResult> {
  if (!events.some((e) => needsGeo(e) && publicAddress(e.src_ip as string) !== null)) {
    return { enriched: 0, lookups: 0, problem: null }
  }
  const loaded = await (options.load ?? createGeoLookup)().catch((e: unknown) => err(String(e)))
  if (!loaded.ok) return { enriched: 0, lookups: 0, problem: loaded.error }
  return { ...enrichGeoWith(events, loaded.value.lookup), problem: null }
}

/**
 * A lookup that gives the country only. The scan uses it: a database's coordinates are a guess at
 * a city, and comparing them with coordinates a record carries for the same user invents journeys
 * of thousands of km (impossible travel that is not); travel speed uses records' own coordinates.
 */
export function countryOnly(lookup: GeoLookup): GeoLookup {
  return (ip) => {
    const geo = lookup(ip)
    return geo && { country: geo.country, lat: null, lon: null }
  }
}

/**
 * The synchronous core of `enrichGeo` with a given lookup: each distinct public address is looked
 * up once per call.
 */
export function enrichGeoWith(events: readonly NormalizedEvent[], lookup: GeoLookup): { enriched: number; lookups: number } {
  // Keyed by the raw text first (cheap for repeats), then by canonical address so that spellings
  // of one address ("::ffff:8.8.8.8", "8.8.8.8") share a lookup.
  const byText = new Map<string, Geo | null>()
  const byAddr = new Map<string, Geo | null>()
  let enriched = 0
  // Logs come in bursts from one address: remembering the last answer skips most map probes.
  let lastText: string | null = null
  let lastGeo: Geo | null | undefined
  for (const e of events) {
    if (!needsGeo(e)) continue
    const text = e.src_ip as string
    let geo = text === lastText ? lastGeo : byText.get(text)
    if (geo === undefined) {
      const addr = publicAddress(text)
      geo = addr === null ? null : byAddr.get(addr)
      if (geo === undefined && addr !== null) {
        geo = safeLookup(lookup, addr)
        byAddr.set(addr, geo)
      }
      byText.set(text, geo ?? null)
    }
    lastText = text
    lastGeo = geo
    if (!geo) continue
    e.country = geo.country
    e.lat = geo.lat
    e.lon = geo.lon
    enriched++
  }
  return { enriched, lookups: byAddr.size }
}

function needsGeo(e: NormalizedEvent): boolean {
  return typeof e.src_ip === 'string' && e.src_ip !== '' && e.country === null && e.lat === null && e.lon === null
}

function safeLookup(lookup: GeoLookup, addr: string): Geo | null {
  try {
    return lookup(addr) ?? null
  } catch {
    return null
  }
}
