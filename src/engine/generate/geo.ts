/**
 * Countries and public address blocks for the generated world. The blocks are plausible first
 * octets for each country, not a GeoIP database: the JSON records carry country/lat/lon themselves.
 */
import { type Random, intBetween, pick } from './sampling'

export interface Country {
  code: string
  name: string
  /** A city-level point: where logins from this country are placed (with a little jitter). */
  lat: number
  lon: number
  /** First two octets of blocks that addresses in this country are drawn from. */
  blocks: readonly (readonly [number, number])[]
}

export const COUNTRIES: readonly Country[] = [
  { code: 'DE', name: 'Germany', lat: 52.52, lon: 13.405, blocks: [[84, 131], [91, 64], [217, 229], [93, 104]] },
  { code: 'NL', name: 'Netherlands', lat: 52.3676, lon: 4.9041, blocks: [[145, 53], [82, 161], [94, 208]] },
  { code: 'FR', name: 'France', lat: 48.8566, lon: 2.3522, blocks: [[90, 84], [86, 246], [176, 31]] },
  { code: 'GB', name: 'United Kingdom', lat: 51.5072, lon: -0.1276, blocks: [[81, 2], [86, 128], [151, 224]] },
  { code: 'PL', name: 'Poland', lat: 52.2297, lon: 21.0122, blocks: [[83, 24], [89, 64], [178, 42]] },
  { code: 'ES', name: 'Spain', lat: 40.4168, lon: -3.7038, blocks: [[88, 12], [83, 44], [95, 120]] },
  { code: 'US', name: 'United States', lat: 40.7128, lon: -74.006, blocks: [[73, 162], [24, 48], [98, 115]] },
  { code: 'BR', name: 'Brazil', lat: -23.5505, lon: -46.6333, blocks: [[177, 79], [189, 6], [200, 158]] },
  { code: 'AU', name: 'Australia', lat: -33.8688, lon: 151.2093, blocks: [[1, 144], [101, 160], [120, 148]] },
  { code: 'JP', name: 'Japan', lat: 35.6762, lon: 139.6503, blocks: [[126, 72], [153, 156], [219, 100]] },
  { code: 'SG', name: 'Singapore', lat: 1.3521, lon: 103.8198, blocks: [[116, 86], [175, 156], [203, 116]] },
  { code: 'ZA', name: 'South Africa', lat: -26.2041, lon: 28.0473, blocks: [[41, 13], [105, 224], [197, 89]] },
  { code: 'CN', name: 'China', lat: 31.2304, lon: 121.4737, blocks: [[218, 92], [61, 177], [222, 186], [112, 85]] },
  { code: 'RU', name: 'Russia', lat: 55.7558, lon: 37.6173, blocks: [[95, 165], [178, 176], [5, 188]] },
  { code: 'VN', name: 'Vietnam', lat: 21.0278, lon: 105.8342, blocks: [[113, 160], [14, 177], [171, 244]] },
  { code: 'IN', name: 'India', lat: 19.076, lon: 72.8777, blocks: [[103, 207], [117, 211], [49, 36]] },
  { code: 'KR', name: 'South Korea', lat: 37.5665, lon: 126.978, blocks: [[121, 134], [211, 36], [175, 197]] },
  { code: 'IR', name: 'Iran', lat: 35.6892, lon: 51.389, blocks: [[5, 160], [91, 98], [185, 51]] },
  { code: 'RO', name: 'Romania', lat: 44.4268, lon: 26.1025, blocks: [[89, 38], [185, 220], [79, 112]] },
  { code: 'UA', name: 'Ukraine', lat: 50.4501, lon: 30.5234, blocks: [[91, 196], [176, 36], [193, 42]] },
]

const byCode = new Map(COUNTRIES.map((c) => [c.code, c]))

/** The country with this ISO code (throws on an unknown code: a bug in the generator). */
export function country(code: string): Country {
  const c = byCode.get(code)
  if (!c) throw new Error(`unknown country ${code}`)
  return c
}

/** Where the company's staff mostly are, and where they sometimes work from. */
export const HOME_COUNTRIES = ['DE', 'DE', 'DE', 'DE', 'NL', 'FR', 'GB', 'PL', 'ES'] as const
/** Origins of attacks and of internet background noise. */
export const HOSTILE_COUNTRIES = ['CN', 'RU', 'VN', 'IN', 'KR', 'BR', 'IR', 'RO', 'UA', 'US', 'NL'] as const
/** Far from the home countries (impossible-travel destinations). */
export const FAR_COUNTRIES = ['BR', 'AU', 'JP', 'SG', 'ZA', 'KR', 'US'] as const

/** A public address in the given country. */
export function publicIp(rng: Random, c: Country): string {
  const [a, b] = pick(rng, c.blocks)
  return `${a}.${b}.${intBetween(rng, 0, 255)}.${intBetween(rng, 1, 254)}`
}

/** A random public-looking address anywhere (internet background: scanners and bots). */
export function anyPublicIp(rng: Random): string {
  for (;;) {
    const a = intBetween(rng, 1, 223)
    // Skip private, loopback, link-local, CGNAT and multicast-adjacent space.
    if (a === 10 || a === 127 || a === 100 || a === 169 || a === 172 || a === 192 || a === 0) continue
    return `${a}.${intBetween(rng, 0, 255)}.${intBetween(rng, 0, 255)}.${intBetween(rng, 1, 254)}`
  }
}

/** Great-circle distance in km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = (d: number): number => (d * Math.PI) / 180
  const dLat = r(lat2 - lat1)
  const dLon = r(lon2 - lon1)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.sqrt(h))
}

/** A point near the country's city (a few km of jitter, rounded as GeoIP databases do). */
export function jitteredPoint(rng: Random, c: Country): { lat: number; lon: number } {
  const lat = Math.round((c.lat + (rng.next() - 0.5) * 0.2) * 1e4) / 1e4
  const lon = Math.round((c.lon + (rng.next() - 0.5) * 0.2) * 1e4) / 1e4
  return { lat, lon }
}
