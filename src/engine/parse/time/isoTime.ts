import { utcDayMs } from './utcDay'
import type { ZoneConverter } from './zone'

function digits(s: string, start: number, count: number): number {
  let v = 0
  for (let i = start; i < start + count; i++) {
    const c = s.charCodeAt(i) - 48
    if (!(c >= 0 && c <= 9)) return -1 // NaN past the end fails too
    v = v * 10 + c
  }
  return v
}

/** Result of {@link scanIsoTimestamp}: UTC ms and the index just after the timestamp. */
export interface IsoScan {
  ms: number
  end: number
}

/**
 * Reads an ISO 8601 / RFC 3339 timestamp at `start`: `YYYY-MM-DD[T ]HH:MM[:SS[.frac]][Z|±HH[:]MM]`.
 * Zone-less values are wall-clock times converted with `zone`. Returns null when there is none.
 * Hand-written (not `Date.parse`) because it runs once per line of high-precision syslog.
 */
export function scanIsoTimestamp(s: string, start: number, zone: ZoneConverter): IsoScan | null {
  if (s.length < start + 16) return null
  const year = digits(s, start, 4)
  if (year < 0 || s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45) return null
  const month = digits(s, start + 5, 2)
  const day = digits(s, start + 8, 2)
  const sep = s.charCodeAt(start + 10)
  if (month < 1 || month > 12 || day < 1 || day > 31 || (sep !== 84 && sep !== 32 && sep !== 116)) return null
  const hour = digits(s, start + 11, 2)
  const minute = digits(s, start + 14, 2)
  if (hour < 0 || hour > 24 || minute < 0 || minute > 59 || s.charCodeAt(start + 13) !== 58) return null
  let i = start + 16
  let second = 0
  let ms = 0
  if (s.charCodeAt(i) === 58) {
    second = digits(s, i + 1, 2)
    if (second < 0 || second > 60) return null
    i += 3
    const c = s.charCodeAt(i)
    if (c === 46 || c === 44) {
      i++
      let scale = 100
      while (i < s.length) {
        const d = s.charCodeAt(i) - 48
        if (d < 0 || d > 9) break
        ms += d * scale
        scale /= 10
        i++
      }
      ms = Math.floor(ms)
    }
  }
  const naive = utcDayMs(year, month - 1, day) + ((hour * 60 + minute) * 60 + second) * 1000 + ms
  const z = s.charCodeAt(i)
  if (z === 90 || z === 122) return { ms: naive, end: i + 1 }
  if (z === 43 || z === 45) {
    const oh = digits(s, i + 1, 2)
    if (oh >= 0) {
      let om = 0
      let end = i + 3
      if (s.charCodeAt(end) === 58) {
        om = digits(s, end + 1, 2)
        end += 3
      } else {
        const compact = digits(s, end, 2)
        if (compact >= 0) {
          om = compact
          end += 2
        }
      }
      if (om >= 0) {
        const offset = (oh * 60 + om) * 60_000 * (z === 43 ? 1 : -1)
        return { ms: naive - offset, end }
      }
    }
  }
  return { ms: zone(naive), end: i }
}
