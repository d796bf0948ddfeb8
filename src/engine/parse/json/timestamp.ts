import type { ZoneConverter } from '../time/zone'
import { scanIsoTimestamp } from '../time/isoTime'

/** Epoch s / ms / µs / ns by magnitude (s until year 5138, ms from 1973, then µs, ns). */
function fromNumber(n: number): number | null {
  if (!Number.isFinite(n) || n <= 0) return null
  if (n < 1e11) return Math.round(n * 1000)
  if (n < 1e14) return Math.round(n)
  if (n < 1e17) return Math.floor(n / 1000)
  return Math.floor(n / 1e6)
}

const NUMERIC = /^\d+(?:\.\d+)?$/

/**
 * A record's time value as UTC epoch ms: epoch seconds/milliseconds/micro/nanoseconds (number or
 * digits), ISO 8601 (zone-less = `zone`), or anything `Date.parse` reads. Null when unreadable.
 */
export function toEpochMs(value: unknown, zone: ZoneConverter): number | null {
  if (typeof value === 'number') return fromNumber(value)
  if (typeof value !== 'string') return null
  const s = value.trim()
  if (s.length === 0) return null
  if (NUMERIC.test(s)) return fromNumber(Number(s))
  const iso = scanIsoTimestamp(s, 0, zone)
  if (iso !== null) return iso.ms
  const parsed = Date.parse(s)
  return Number.isFinite(parsed) ? parsed : null
}
