import { hash } from 'node:crypto'
import type { NormalizedEvent } from '../../shared/event'

/**
 * A content key for one event: the same log entry read from two files (auth.log.1 and a copy
 * inside auth.log.2.gz) gives the same key; different entries give different keys. Built from
 * host, time, program, pid and a hash of the raw text — deliberately not the file or line.
 */
export function eventKey(e: NormalizedEvent): string {
  // The one-shot hash: the same digest as createHash('sha1'), a third of the cost (a million a scan).
  const digest = hash('sha1', e.raw, 'base64url').slice(0, 22)
  return `${e.host}\u0001${e.ts}\u0001${e.program ?? ''}\u0001${e.pid ?? ''}\u0001${digest}`
}

/**
 * Keys for the events of one file, in order: like `eventKey`, with `#n` added to the n-th repeat
 * of the same key within the file. Two genuinely identical lines in one file (same second, pid and
 * text: sshd writes them when one connection fails twice within a second) then stay two events,
 * while the same stretch of log in two overlapping rotated files still gives the same keys.
 */
export function eventKeysOf(events: readonly NormalizedEvent[]): string[] {
  return numberRepeats(events.map(eventKey))
}

/**
 * Adds `#n` to the n-th repeat of a base key in `keys` (one file's keys, in line order).
 * `priorRepeats(i)` says how many times `keys[i]` occurred earlier in the same file, before this
 * batch (a tail of a file already partly stored); it is asked once per distinct key. `seen` ends
 * up holding, per base key, the repeats before this batch plus those in it.
 */
export function numberRepeats(keys: readonly string[], priorRepeats?: (i: number) => number, seen = new Map<string, number>()): string[] {
  return keys.map((key, i) => {
    const n = seen.get(key) ?? priorRepeats?.(i) ?? 0
    seen.set(key, n + 1)
    return n === 0 ? key : `${key}#${n}`
  })
}
