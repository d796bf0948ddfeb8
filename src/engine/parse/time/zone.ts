/**
 * Wall-clock time in a zone → UTC epoch ms. Zone-less syslog timestamps are wall-clock times of
 * the machine that wrote them; we know its zone only as an option (or assume ours).
 */

const HOUR = 3_600_000

/** Converts a "naive" time (wall-clock fields encoded as if UTC, e.g. `Date.UTC(y, m, d, h)`) to UTC. */
export type ZoneConverter = (naiveMs: number) => number

/** The machine's IANA zone, e.g. `Europe/Paris`; `UTC` when the runtime cannot tell. */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** True when `timeZone` is an IANA zone (or offset name) this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/** Offset (ms, local − UTC) of `timeZone` at the UTC instant `utcMs`. */
function offsetFinder(timeZone: string | undefined): (utcMs: number) => number {
  if (timeZone === undefined) {
    // The process's own zone: Date knows it without Intl formatting (faster, honours TZ=).
    return (utcMs) => -new Date(utcMs).getTimezoneOffset() * 60_000
  }
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC' || timeZone === 'GMT') return () => 0
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  return (utcMs) => {
    const wholeSecond = Math.floor(utcMs / 1000) * 1000
    const p: Record<string, number> = {}
    for (const part of fmt.formatToParts(wholeSecond)) {
      if (part.type !== 'literal') p[part.type] = Number(part.value)
    }
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
    return asUtc - wholeSecond
  }
}

/**
 * A converter for `timeZone` (IANA name; undefined = the machine's). Offsets are cached per
 * wall-clock hour, so a file of consecutive lines costs one zone lookup per hour of log.
 * An unknown zone name falls back to UTC rather than failing the whole file.
 */
export function createZoneConverter(timeZone?: string): ZoneConverter {
  // The machine's zone needs no Intl formatter (and follows a TZ changed at run time).
  if (timeZone === undefined) return newZoneConverter(undefined)
  let converter = converters.get(timeZone)
  if (!converter) {
    // Building one costs two Intl formatters (some 0.2 ms each), and a live read parses a few
    // lines at a time: one per zone serves them all (a converter is a pure function of its zone).
    if (converters.size >= MAX_CONVERTERS) converters.clear()
    converter = newZoneConverter(timeZone)
    converters.set(timeZone, converter)
  }
  return converter
}

const MAX_CONVERTERS = 64
const converters = new Map<string, ZoneConverter>()

function newZoneConverter(timeZone?: string): ZoneConverter {
  const zone = timeZone !== undefined && !isValidTimeZone(timeZone) ? 'UTC' : timeZone
  const offsetAt = offsetFinder(zone)
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT') return (naive) => naive
  const cache = new Map<number, number>()
  let lastBucket = Number.NaN
  let lastOffset = 0
  return (naive) => {
    const bucket = Math.floor(naive / HOUR)
    if (bucket === lastBucket) return naive - lastOffset
    let offset = cache.get(bucket)
    if (offset === undefined) {
      // Two steps: guess with the offset at the naive instant, then correct with the offset at
      // the guessed UTC instant (right everywhere except inside a DST gap/overlap, where any
      // answer is a guess anyway).
      const first = offsetAt(naive)
      offset = offsetAt(naive - first)
      if (cache.size > 100_000) cache.clear()
      cache.set(bucket, offset)
    }
    lastBucket = bucket
    lastOffset = offset
    return naive - offset
  }
}
