/** The per-run secret that a page must present to reach the API. */
import { randomBytes, timingSafeEqual } from 'node:crypto'

/** 32 random bytes, hex. */
export function newToken(): string {
  return randomBytes(32).toString('hex')
}

/** Constant-time comparison (the length of a token is no secret). */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
