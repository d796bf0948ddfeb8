/**
 * sshd rules about sessions and the daemon itself: transfers, session start/close, subsystems
 * (sftp), listening, signals, host keys, MaxStartups.
 */
import { mark, setSource, userOrNull } from './fields'
import { setKey } from './sshKey'
import type { SshdRule } from './sshdRule'

export const SESSION_RULES: readonly SshdRule[] = [
  [
    'Transferred: ',
    /^Transferred: sent (\d+), received (\d+) bytes/,
    (m, ev) => {
      ev.bytes = Number(m[1]) + Number(m[2])
      return mark(ev, 'network', 'success')
    },
  ],
  [
    'Starting session: ',
    /^Starting session: .*? for (\S+) from (\S+) port (\d+)/,
    (m, ev) => {
      ev.user = m[1]
      setSource(ev, m[2], m[3])
      return mark(ev, 'service', 'success')
    },
  ],
  [
    'Close session: ',
    /^Close session: user (\S+) from (\S+) port (\d+)/,
    (m, ev) => {
      ev.user = m[1]
      setSource(ev, m[2], m[3])
      return mark(ev, 'service', 'success')
    },
  ],
  [
    'subsystem request for ',
    /^subsystem request for (\S+)(?: by user (\S+))?/,
    (m, ev) => {
      ev.user = userOrNull(m[2])
      ev.command = m[1]
      return mark(ev, 'service', 'success')
    },
  ],
  [
    // LogLevel VERBOSE, before `Accepted publickey`: the authorized key that matched.
    'Accepted key ',
    /^Accepted key (\S+) (\S+) found at /,
    (m, ev) => {
      setKey(ev, m[1], m[2])
      return mark(ev, 'service', 'unknown')
    },
  ],
  // The same for a certificate; the key named there is the CA's, not the user's (sshKey.ts).
  ['Accepted certificate ', /^Accepted certificate ID /, (_m, ev) => mark(ev, 'service', 'unknown')],
  [
    // OpenSSH 5.x/6.x (VERBOSE): `Found matching RSA key: 8c:e3:...` before `Accepted publickey`.
    'Found matching ',
    /^Found matching (\S+) key: (\S+)/,
    (m, ev) => {
      setKey(ev, m[1], m[2])
      return mark(ev, 'service', 'unknown')
    },
  ],
  // sshd's debug output of the authentication loop: bookkeeping, the failures have lines of their own.
  ['debug1: attempt ', /^debug1: attempt \d+ failures \d+/, (_m, ev) => mark(ev, 'service', 'unknown')],
  [
    'Server listening on ',
    /^Server listening on (\S+) port (\d+)/,
    (_m, ev) => mark(ev, 'service', 'success'),
  ],
  [
    '',
    /^(?:Received signal \d+; terminating|Received SIGHUP; restarting|Server terminated|Exiting on signal|User child is on pid|Changed root directory|session opened for local user|Starting session|Bind to port|Cannot bind any address|Could not load host key|beginning MaxStartups throttling|exited MaxStartups throttling)/,
    (_m, ev) => mark(ev, 'service', 'unknown'),
  ],
]
