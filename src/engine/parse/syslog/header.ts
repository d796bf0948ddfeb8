import type { ZoneConverter } from '../time/zone'
import { scanIsoTimestamp } from '../time/isoTime'
import { utcDayMs } from '../time/utcDay'

/**
 * The parsed front of a syslog line. One instance is reused for every line (no allocation on the
 * hot path beyond the host/program strings).
 */
export interface SyslogHeader {
  /** 'none': no timestamp recognised; 'rfc3164': month/day/msOfDay set, year unknown; 'absolute': ts set. */
  kind: 'none' | 'rfc3164' | 'absolute'
  month: number
  day: number
  msOfDay: number
  ts: number
  host: string | null
  program: string | null
  pid: number | null
  /** Index where the message text starts. */
  msgStart: number
  /** The previous line's host and program (reused when the next line repeats them). */
  lastHost: string | null
  lastProgram: string | null
}

export function newHeader(): SyslogHeader {
  return { kind: 'none', month: 0, day: 0, msOfDay: 0, ts: 0, host: null, program: null, pid: null, msgStart: 0, lastHost: null, lastProgram: null }
}



/** Month index (0-11) of a three-letter English abbreviation at `i`, case-insensitive; -1 if none. */
function monthAt(s: string, i: number): number {
  const a = s.charCodeAt(i) | 32
  const b = s.charCodeAt(i + 1) | 32
  const c = s.charCodeAt(i + 2) | 32
  switch (a) {
    case 106: // j
      if (b === 97 && c === 110) return 0
      if (b === 117 && c === 110) return 5
      if (b === 117 && c === 108) return 6
      return -1
    case 102: return b === 101 && c === 98 ? 1 : -1
    case 109:
      if (b === 97 && c === 114) return 2
      if (b === 97 && c === 121) return 4
      return -1
    case 97:
      if (b === 112 && c === 114) return 3
      if (b === 117 && c === 103) return 7
      return -1
    case 115: return b === 101 && c === 112 ? 8 : -1
    case 111: return b === 99 && c === 116 ? 9 : -1
    case 110: return b === 111 && c === 118 ? 10 : -1
    case 100: return b === 101 && c === 99 ? 11 : -1
    default: return -1
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48
  const b = s.charCodeAt(i + 1) - 48
  // Written so NaN (past the end of the line) fails too.
  if (!(a >= 0 && a <= 9 && b >= 0 && b <= 9)) return -1
  return a * 10 + b
}

/** `Jan  5 03:12:00[.123]` at `i`; returns the index after it or -1. */
function scanRfc3164(s: string, i: number, zone: ZoneConverter, h: SyslogHeader): number {
  const month = monthAt(s, i)
  if (month < 0 || s.charCodeAt(i + 3) !== 32) return -1
  let j = i + 4
  if (s.charCodeAt(j) === 32) j++
  let day = 0
  if (!isDigit(s.charCodeAt(j))) return -1
  day = s.charCodeAt(j++) - 48
  if (isDigit(s.charCodeAt(j))) day = day * 10 + s.charCodeAt(j++) - 48
  if (day < 1 || day > 31 || s.charCodeAt(j) !== 32) return -1
  j++
  // Some writers put the year here (`Jan  5 2024 03:12:00`): accept and use it.
  let year = -1
  if (isDigit(s.charCodeAt(j)) && isDigit(s.charCodeAt(j + 2)) && s.charCodeAt(j + 4) === 32) {
    year = Number(s.slice(j, j + 4))
    j += 5
  }
  const hh = two(s, j)
  const mm = two(s, j + 3)
  const ss = two(s, j + 6)
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || s.charCodeAt(j + 2) !== 58 || s.charCodeAt(j + 5) !== 58) return -1
  j += 8
  let ms = 0
  if (s.charCodeAt(j) === 46) {
    j++
    let scale = 100
    while (isDigit(s.charCodeAt(j))) {
      ms += (s.charCodeAt(j) - 48) * scale
      scale /= 10
      j++
    }
    ms = Math.floor(ms)
  }
  h.month = month
  h.day = day
  h.msOfDay = ((hh * 60 + mm) * 60 + ss) * 1000 + ms
  if (year >= 0) {
    h.kind = 'absolute'
    h.ts = zone(utcDayMs(year, month, day) + h.msOfDay)
  } else {
    h.kind = 'rfc3164'
  }
  return j
}

/**
 * `s.slice(start, end)`, but returning `last` when it is the same text: hosts and program names
 * repeat on almost every line, so this saves an allocation per line and shares one string (the
 * events of a file hold one host string, not one each).
 */
function sameOrSlice(s: string, start: number, end: number, last: string | null): string {
  const len = end - start
  if (last !== null && last.length === len && len > 0 && s.charCodeAt(end - 1) === last.charCodeAt(len - 1)) {
    // A char loop (for these short words cheaper than a startsWith call), after the last
    // character: `web-01` / `web-02` differ there.
    let i = 0
    while (i < len && s.charCodeAt(start + i) === last.charCodeAt(i)) i++
    if (i === len) return last
  }
  return s.slice(start, end)
}

/** Index of the next space at or after `i` (or the string's length). */
function nextSpace(s: string, i: number): number {
  // indexOf beats a charCodeAt loop from a few characters on (lines are sliced strings).
  const k = s.indexOf(' ', i)
  return k < 0 ? s.length : k
}

/**
 * The token [start, end) as a tag when it ends with ':' — `prog[pid]:`, `prog:`,
 * `sshd(pam_unix)[pid]:` — setting program/pid; false when it is not a tag.
 */
function takeTag(s: string, start: number, end: number, h: SyslogHeader): boolean {
  if (end - start < 2 || s.charCodeAt(end - 1) !== 58 /* : */) return false
  let progEnd = end - 1
  let pid: number | null = null
  if (s.charCodeAt(end - 2) === 93 /* ] */) {
    // The usual `prog[1234]:`: the pid's digits read backwards up to the '[' (no search call).
    let k = end - 3
    let back = 0
    let place = 1
    while (k > start && place <= 1e14) {
      const d = s.charCodeAt(k) - 48
      if (!(d >= 0 && d <= 9)) break
      back += d * place
      place *= 10
      k--
    }
    if (k < end - 3 && k > start && s.charCodeAt(k) === 91 /* [ */) {
      h.program = sameOrSlice(s, start, k, h.lastProgram)
      h.lastProgram = h.program
      h.pid = back
      return true
    }
    const open = s.lastIndexOf('[', end - 3)
    if (open <= start) return false
    let v = 0
    let ok = open + 1 < end - 2
    for (let k = open + 1; k < end - 2; k++) {
      const d = s.charCodeAt(k) - 48
      if (!(d >= 0 && d <= 9)) {
        ok = false
        break
      }
      v = v * 10 + d
    }
    pid = ok ? v : null
    progEnd = open
  }
  h.program = sameOrSlice(s, start, progEnd, h.lastProgram)
  h.lastProgram = h.program
  h.pid = pid
  return true
}

/** RFC 5424 after `<PRI>1 `: `TS HOST APP PROCID MSGID SD MSG`. */
function scanRfc5424(s: string, i: number, zone: ZoneConverter, h: SyslogHeader): boolean {
  let j = i
  if (s.charCodeAt(j) === 45 /* - */) {
    h.kind = 'none'
    j += 2
  } else {
    const iso = scanIsoTimestamp(s, j, zone)
    if (iso === null) return false
    h.kind = 'absolute'
    h.ts = iso.ms
    j = iso.end + 1
  }
  const fields: string[] = []
  for (let f = 0; f < 4 && j < s.length; f++) {
    const e = nextSpace(s, j)
    fields.push(s.slice(j, e))
    j = e + 1
  }
  h.host = fields[0] === '-' || fields[0] === undefined ? null : fields[0]
  h.program = fields[1] === '-' || fields[1] === undefined ? null : fields[1]
  h.pid = fields[2] !== undefined && /^\d+$/.test(fields[2]) ? Number(fields[2]) : null
  // Structured data: '-' or one or more [id k="v" ...] blocks (values may hold escaped ']').
  if (s.charCodeAt(j) === 45) {
    j += 2
  } else {
    while (s.charCodeAt(j) === 91) {
      // Values are quoted and escape '"', '\\' and ']' with a backslash; tolerate a bare ']' inside quotes.
      let k = j + 1
      let quoted = false
      while (k < s.length) {
        const c = s.charCodeAt(k)
        if (c === 92) k += 2
        else if (c === 34) {
          quoted = !quoted
          k++
        } else if (c === 93 && !quoted) break
        else k++
      }
      j = k + 1
    }
    if (s.charCodeAt(j) === 32) j++
  }
  if (s.charCodeAt(j) === 0xfeff) j++
  h.msgStart = Math.min(j, s.length)
  return true
}

/**
 * Only the RFC 3164 timestamp of `line` (month, day, msOfDay into `h`): the cheap scan of the
 * streaming year pre-pass. False when the line does not start with one.
 */
export function scanRfc3164Timestamp(line: string, zone: ZoneConverter, h: SyslogHeader): boolean {
  h.kind = 'none'
  let i = 0
  while (line.charCodeAt(i) === 32) i++
  if (line.charCodeAt(i) === 60) {
    const close = line.indexOf('>', i)
    if (close > i && close < i + 5) i = close + 1
  }
  return scanRfc3164(line, i, zone, h) >= 0 && yearless(h)
}

/** (A function, so TypeScript does not keep the narrowing from `h.kind = 'none'` above.) */
function yearless(h: SyslogHeader): boolean {
  return h.kind === 'rfc3164'
}

/**
 * Parses the syslog header of `line` into `h`. Returns false when the line has no recognisable
 * header (h.kind 'none'; the caller keeps the line as an 'other' event).
 */
export function parseSyslogHeader(line: string, zone: ZoneConverter, h: SyslogHeader): boolean {
  h.kind = 'none'
  h.host = null
  h.program = null
  h.pid = null
  h.msgStart = 0
  let i = 0
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++
  if (line.charCodeAt(i) === 60 /* < */) {
    const close = line.indexOf('>', i)
    if (close > i && close < i + 5) {
      i = close + 1
      if (line.charCodeAt(i) === 49 && line.charCodeAt(i + 1) === 32) return scanRfc5424(line, i + 2, zone, h)
    }
  }
  let j: number
  if (isDigit(line.charCodeAt(i))) {
    const iso = scanIsoTimestamp(line, i, zone)
    // A syslog timestamp is followed by a space (a CSV row starting with a date is not syslog).
    if (iso === null || (iso.end < line.length && line.charCodeAt(iso.end) !== 32)) return false
    h.kind = 'absolute'
    h.ts = iso.ms
    j = iso.end
  } else {
    j = scanRfc3164(line, i, zone, h)
    if (j < 0) return false
  }
  while (line.charCodeAt(j) === 32) j++
  // "[sshd]:" / "[sshd]" in place of host and tag (seen from some BSD and embedded syslogds).
  if (line.charCodeAt(j) === 91) {
    const close = line.indexOf(']', j)
    if (close > j + 1 && close < j + 64 && !line.slice(j + 1, close).includes(' ')) {
      h.program = line.slice(j + 1, close)
      let k = close + 1
      if (line.charCodeAt(k) === 58) k++
      while (line.charCodeAt(k) === 32) k++
      h.msgStart = Math.min(k, line.length)
      return true
    }
  }
  // HOST, unless the next token is already the tag (some writers omit the host).
  const firstEnd = nextSpace(line, j)
  if (takeTag(line, j, firstEnd, h)) {
    h.msgStart = Math.min(firstEnd + 1, line.length)
    return true
  }
  let k = firstEnd + 1
  while (line.charCodeAt(k) === 32) k++
  const tagEnd = nextSpace(line, k)
  if (takeTag(line, k, tagEnd, h)) {
    if (firstEnd > j) {
      h.host = sameOrSlice(line, j, firstEnd, h.lastHost)
      h.lastHost = h.host
    }
    h.msgStart = Math.min(tagEnd + 1, line.length)
  } else {
    // No "prog:" after the second word: not a syslog host + tag ("2025-06-24 14:36:53 status
    // installed ..." of dpkg.log). Keep the time; the rest is the message, the host unknown.
    h.msgStart = Math.min(j, line.length)
  }
  return true
}
