/** The shape of an sshd rule and the helpers its rule tables share. */
import type { NormalizedEvent } from '../../../shared/event'
import { mark } from './fields'

/** [literal prefix ('' = any), regex, apply]: `apply` fills the event and returns true. */
export type SshdRule = readonly [prefix: string, re: RegExp, apply: (m: RegExpExecArray, ev: NormalizedEvent, msg: string) => boolean]

/** JavaScript's `\s` (what the rule regexes mean by white space), by char code. */
function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13)
  if (c < 0xa0) return false
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

/** `/\[preauth\]\s*$/.test(msg)` without a regex scan of the whole message. */
export function endsWithPreauth(msg: string): boolean {
  let end = msg.length
  while (end > 0 && isSpaceCode(msg.charCodeAt(end - 1))) end--
  return end >= 9 && msg.startsWith('[preauth]', end - 9)
}

/** A connection that ended: before authentication (`[preauth]`) or after a session. */
export function closed(ev: NormalizedEvent, msg: string): true {
  return mark(ev, endsWithPreauth(msg) ? 'preauth_close' : 'disconnect', 'unknown')
}
