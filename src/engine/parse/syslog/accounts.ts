/**
 * Account management (shadow-utils and friends): useradd, userdel, usermod, groupadd, groupdel,
 * groupmod, gpasswd, passwd, chpasswd, chage, chfn, chsh. `target_user` is the account (or group)
 * acted on; `command` carries a short description of the change (e.g. `add to group sudo`) so a
 * reason can name it; `user` is the actor when the line names one (gpasswd, passwd).
 */
import type { EventKind, NormalizedEvent } from '../../../shared/event'
import { isPam, mark } from './fields'
import { parsePamMessage } from './pam'

type Rule = readonly [re: RegExp, apply: (m: RegExpExecArray, ev: NormalizedEvent) => void, kind: EventKind]

const RULES: readonly Rule[] = [
  [/^new user: name=([^,\s]+)/, (m, ev) => (ev.target_user = m[1]), 'user_add'],
  [/^(?:new group|group added to \S+): name=([^,\s]+)/, (m, ev) => (ev.target_user = m[1]), 'group_add'],
  [/^delete user '(.+?)'/, (m, ev) => (ev.target_user = m[1]), 'user_delete'],
  [/^removed (?:shadow )?group '(.+?)'/, (m, ev) => (ev.target_user = m[1]), 'group_delete'],
  [/^group '(.+?)' removed/, (m, ev) => (ev.target_user = m[1]), 'group_delete'],
  [
    /^add '(.+?)' to (?:shadow )?group '(.+?)'/,
    (m, ev) => {
      ev.target_user = m[1]
      ev.command = `add to group ${m[2]}`
    },
    'user_modify',
  ],
  [
    /^delete '(.+?)' from (?:shadow )?group '(.+?)'/,
    (m, ev) => {
      ev.target_user = m[1]
      ev.command = `remove from group ${m[2]}`
    },
    'user_modify',
  ],
  [/^change user '(.+?)' password/, (m, ev) => (ev.target_user = m[1]), 'password_change'],
  [
    /^(lock|unlock) user '(.+?)' password/,
    (m, ev) => {
      ev.target_user = m[2]
      ev.command = m[1]
    },
    'user_modify',
  ],
  [
    /^change user name '(.+?)' to '(.+?)'/,
    (m, ev) => {
      ev.target_user = m[1]
      ev.command = `rename to ${m[2]}`
    },
    'user_modify',
  ],
  [
    /^change user '(.+?)' (\S+) from '(.*?)' to '(.*?)'/,
    (m, ev) => {
      ev.target_user = m[1]
      ev.command = `change ${m[2]} from ${m[3]} to ${m[4]}`
    },
    'user_modify',
  ],
  [
    /^group changed in \S+ \(group (.+?)\/\d+(?:, new name: (.+?))?(?:, new gid: \d+)?\)/,
    (m, ev) => {
      ev.target_user = m[1]
      if (m[2] !== undefined) ev.command = `rename to ${m[2]}`
    },
    'group_modify',
  ],
  [
    /^user (\S+) (added|removed) by (\S+) (?:to|from) group (\S+)/,
    (m, ev) => {
      ev.target_user = m[1]
      ev.user = m[3]
      ev.command = `${m[2] === 'added' ? 'add to' : 'remove from'} group ${m[4]}`
    },
    'group_modify',
  ],
  [
    /^members of group (\S+) set by (\S+) to (.*)$/,
    (m, ev) => {
      ev.target_user = m[1]
      ev.user = m[2]
      ev.command = `set members ${m[3]}`
    },
    'group_modify',
  ],
  [
    /^password for '?(.+?)'? changed by '?(.+?)'?\s*$/,
    (m, ev) => {
      ev.target_user = m[1]
      ev.user = m[2]
    },
    'password_change',
  ],
  [/^changed password expiry for (\S+)/, (m, ev) => (ev.target_user = m[1]), 'user_modify'],
  [/^changed user '(.+?)' information/, (m, ev) => (ev.target_user = m[1]), 'user_modify'],
  [
    /^changed user '(.+?)' shell to '(.*?)'/,
    (m, ev) => {
      ev.target_user = m[1]
      ev.command = `change shell to ${m[2]}`
    },
    'user_modify',
  ],
]

const FAILED = /^failed adding user '(.+?)'/

export function parseAccountMessage(msg: string, ev: NormalizedEvent): boolean {
  if (isPam(msg)) return parsePamMessage(msg, ev)
  for (const [re, apply, kind] of RULES) {
    const m = re.exec(msg)
    if (m !== null) {
      apply(m, ev)
      return mark(ev, kind, 'success')
    }
  }
  const f = FAILED.exec(msg)
  if (f !== null) {
    ev.target_user = f[1]
    return mark(ev, 'user_add', 'failure')
  }
  return false
}
