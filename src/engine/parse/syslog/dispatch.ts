/**
 * Message dispatch: the program name picks the parser, so a line runs only the rules that can
 * match it. `message repeated N times: [ ... ]` is unwrapped here for every program.
 */
import type { NormalizedEvent } from '../../../shared/event'
import { parseAccountMessage } from './accounts'
import { isPam } from './fields'
import { parsePamBody, parsePamMessage } from './pam'
import { parseSshdMessage } from './sshd'
import { parseSuMessage } from './su'
import { parsePkexecMessage, parseSudoMessage } from './sudo'
import { parseChkpwdMessage, parseCronMessage, parseLoginMessage, parseLogindMessage, parsePolkitMessage, parseSftpMessage } from './system'

/** Fills `ev` from one message; false when the message is not understood (ev stays 'other'). */
export type MessageParser = (msg: string, ev: NormalizedEvent) => boolean

const PARSERS = new Map<string, MessageParser>([
  ['sshd', parseSshdMessage],
  ['sshd-session', parseSshdMessage],
  ['sshd-auth', parseSshdMessage],
  ['sudo', parseSudoMessage],
  ['su', parseSuMessage],
  ['su-l', parseSuMessage],
  ['pkexec', parsePkexecMessage],
  ['polkitd', parsePolkitMessage],
  ['cron', parseCronMessage],
  ['crond', parseCronMessage],
  ['crontab', parseCronMessage],
  ['anacron', parseCronMessage],
  ['systemd-logind', parseLogindMessage],
  ['login', parseLoginMessage],
  ['unix_chkpwd', parseChkpwdMessage],
  ['sftp-server', parseSftpMessage],
  ['internal-sftp', parseSftpMessage],
  ...['useradd', 'userdel', 'usermod', 'groupadd', 'groupdel', 'groupmod', 'gpasswd', 'passwd', 'chpasswd', 'chage', 'chfn', 'chsh', 'newusers', 'adduser', 'deluser'].map(
    (p) => [p, parseAccountMessage] as [string, MessageParser],
  ),
])

/** What a syslog tag resolves to; computed once per distinct tag. */
export interface TagInfo {
  /** Program name for the event: `sshd(pam_unix)` → `sshd`, `/usr/sbin/cron` → `cron`. */
  name: string
  parser: MessageParser | undefined
  /** Old Red Hat `sshd(pam_unix)`: the PAM module and service, the message being a PAM body. */
  pam: { module: string; service: string } | null
}

const tagCache = new Map<string, TagInfo>()
let lastTag: string | null = null
let lastInfo: TagInfo | null = null

/** The program name and message parser of a syslog tag (cached: tags repeat on every line). */
export function tagInfo(tag: string): TagInfo {
  // Tags are shared strings when lines repeat them (see header.ts): identity check first.
  if (tag === lastTag && lastInfo !== null) return lastInfo
  let info = tagCache.get(tag)
  if (info === undefined) {
    const paren = tag.indexOf('(')
    const name = computeProgramName(tag)
    info = {
      name,
      parser: PARSERS.get(name) ?? PARSERS.get(name.toLowerCase()),
      // Only `prog(pam_xxx)` is the old PAM form; `polkitd(authority=local)` is a plain program.
      pam: paren > 0 && tag.endsWith(')') && tag.startsWith('pam_', paren + 1) ? { module: tag.slice(paren + 1, -1), service: tag.slice(0, paren) } : null,
    }
    if (tagCache.size >= 10_000) tagCache.clear()
    tagCache.set(tag, info)
  }
  lastTag = tag
  lastInfo = info
  return info
}

/**
 * The program as the event should name it: `sshd(pam_unix)` → `sshd`, `/usr/sbin/cron` → `cron`,
 * kept as written otherwise (CRON stays CRON: it is what analysts grep for).
 */
export function programName(tag: string): string {
  return tagInfo(tag).name
}

function computeProgramName(tag: string): string {
  const paren = tag.indexOf('(')
  const base = paren > 0 ? tag.slice(0, paren) : tag
  const slash = base.lastIndexOf('/')
  return slash >= 0 && slash < base.length - 1 && !base.startsWith('postfix') ? base.slice(slash + 1) : base
}

const REPEATED = /^message repeated (\d+) times: \[\s?(.*?)\s*\]\s*$/

/**
 * rsyslog's `message repeated N times: [ msg ]`: sets `ev.count` to N and returns the inner
 * message; any other message is returned as it is.
 */
export function unwrapRepeated(msg: string, ev: NormalizedEvent): string {
  if (msg.charCodeAt(0) !== 109 /* m */ || !msg.startsWith('message repeated ')) return msg
  const m = REPEATED.exec(msg)
  if (m === null) return msg
  const n = Number(m[1])
  if (Number.isSafeInteger(n) && n >= 1) ev.count = n
  return m[2]
}

/**
 * Parses `msg` logged by `tag` (the raw syslog tag, e.g. `sshd`, `sshd(pam_unix)`, `CRON`; null
 * when the line had none) into `ev`. A repeated message is one event with its count.
 */
export function parseMessage(tag: string | null, raw: string, ev: NormalizedEvent): boolean {
  return parseTagged(tag === null ? null : tagInfo(tag), raw, ev)
}

/** `parseMessage` for a tag already resolved by `tagInfo` (the syslog hot path resolves it once). */
export function parseTagged(info: TagInfo | null, raw: string, ev: NormalizedEvent): boolean {
  const msg = unwrapRepeated(raw, ev)
  if (info === null) return isPam(msg) ? parsePamMessage(msg, ev) : false
  // Old Red Hat: `sshd(pam_unix)[pid]: session opened for user root by (uid=0)`.
  if (info.pam !== null) return parsePamBody(info.pam.module, info.pam.service, msg, ev)
  if (info.parser !== undefined && info.parser(msg, ev)) return true
  return isPam(msg) ? parsePamMessage(msg, ev) : false
}
