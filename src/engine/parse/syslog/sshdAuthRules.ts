/**
 * sshd rules about authentication: accepted, failed (every method), invalid users, PAM
 * failures as sshd logs them, too many attempts. See sshd.ts for how rules are tried.
 */
import { kv, mark, setSource, userOrNull } from './fields'
import { setKeyInfo } from './sshKey'
import { closed, type SshdRule } from './sshdRule'

/** Disconnect reasons that mean the peer sent bytes that are not SSH packets (see CONNECTION_RULES). */
const PROTOCOL_GARBAGE = /^(?:Bad packet length|Corrupted (?:check bytes|MAC) on input|Packet corrupt)/

export const AUTH_RULES: readonly SshdRule[] = [
  [
    'Accepted ',
    // The text after `ssh2: ` names the key of a publickey/hostbased login (sshKey.ts).
    /^Accepted (\S+) for (?:invalid user )?(\S*) from (\S+)(?: port (\d+))?(?: ssh\d?)?(?:: (.*))?\s*$|^Accepted (\S+) for (.*) from (\S+)(?: port (\d+))?(?: ssh\d?(?:: (.*))?)?/,
    (m, ev) => {
      const strict = m[1] !== undefined
      ev.auth_method = strict ? m[1] : m[6]
      ev.user = userOrNull(strict ? m[2] : m[7])
      setSource(ev, strict ? m[3] : m[8], strict ? m[4] : m[9])
      setKeyInfo(ev, strict ? m[5] : m[10])
      return mark(ev, 'auth_success', 'success')
    },
  ],
  [
    'Failed ',
    // The user name is attacker-controlled and may hold spaces or a fake " from IP port N": take
    // a space-free name when the rest of the line fits, else the last "from HOST [port N]".
    /^Failed (\S+) for (?:(?:invalid|illegal) user )?(\S*) from (\S+)(?: port (\d+))?(?: ssh\d?)?(?:: (.*))?\s*$|^Failed (\S+) for (?:(?:invalid|illegal) user )?(.*) from (\S+)(?: port (\d+))?(?: ssh\d?)?(?:: ?(.*))?\s*$/,
    (m, ev) => {
      const strict = m[1] !== undefined
      ev.auth_method = strict ? m[1] : m[6]
      ev.user = userOrNull(strict ? m[2] : m[7])
      setSource(ev, strict ? m[3] : m[8], strict ? m[4] : m[9])
      setKeyInfo(ev, strict ? m[5] : m[10])
      return mark(ev, 'auth_failure', 'failure')
    },
  ],
  [
    'Invalid user',
    /^Invalid user (.*?) from (\S+)(?: port (\d+))?\s*$/,
    (m, ev) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[2], m[3])
      return mark(ev, 'invalid_user', 'failure')
    },
  ],
  [
    'Illegal user',
    /^Illegal user (.*?) from (\S+)(?: port (\d+))?\s*$/,
    (m, ev) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[2], m[3])
      return mark(ev, 'invalid_user', 'failure')
    },
  ],
  [
    'input_userauth_request: ',
    /^input_userauth_request: (?:invalid|illegal) user (.*?)(?:\s*\[preauth\])?\s*$/,
    (m, ev) => {
      ev.user = userOrNull(m[1])
      return mark(ev, 'invalid_user', 'failure')
    },
  ],
  [
    'Postponed ',
    /^Postponed (\S+) for (?:invalid user )?(.*?) from (\S+)(?: port (\d+))?(?: ssh\d?(?:: (.*))?)?/,
    (m, ev) => {
      ev.auth_method = m[1]
      ev.user = userOrNull(m[2])
      setSource(ev, m[3], m[4])
      setKeyInfo(ev, m[5])
      return mark(ev, 'service', 'unknown')
    },
  ],
  [
    'Disconnecting',
    /^Disconnecting(?: (?:authenticating|invalid) user (\S+) (\S+)(?: port (\d+))?)?(?: from (\S+)(?: port (\d+))?)?(?::\s*(.*))?$/,
    (m, ev, msg) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[2] ?? m[4], m[3] ?? m[5])
      const reason = m[6] ?? ''
      const forUser = /^Too many authentication failures(?: for (?:invalid user )?(\S+?))?(?:\s*\[preauth\])?\s*$/.exec(reason)
      if (forUser !== null) {
        if (forUser[1] !== undefined) ev.user = forUser[1]
        return mark(ev, 'max_auth_exceeded', 'failure')
      }
      if (/Change of username or service not allowed|Auth fail/i.test(reason)) return mark(ev, 'auth_failure', 'failure')
      // Garbage where a packet should be: a scanner, a fuzzer or an exploit attempt, not a user.
      if (PROTOCOL_GARBAGE.test(reason)) return mark(ev, 'connection_probe', 'failure')
      return closed(ev, msg)
    },
  ],
  [
    'maximum authentication attempts exceeded',
    /^maximum authentication attempts exceeded for (?:invalid user )?(.*?) from (\S+)(?: port (\d+))?/,
    (m, ev) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[2], m[3])
      return mark(ev, 'max_auth_exceeded', 'failure')
    },
  ],
  [
    'User ',
    /^User (\S+), coming from (\S+), authenticated/,
    (m, ev) => {
      ev.user = m[1]
      setSource(ev, m[2])
      return mark(ev, 'auth_success', 'success')
    },
  ],
  [
    'PAM: ',
    /^PAM: (?!User not known)(?:[Aa]uthentication (?:failure|error)|.*?) for (?:illegal user |invalid user )?(.*?) from (\S+)(?: via \S+)?\s*$/,
    (m, ev) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[2])
      return mark(ev, 'auth_failure', 'failure')
    },
  ],
  // Each of the next two has one regex under two prefixes, so that it is tried only on lines
  // starting with one of them (a rule without a prefix would run on every line).
  ...['PAM: User not known', 'User not known'].map(
    (prefix): SshdRule => [
      prefix,
      /^(?:PAM: )?User not known to the underlying authentication module for (?:illegal user |invalid user )?(.*?) from (\S+)/,
      (m, ev) => {
        ev.user = userOrNull(m[1])
        setSource(ev, m[2])
        return mark(ev, 'invalid_user', 'failure')
      },
    ],
  ),
  ...['Authentication ', 'authentication '].map(
    (prefix): SshdRule => [
      prefix,
      /^[Aa]uthentication (?:failure|error|failed) for (?:invalid user )?(.*?) from (\S+)(?: via \S+)?\s*$/,
      (m, ev) => {
        ev.user = userOrNull(m[1])
        setSource(ev, m[2])
        return mark(ev, 'auth_failure', 'failure')
      },
    ],
  ),
  [
    'Could not get shadow information',
    /^Could not get shadow information for (\S+)/,
    (m, ev) => {
      ev.user = userOrNull(m[1])
      return mark(ev, 'auth_failure', 'failure')
    },
  ],
  ['Authentication refused', /^Authentication refused: /, (_m, ev) => mark(ev, 'auth_failure', 'failure')],
  [
    // A right key used from a host its `from=` option (or a certificate's source-address) excludes.
    'Authentication tried for ',
    /^Authentication tried for (.*?) with (?:correct key|valid certificate) but not from a permitted (?:host \(host=(\S*?), ip=(\S+?)\)|source address \((\S+?)\))/,
    (m, ev) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[3] ?? m[4] ?? m[2])
      return mark(ev, 'auth_failure', 'failure')
    },
  ],
  [
    'PAM service(',
    /^PAM service\((\S+?)\) ignoring max retries; (\d+) > (\d+)/,
    (_m, ev) => mark(ev, 'max_auth_exceeded', 'failure'),
  ],
  [
    'PAM ',
    /^PAM (\d+) more authentication failures?;(.*)$/,
    (m, ev) => {
      ev.user = kv(m[2], 'user') ?? null
      setSource(ev, kv(m[2], 'rhost'))
      return mark(ev, 'auth_failure', 'failure')
    },
  ],
]
