/**
 * A message whose program may be unknown (JSON records, CSV rows): try it as a whole syslog line,
 * then with its program, then with each auth program's parser in turn.
 */
import type { NormalizedEvent } from '../../../shared/event'
import type { ZoneConverter } from '../time/zone'
import { parseAccountMessage } from './accounts'
import { isPam } from './fields'
import type { MessageParser } from './dispatch'
import { parseMessage, programName, unwrapRepeated } from './dispatch'
import { newHeader, parseSyslogHeader } from './header'
import { parsePamMessage } from './pam'
import { parseSshdMessage } from './sshd'
import { parseSuMessage } from './su'
import { parseSudoMessage } from './sudo'
import { parseChkpwdMessage, parseCronMessage, parseLoginMessage, parseLogindMessage } from './system'

const GUESSES: readonly (readonly [string, MessageParser])[] = [
  ['sshd', parseSshdMessage],
  ['sudo', parseSudoMessage],
  ['su', parseSuMessage],
  ['CRON', parseCronMessage],
  ['systemd-logind', parseLogindMessage],
  ['login', parseLoginMessage],
  ['unix_chkpwd', parseChkpwdMessage],
  ['useradd', parseAccountMessage],
]

const header = newHeader()

/**
 * Fills `ev` from `msg`. Sets `ev.program`/`ev.pid` (and the time/host, for a whole syslog line,
 * only when `ev` has none from its record) when they come from the message. False when nothing
 * understood it.
 */
export function parseAnyMessage(program: string | null, text: string, ev: NormalizedEvent, zone: ZoneConverter): boolean {
  // Unwrapped once here so that the guesses below see the inner message too.
  const msg = unwrapRepeated(text, ev)
  if (program !== null && parseMessage(program, msg, ev)) return true
  if (parseSyslogHeader(msg, zone, header) && header.program !== null) {
    const tag = header.program
    const pid = header.pid
    if (parseMessage(tag, msg.slice(header.msgStart), ev)) {
      ev.program ??= programName(tag)
      ev.pid ??= pid
      return true
    }
  }
  if (isPam(msg) && parsePamMessage(msg, ev)) return true
  for (const [name, parser] of GUESSES) {
    if (parser(msg, ev)) {
      ev.program ??= name
      return true
    }
  }
  return false
}
