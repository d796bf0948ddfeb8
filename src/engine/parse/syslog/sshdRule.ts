/** The shape of an sshd rule and the helpers its rule tables share. */
import type { NormalizedEvent } from '../../../shared/event'
import { mark } from './fields'

/** [literal prefix ('' = any), regex, apply]: `apply` fills the event and returns true. */
export type SshdRule = readonly [prefix: string, re: RegExp, apply: (m: RegExpExecArray, ev: NormalizedEvent, msg: string) => boolean]

const PREAUTH = /\s*\[preauth\]\s*$/

/** A connection that ended: before authentication (`[preauth]`) or after a session. */
export function closed(ev: NormalizedEvent, msg: string): true {
  return mark(ev, PREAUTH.test(msg) ? 'preauth_close' : 'disconnect', 'unknown')
}
