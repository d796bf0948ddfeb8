/** Small field helpers shared by the message parsers. */
import type { NormalizedEvent } from '../../../shared/event'

const IPV6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%\w+)?$/

/** The token as an IP address (IPv4-mapped IPv6 unwrapped), or null when it is a host name. */
/** Dotted quad, 1-3 digits per part, tested without a regex (runs on most lines). */
function isIpv4(s: string): boolean {
  let parts = 0
  let digits = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 46) {
      if (digits === 0) return false
      parts++
      digits = 0
    } else if (c >= 48 && c <= 57) {
      if (++digits > 3) return false
    } else return false
  }
  return parts === 3 && digits > 0
}

export function asIp(token: string | undefined): string | null {
  if (token === undefined || token.length === 0) return null
  if (isIpv4(token)) return token
  // IPv6 has at least two colons (`::1`); `1.2.3.4:22` is an address with a port, not an IP.
  const colon = token.indexOf(':')
  if (colon >= 0 && token.indexOf(':', colon + 1) > 0 && IPV6.test(token)) {
    if (token.startsWith('::ffff:') && isIpv4(token.slice(7))) return token.slice(7)
    return token
  }
  return null
}

/** Sets `src_ip` (when the token is an IP) and `src_port` (when given and numeric). */
export function setSource(ev: NormalizedEvent, host: string | undefined, port?: string): void {
  const ip = asIp(host)
  if (ip !== null) ev.src_ip = ip
  if (port !== undefined && port.length > 0 && port.length < 6) ev.src_port = smallNumber(port)
}

/** `Number(text)` for 1-5 characters, by hand when they are digits (ports: every other line). */
function smallNumber(text: string): number {
  let v = 0
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48
    if (!(d >= 0 && d <= 9)) return Number(text)
    v = v * 10 + d
  }
  return v
}

/** A user name as logged, or null when empty (OpenSSH logs `invalid user  from ...` for ""). */
export function userOrNull(user: string | undefined): string | null {
  return user === undefined || user.length === 0 ? null : user
}

/**
 * The value of `key=` in a PAM-style `k=v k=v` text (first occurrence at a word start), or
 * undefined when absent or empty. No allocation but the value itself.
 */
export function kv(text: string, key: string): string | undefined {
  let from = 0
  for (;;) {
    const at = text.indexOf(key, from)
    if (at < 0) return undefined
    const eq = at + key.length
    if ((at === 0 || text.charCodeAt(at - 1) === 32 || text.charCodeAt(at - 1) === 59) && text.charCodeAt(eq) === 61) {
      let end = eq + 1
      while (end < text.length && text.charCodeAt(end) !== 32) end++
      return end > eq + 1 ? text.slice(eq + 1, end) : undefined
    }
    from = at + 1
  }
}

/** Marks the event as what `kind` says, with its outcome. */
export function mark(ev: NormalizedEvent, kind: NormalizedEvent['event'], outcome: NormalizedEvent['outcome']): true {
  ev.event = kind
  ev.outcome = outcome
  return true
}

/**
 * White space other than the plain space (tabs, line terminators, Unicode spaces). In a message
 * free of it, `\S` runs end at the next ' ' and `.` matches every character: the hand-written
 * scanners take only such messages and leave the others to their regexes.
 */
const ODD_SPACE = /[\t-\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/

export function hasOddSpace(s: string): boolean {
  return ODD_SPACE.test(s)
}

/** Index after the last character that is not a plain space (the end of `s` less trailing spaces). */
export function endWithoutSpaces(s: string): number {
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--
  return end
}

/**
 * Where `(uid=DIGITS)` starts when it ends exactly at `end`, or -1.
 */
export function uidSuffixAt(s: string, end: number): number {
  if (end < 7 || s.charCodeAt(end - 1) !== 41 /* ) */) return -1
  let i = end - 2
  while (i >= 0) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) break
    i--
  }
  if (i === end - 2 || i < 4 || !s.startsWith('(uid=', i - 4)) return -1
  return i - 4
}

/** Does the message start with `pam_` (a PAM module speaking)? A char test first: most do not. */
export function isPam(msg: string): boolean {
  return msg.charCodeAt(0) === 112 /* p */ && msg.startsWith('pam_')
}
