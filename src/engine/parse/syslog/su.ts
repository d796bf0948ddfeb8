/**
 * su: `(to root) alice on pts/0`, `FAILED SU (to root) alice on pts/0`, the old `+ pts/0 alice:root`
 * / `- pts/0 alice:root`, `Successful su for root by alice` / `FAILED su for root by alice`.
 */
import type { NormalizedEvent } from '../../../shared/event'
import { isPam, mark } from './fields'
import { parsePamMessage } from './pam'

const TO = /^(FAILED SU )?\(to (\S+)\) (\S+) on (\S+)/
const SIGN = /^([+-]) (\S+) (\S+?):(\S+)\s*$/
const WORDY = /^(Successful|FAILED) su for (\S+) by (\S+)/

export function parseSuMessage(msg: string, ev: NormalizedEvent): boolean {
  if (isPam(msg)) return parsePamMessage(msg, ev)
  let m = TO.exec(msg)
  if (m !== null) {
    ev.user = m[3]
    ev.target_user = m[2]
    return m[1] === undefined ? mark(ev, 'su', 'success') : mark(ev, 'su_failure', 'failure')
  }
  m = SIGN.exec(msg)
  if (m !== null) {
    ev.user = m[3]
    ev.target_user = m[4]
    return m[1] === '+' ? mark(ev, 'su', 'success') : mark(ev, 'su_failure', 'failure')
  }
  m = WORDY.exec(msg)
  if (m !== null) {
    ev.user = m[3]
    ev.target_user = m[2]
    return m[1] === 'Successful' ? mark(ev, 'su', 'success') : mark(ev, 'su_failure', 'failure')
  }
  if (msg.startsWith('pam_authenticate: ') || msg.startsWith('Authentication failure')) return mark(ev, 'su_failure', 'failure')
  m = /^No passwd entry for user '(.*)'/.exec(msg)
  if (m !== null) {
    ev.target_user = m[1]
    return mark(ev, 'su_failure', 'failure')
  }
  return false
}
