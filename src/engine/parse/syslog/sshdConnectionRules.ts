/**
 * sshd rules about connections: closes and disconnects (`[preauth]` or not), probes and
 * scanners, refusals (negotiation, AllowUsers/DenyUsers, penalties), timeouts, forwarding.
 */
import { mark, setSource, userOrNull } from './fields'
import { closed, type SshdRule } from './sshdRule'

const AUTH_FAIL_REASON = /Auth fail|No supported authentication methods|No (?:more user )?authentication methods|Too many authentication failures/i

export const CONNECTION_RULES: readonly SshdRule[] = [
  [
    'Connection closed by ',
    /^Connection closed by (?:(?:authenticating|invalid) user (.*?) )?(\S+)(?: port (\d+))?(?:\s*\[preauth\])?\s*$/,
    (m, ev, msg) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[2], m[3])
      return closed(ev, msg)
    },
  ],
  [
    'Connection reset by ',
    /^Connection reset by (?:(?:authenticating|invalid) user (.*?) )?(\S+)(?: port (\d+))?(?:\s*\[preauth\])?\s*$/,
    (m, ev, msg) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[2], m[3])
      return closed(ev, msg)
    },
  ],
  [
    'Received disconnect from ',
    /^Received disconnect from (\S+?)(?: port (\d+))?:\s*(\d+):\s*(.*)$/,
    (m, ev, msg) => {
      setSource(ev, m[1], m[2])
      if (AUTH_FAIL_REASON.test(m[4])) return mark(ev, 'auth_failure', 'failure')
      return closed(ev, msg)
    },
  ],
  [
    'Disconnected from ',
    /^Disconnected from (?:(?:authenticating |invalid )?user (.*?) )?(\S+)(?: port (\d+))?(?:\s*\[preauth\])?\s*$/,
    (m, ev, msg) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[2], m[3])
      return closed(ev, msg)
    },
  ],
  [
    'Did not receive identification string',
    /^Did not receive identification string from (\S+)(?: port (\d+))?/,
    (m, ev) => {
      setSource(ev, m[1], m[2])
      return mark(ev, 'connection_probe', 'failure')
    },
  ],
  [
    'Bad protocol version identification',
    /^Bad protocol version identification (.*) from (\S+)(?: port (\d+))?\s*$/,
    (m, ev) => {
      setSource(ev, m[2], m[3])
      return mark(ev, 'connection_probe', 'failure')
    },
  ],
  [
    'Protocol major versions differ',
    /^Protocol major versions differ(?: for (\S+?)(?: port (\d+))?)?:/,
    (m, ev) => {
      setSource(ev, m[1], m[2])
      return mark(ev, 'connection_probe', 'failure')
    },
  ],
  [
    'reverse mapping checking',
    /^reverse mapping checking getaddrinfo for (\S+)(?: \[(\S+?)\])? failed/,
    (m, ev) => {
      setSource(ev, m[2])
      return mark(ev, 'connection_probe', 'unknown')
    },
  ],
  [
    'Address ',
    /^Address (\S+) maps to (\S+), but this does not map back/,
    (m, ev) => {
      setSource(ev, m[1])
      return mark(ev, 'connection_probe', 'unknown')
    },
  ],
  [
    'kex_exchange_identification',
    /^kex_exchange_identification: /,
    (_m, ev) => mark(ev, 'connection_probe', 'failure'),
  ],
  [
    'banner exchange',
    /^banner exchange: Connection from (\S+)(?: port (\d+))?/,
    (m, ev) => {
      setSource(ev, m[1], m[2])
      return mark(ev, 'connection_probe', 'failure')
    },
  ],
  [
    'SSH: Server;Ltype',
    /^SSH: Server;Ltype: \w+;Remote: (\S+?)-(\d+);/,
    (m, ev) => {
      setSource(ev, m[1], m[2])
      return mark(ev, 'connection_probe', 'failure')
    },
  ],
  [
    'scanned from ',
    /^scanned from (\S+)/,
    (m, ev) => {
      setSource(ev, m[1])
      return mark(ev, 'connection_probe', 'failure')
    },
  ],
  // Protocol garbage: bytes that are not SSH packets (scanners, fuzzers, old exploits such as the
  // SSH-1 CRC32 one). These lines name no peer; the connection's other lines do.
  [
    'Corrupted ',
    /^Corrupted (?:MAC|check bytes) on input/,
    (_m, ev) => mark(ev, 'connection_probe', 'failure'),
  ],
  ['Bad packet length ', /^Bad packet length \d+/, (_m, ev) => mark(ev, 'connection_probe', 'failure')],
  // `buffer_get_bignum2_ret: negative numbers not supported`, `buffer_get_string_ret: bad string
  // length N`, `buffer_get_int: buffer error` (with `error: `/`fatal: `): a malformed packet.
  ['buffer_', /^buffer_(?:get|put)_\w+: /, (_m, ev) => mark(ev, 'connection_probe', 'failure')],
  [
    'Unable to negotiate',
    /^Unable to negotiate(?: with (\S+)(?: port (\d+))?:)?/,
    (m, ev) => {
      setSource(ev, m[1], m[2])
      return mark(ev, 'connection_refused', 'failure')
    },
  ],
  ['no matching ', /^no matching \S+(?: \S+)? found/, (_m, ev) => mark(ev, 'connection_refused', 'failure')],
  [
    'User ',
    /^User (.*?)(?: from (\S+))? not allowed because /,
    (m, ev) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[2])
      return mark(ev, 'connection_refused', 'failure')
    },
  ],
  [
    'ROOT LOGIN REFUSED',
    /^ROOT LOGIN REFUSED(?: FROM (\S+))?/,
    (m, ev) => {
      ev.user = 'root'
      setSource(ev, m[1])
      return mark(ev, 'connection_refused', 'failure')
    },
  ],
  [
    'drop connection #',
    // OpenSSH 9.8+ PerSourcePenalties / MaxStartups: "drop connection #0 from [IP]:PORT on [IP]:22 penalty: ..."
    /^drop connection #\d+ from \[(\S+?)\]:(\d+)/,
    (m, ev) => {
      setSource(ev, m[1], m[2])
      return mark(ev, 'connection_refused', 'failure')
    },
  ],
  [
    'srclimit_penalise',
    /^srclimit_penalise: \w+: (?:new|extending) ([0-9a-fA-F.:]+)\/\d+/,
    (m, ev) => {
      setSource(ev, m[1])
      return mark(ev, 'connection_refused', 'failure')
    },
  ],
  [
    'refused connect from ',
    /^refused connect from (\S+)(?: \((\S+)\))?/,
    (m, ev) => {
      setSource(ev, m[2] ?? m[1])
      return mark(ev, 'connection_refused', 'failure')
    },
  ],
  [
    'ssh_dispatch_run_fatal',
    /^ssh_dispatch_run_fatal: Connection from (?:(?:authenticating|invalid) user (\S+) )?(\S+)(?: port (\d+))?/,
    (m, ev, msg) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[2], m[3])
      return closed(ev, msg)
    },
  ],
  [
    'Timeout, client not responding',
    /^Timeout, client not responding(?: from (?:user (\S+) )?(\S+)(?: port (\d+))?)?/,
    (m, ev, msg) => {
      ev.user = userOrNull(m[1])
      setSource(ev, m[2], m[3])
      return closed(ev, msg)
    },
  ],
  [
    'Timeout before authentication',
    /^Timeout before authentication(?: for (\S+)(?: port (\d+))?)?/,
    (m, ev) => {
      setSource(ev, m[1], m[2])
      return mark(ev, 'preauth_close', 'unknown')
    },
  ],
  [
    'Connection from ',
    /^Connection from (\S+)(?: port (\d+))?/,
    (m, ev) => {
      setSource(ev, m[1], m[2])
      return mark(ev, 'network', 'unknown')
    },
  ],
  [
    'connect',
    /^connect(?:_| )to (\S+) port (\d+):? failed/,
    (_m, ev) => mark(ev, 'network', 'failure'),
  ],
  [
    '',
    /Connection reset by peer|^accept: Software caused connection abort|^Broken pipe/,
    (_m, ev, msg) => closed(ev, msg),
  ],
]
