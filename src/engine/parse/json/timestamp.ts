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

/** 9999-12-31T23:59:59.999Z: a later time is a data error (ISO 8601 has four-digit years). */
export const MAX_TIME_MS = 253_402_300_799_999

const inRange = (ms: number | null): number | null => (ms !== null && Number.isFinite(ms) && ms <= MAX_TIME_MS ? ms : null)

/**
 * A record's time value as UTC epoch ms: epoch seconds/milliseconds/micro/nanoseconds (number or
 * digits), ISO 8601 (zone-less = `zone`), or anything `Date.parse` reads. Null when unreadable
 * or past the year 9999.
 */
export function toEpochMs(value: unknown, zone: ZoneConverter): number | null {
  if (typeof value === 'number') return inRange(fromNumber(value))
  if (typeof value !== 'string') return null
  const s = value.trim()
  if (s.length === 0) return null
  // ISO first: it is what logs write, and no text is both (an ISO time has a '-' after its year).
  const iso = scanIsoTimestamp(s, 0, zone)
  if (iso !== null) return inRange(iso.ms)
  if (NUMERIC.test(s)) return inRange(fromNumber(Number(s)))
  return inRange(Date.parse(s))
}
