/**
 * Which source addresses are worth a GeoIP lookup. Private, loopback, link-local, CGNAT,
 * documentation, multicast and other special-purpose ranges (IANA special-purpose registries,
 * RFC 6890 and successors) have no meaningful location, and the text comes from log lines an
 * attacker can write, so anything that is not a well-formed address is rejected too.
 */
import { isIPv4, isIPv6 } from 'node:net'

/** IPv4 special-purpose blocks as [first address, prefix length]. */
const RESERVED_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT (shared address space)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, limited broadcast
]

const RESERVED_V4_MASKS = RESERVED_V4.map(([base, bits]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
  return { base: (v4ToInt(base) & mask) >>> 0, mask }
})

/**
 * The canonical form to look up for a public address (dotted IPv4, or IPv6 as eight full groups;
 * an IPv4-mapped IPv6 address becomes its IPv4), or null when the text is not an address or the
 * address is in a reserved range. Never throws.
 */
export function publicAddress(text: string): string | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) return null
  const ip = text.trim()
  if (isIPv4(ip)) return isPublicV4(v4ToInt(ip)) ? ip : null
  // A zone index ("fe80::1%eth0") only qualifies link-local and multicast addresses, which are
  // skipped anyway; dropping it keeps the parse simple.
  const zone = ip.indexOf('%')
  const bare = zone === -1 ? ip : ip.slice(0, zone)
  if (!isIPv6(bare)) return null
  const w = v6Words(bare)
  if (w === null) return null
  if (w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff) {
    const v4 = ((w[6] << 16) | w[7]) >>> 0
    return isPublicV4(v4) ? intToV4(v4) : null
  }
  return isPublicV6(w) ? Array.from(w, (x) => x.toString(16)).join(':') : null
}

function isPublicV4(n: number): boolean {
  for (const r of RESERVED_V4_MASKS) if (((n & r.mask) >>> 0) === r.base) return false
  return true
}

/** Only global unicast (2000::/3) is public; inside it, skip the special-purpose blocks. */
function isPublicV6(w: Uint16Array): boolean {
  if ((w[0] & 0xe000) !== 0x2000) return false // ::, ::1, NAT64, ULA, link-local, multicast, ...
  if (w[0] === 0x2001 && w[1] < 0x0200) return false // 2001::/23 IETF assignments (Teredo, ORCHID, benchmarking)
  if (w[0] === 0x2001 && w[1] === 0x0db8) return false // 2001:db8::/32 documentation
  if (w[0] === 0x2002) return false // 2002::/16 6to4: the location is the relay's, not the client's
  if (w[0] === 0x3fff && w[1] < 0x1000) return false // 3fff::/20 documentation (RFC 9637)
  return true
}

function v4ToInt(ip: string): number {
  const p = ip.split('.')
  return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0
}

function intToV4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
}

/** The eight 16-bit groups of an address that `isIPv6` accepted (zone removed). */
function v6Words(ip: string): Uint16Array | null {
  const groups = (part: string): number[] | null => {
    if (part === '') return []
    const out: number[] = []
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        if (!isIPv4(g)) return null
        const n = v4ToInt(g)
        out.push(n >>> 16, n & 0xffff)
      } else out.push(parseInt(g, 16))
    }
    return out
  }
  const gap = ip.indexOf('::')
  const head = groups(gap === -1 ? ip : ip.slice(0, gap))
  const tail = gap === -1 ? [] : groups(ip.slice(gap + 2))
  if (head === null || tail === null || head.length + tail.length > 8) return null
  const w = new Uint16Array(8)
  w.set(head, 0)
  w.set(tail, 8 - tail.length)
  return w
}
