/**
 * Evidence for issue 3's "every sshd failure message type of the sshd filter of fail2ban and the
 * sshd decoders of Wazuh is recognised": one representative line per kind, with the event kind,
 * user and source IP it must yield (null where the line has none, or names a host, not an IP).
 *
 * Sources (read from the public repositories):
 * - fail2ban, config/filter.d/sshd.conf (1.x, with `mode` = normal | ddos | extra | aggressive =
 *   ddos + extra): every line of `cmnfailre`, `mdre-<mode>`, `mdre-<mode>-other`, `cfooterre`,
 *   and `cmnfailre-failed-pub-*`. Lines are taken from fail2ban's own test log
 *   fail2ban/tests/files/logs/sshd where it has one.
 * - Wazuh, ruleset/decoders/0310-ssh_decoders.xml: each `<decoder>` whose parent is `sshd`, with
 *   the example lines of the file's header comment and of the comments above the decoders.
 */
import { describe, expect, it } from 'vitest'
import type { EventKind } from '../../../src/shared/event'
import { parseLines } from '../../../src/engine/parse/parseLines'

interface Want {
  event: EventKind
  user: string | null
  src_ip: string | null
}

/** [what it stands for, the line, what it must yield]. */
type Row = readonly [name: string, line: string, want: Want]

const want = (event: EventKind, user: string | null = null, src_ip: string | null = null): Want => ({ event, user, src_ip })

/** fail2ban filter.d/sshd.conf, by mode. Each name is the failregex (abridged) it stands for. */
const FAIL2BAN: readonly Row[] = [
  // cmnfailre (every mode)
  ['normal: [aA]uthentication (failure|error|failed) for <USER> from <HOST> ( via \\S+)?', 'Apr 29 12:53:38 Jamess-iMac.local sshd[47831]: error: PAM: authentication failure for james from 205.186.180.88 via 192.168.1.201', want('auth_failure', 'james', '205.186.180.88')],
  ['normal: User not known to the underlying authentication module for <USER> from <HOST>', 'Dec 12 20:04:39 aragorn sshd[1328]: error: PAM: User not known to the underlying authentication module for illegal user kernelitshell from 10.215.4.227 ', want('invalid_user', 'kernelitshell', '10.215.4.227')],
  ['normal: cmnfailre-failed-pub-invalid: Failed publickey for invalid user <USER> from <HOST>', 'Jul 05 18:22:44 mercury sshd[4669]: Failed publickey for invalid user graysky from 127.0.0.1 port 37954 ssh2: RSA SHA256:v3dpapGleDaUKf$4V1vKyR9ZyUgjaJAmoCTcb2PLljI', want('auth_failure', 'graysky', '127.0.0.1')],
  ['normal: Failed <method> for (invalid user )?<USER> from <HOST>', 'Feb 25 14:34:10 belka sshd[31602]: Failed password for invalid user ROOT from 194.117.26.69 port 50273 ssh2', want('auth_failure', 'ROOT', '194.117.26.69')],
  ['normal: Failed <method> ... (hostbased, key and client user/host after)', 'Sep 29 17:15:02 spaceman sshd[12946]: Failed hostbased for dan from 127.0.0.1 port 45785 ssh2: RSA 8c:e3:aa:0f:64:51:02:f7:14:79:89:3f:65:84:7c:30, client user "dan", client host "localhost.localdomain"', want('auth_failure', 'dan', '127.0.0.1')],
  ['normal: <USER=ROOT> LOGIN REFUSED FROM <HOST>', 'Jan  5 01:31:41 www sshd[1643]: ROOT LOGIN REFUSED FROM 1.2.3.4 port 12345 [preauth]', want('connection_refused', 'root', '1.2.3.4')],
  ['normal: [iI](llegal|nvalid) user <USER> from <HOST>', 'Jul 20 14:42:12 localhost sshd[22708]: Invalid user ftp from 192.0.2.2 port 37220', want('invalid_user', 'ftp', '192.0.2.2')],
  ['normal: User <USER> from <HOST> not allowed because not listed in AllowUsers', 'Mar  3 00:17:22 [sshd]: User root from 211.188.220.49 not allowed because not listed in AllowUsers', want('connection_refused', 'root', '211.188.220.49')],
  ['normal: User <USER> from <HOST> not allowed because listed in DenyUsers', 'Apr 16 22:01:15 al-ribat sshd[5154]: User root from 46.45.128.3 not allowed because listed in DenyUsers', want('connection_refused', 'root', '46.45.128.3')],
  ['normal: User <USER> from <HOST> not allowed because not in any group (host name: no IP)', 'Mar 26 04:56:27 angel sshd[9739]: User allena from example.com not allowed because not in any group', want('connection_refused', 'allena', null)],
  ['normal: refused connect from \\S+ (<HOST>)', 'Nov 11 23:33:27 Server sshd[5174]: refused connect from _U2FsdGVkX19P3BCJmFBHhjLza8BcMH06WCUVwttMHpE=_@::ffff:218.249.210.161 (::ffff:218.249.210.161)', want('connection_refused', null, '218.249.210.161')],
  ['normal: Received disconnect from <HOST>: 3: .*: Auth fail', 'Jul 13 18:44:28 mdop sshd[4931]: Received disconnect from 89.24.13.192: 3: com.jcraft.jsch.JSchException: Auth fail', want('auth_failure', null, '89.24.13.192')],
  ['normal: User <USER> from <HOST> not allowed because a group is listed in DenyGroups', 'Feb 7 16:01:07 linux-m899 sshd[5106]: User root from 192.51.100.54 not allowed because a group is listed in DenyGroups', want('connection_refused', 'root', '192.51.100.54')],
  ["normal: User <USER> from <HOST> not allowed because none of user's groups are listed in AllowGroups", "Jan 5 11:15:05 NAS sshd[1966]: User root from 10.0.0.40 not allowed because none of user's groups are listed in AllowGroups", want('connection_refused', 'root', '10.0.0.40')],
  ['normal: pam_[a-z]+(sshd:auth): authentication failure; ... rhost=<HOST> user=<USER>', '2015-04-16T18:02:50.321974+00:00 host sshd[2716]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.112  user=root', want('auth_failure', 'root', '192.0.2.112')],
  ['normal: maximum authentication attempts exceeded for <USER> from <HOST>', 'Nov 23 21:50:37 myhost sshd[21810]: error: maximum authentication attempts exceeded for root from 61.0.0.1 port 49940 ssh2 [preauth]', want('max_auth_exceeded', 'root', '61.0.0.1')],
  ['normal: User <USER> not allowed because account is locked', 'Apr 24 01:39:19 host sshd[3719]: User root not allowed because account is locked', want('connection_refused', 'root', null)],
  ['normal: Disconnecting (invalid|authenticating) user <USER> <HOST>: Change of username or service not allowed', 'Mar 19 16:47:49 test sshd[5672]: Disconnecting invalid user admin 192.0.2.117 port 44004: Change of username or service not allowed: (admin,ssh-connection) -> (user,ssh-connection) [preauth]', want('auth_failure', 'admin', '192.0.2.117')],
  ['normal: Disconnecting: Too many authentication failures( for <USER>)?', 'Nov 28 09:16:05 srv sshd[32310]: Disconnecting: Too many authentication failures for git [preauth]', want('max_auth_exceeded', 'git', null)],
  ['normal (nofail): Received disconnect from <HOST>: 11:', 'May 27 00:16:33 host sshd[2364]: Received disconnect from 198.51.100.76 port 58846:11: Bye Bye [preauth]', want('preauth_close', null, '198.51.100.76')],
  ['normal (nofail): mdre-normal-other: (Connection closed|Disconnected) (by|from) (authenticating|invalid) user <USER> <HOST>', 'Jul 17 23:03:05 srv sshd[1296]: Connection closed by authenticating user root 192.0.2.10 port 46038 [preauth]', want('preauth_close', 'root', '192.0.2.10')],
  ['normal (gained): Accepted \\w+ for <USER> from <HOST>', 'Mar  7 18:53:24 bar sshd[1558]: Accepted password for known from 192.0.2.114 port 52100 ssh2', want('auth_success', 'known', '192.0.2.114')],
  ['normal (nofail): cfooterre: Connection from <HOST>', 'Feb 12 04:09:18 localhost sshd[26713]: Connection from 115.249.163.77 port 51353 on 127.0.0.1 port 22', want('network', null, '115.249.163.77')],
  // mdre-ddos (ddos, aggressive)
  ['ddos: Did not receive identification string from <HOST>', 'Jun 7 01:11:57 host sshd[8782]: Did not receive identification string from 192.0.2.5 port 35836', want('connection_probe', null, '192.0.2.5')],
  ['ddos: kex_exchange_identification: client sent invalid protocol identifier', 'Feb 17 17:40:17 sshd[19725]: error: kex_exchange_identification: client sent invalid protocol identifier ""', want('connection_probe')],
  ['ddos: kex_exchange_identification: Connection closed by remote host', 'Feb 17 17:40:18 sshd[19725]: error: kex_exchange_identification: Connection closed by remote host', want('connection_probe')],
  ["ddos: Bad protocol version identification '.*' from <HOST>", "Jun 7 01:11:58 host sshd[8783]: Bad protocol version identification 'dummy string' from 69.61.56.115 port 31778", want('connection_probe', null, '69.61.56.115')],
  ['ddos (nofail): SSH: Server;Ltype: (Authname|Version|Kex);Remote: <HOST>-\\d+', 'Nov 24 23:46:41 host sshd[32686]: SSH: Server;Ltype: Authname;Remote: 127.0.0.1-1780;Name: root [preauth]', want('connection_probe', null, '127.0.0.1')],
  ['ddos: Read from socket failed: Connection reset by peer', 'Nov 24 23:46:43 host sshd[32686]: fatal: Read from socket failed: Connection reset by peer [preauth]', want('preauth_close')],
  ['ddos: mdre-ddos-other: Connection reset by <HOST> [preauth]', 'Mar 15 09:20:57 host sshd[28972]: Connection reset by 192.0.2.39 port 14282 [preauth]', want('preauth_close', null, '192.0.2.39')],
  ['ddos: mdre-ddos-other: Connection closed by invalid user <USER> <HOST> [preauth] (empty user)', 'Jun  6 04:17:09 host sshd[1189074]: Connection closed by invalid user  192.0.2.68 port 34916 [preauth]', want('preauth_close', null, '192.0.2.68')],
  ['ddos: mdre-ddos-other: Disconnected from <HOST> [preauth]', 'Jul 18 17:19:11 srv sshd[2101]: Disconnected from 192.0.2.4 port 36985 [preauth]', want('preauth_close', null, '192.0.2.4')],
  // mdre-extra (extra, aggressive)
  ['aggressive: Received disconnect from <HOST>: 14: No (supported )?authentication methods available', 'Nov 25 01:35:15 srv sshd[3626]: error: Received disconnect from 192.168.2.93 port 1883:14: No authentication methods available [preauth]', want('auth_failure', null, '192.168.2.93')],
  ['aggressive: Unable to negotiate with <HOST>: no matching <alg> found.', 'Nov 26 13:03:38 srv sshd[14737]: Unable to negotiate with 192.0.2.4 port 50404: no matching host key type found. Their offer: ssh-dss', want('connection_refused', null, '192.0.2.4')],
  ['aggressive: Unable to negotiate a <alg>', 'Nov 26 15:03:31 host sshd[22440]: fatal: Unable to negotiate a key exchange method [preauth]', want('connection_refused')],
  ['aggressive: no matching <alg> found:', 'Oct 25 19:37:09 hostname sshd[22477]: fatal: no matching mac found: client hmac-xxx,hmac-xxx server hmac-xxx,umac-xxx [preauth]', want('connection_refused')],
  ['aggressive: mdre-extra-other: Disconnected from (invalid|authenticating) user <USER> <HOST> [preauth]', 'Mar 19 16:47:50 srv sshd[5672]: Disconnected from authenticating user admin 192.0.2.6 port 33553 [preauth]', want('preauth_close', 'admin', '192.0.2.6')],
]

/** Wazuh 0310-ssh_decoders.xml: one row per decoder (child of `sshd`), named after it. */
const WAZUH: readonly Row[] = [
  ['sshd-success', 'Jun  9 00:00:01 ix sshd[8813]: Accepted password for root from 192.168.10.1 port 1066 ssh2', want('auth_success', 'root', '192.168.10.1')],
  ['ssh-denied', 'Apr 23 07:03:53 machinename sshd[29961]: User root from 12.3.4.5 not allowed because not listed in AllowUsers', want('connection_refused', 'root', '12.3.4.5')],
  ['sshd-success-solaris', 'Jun  9 00:00:01 ix sshd[23857]: [ID 702911 auth.notice] User xxx, coming from 192.0.2.77, authenticated.', want('auth_success', 'xxx', '192.0.2.77')],
  ['ssh-kbd (Failed keyboard-interactive)', 'Apr 30 01:42:12 Jamess-iMac.local sshd[2554]: Failed keyboard-interactive/pam for invalid user jamedds from 205.186.180.77 port 33723 ssh2', want('auth_failure', 'jamedds', '205.186.180.77')],
  ['ssh-kbd (Postponed keyboard-interactive)', 'Apr 30 01:42:10 Jamess-iMac.local sshd[2554]: Postponed keyboard-interactive for invalid user jamedds from 205.186.180.77 port 33723 ssh2 [preauth]', want('service', 'jamedds', '205.186.180.77')],
  ['ssh-invfailed', 'Jun  9 00:00:01 ix sshd[8267]: Failed password for illegal user test from 62.67.45.4 port 39141 ssh2', want('auth_failure', 'test', '62.67.45.4')],
  ['ssh-failed', 'Jun  9 00:00:01 ix sshd[8813]: Failed none for root from 192.168.10.161 port 1066 ssh2', want('auth_failure', 'root', '192.168.10.161')],
  ['ssh-error', 'Jun  9 00:00:01 ix sshd[483]: error: PAM: Authentication failure for username from 192.168.0.2', want('auth_failure', 'username', '192.168.0.2')],
  ['ssh-pam-error', 'Oct  8 11:18:26 172.16.51.132 sshd[7618]: error: PAM: Module is unknown for ddp from 172.16.51.1', want('auth_failure', 'ddp', '172.16.51.1')],
  ['ssh-reverse-mapping', 'Jun  9 00:00:01 ix sshd[23578]: reverse mapping checking getaddrinfo for pib4.catv-bauer.at [192.0.2.78] failed - POSSIBLE BREAKIN ATTEMPT!', want('connection_probe', null, '192.0.2.78')],
  ['ssh-invalid-user', 'Jun  9 00:00:01 ix sshd[11259]: Invalid user abc from 127.0.0.1', want('invalid_user', 'abc', '127.0.0.1')],
  ['ssh-invalid-user (port)', 'Jun  9 00:00:01 ix sshd[11259]: Invalid user abc from 127.0.0.1 port 50022', want('invalid_user', 'abc', '127.0.0.1')],
  ['ssh-scan', "Jun  9 00:00:01 ix sshd[9815]: scanned from 127.0.0.1 with SSH-1.99-AKASSH_Version_Mapper1.  Don't panic.", want('connection_probe', null, '127.0.0.1')],
  ['ssh-scan2 (Bad protocol version)', "Jul 12 16:10:26 cloud sshd[14486]: Bad protocol version identification 'GET http://m.search.yahoo.com/ HTTP/1.1' from 112.98.69.104 port 3533", want('connection_probe', null, '112.98.69.104')],
  ['ssh-scan2 (Did not receive identification)', 'Sep  4 21:14:25 example sshd[18368]: Did not receive identification string from 192.168.0.1', want('connection_probe', null, '192.168.0.1')],
  ['ssh-scan2 (Broken pipe)', 'Sep  4 23:58:33 junction sshd[9351]: Broken pipe', want('disconnect')],
  ['ssh-osx-refuse', 'Nov  2 11:41:44 test2-emac sshd[800]: refused connect from 51.124.44.34', want('connection_refused', null, '51.124.44.34')],
  ['ssh-closed', 'Apr 14 19:28:21 gorilla sshd[31274]: Connection closed by 192.168.1.33 port 883', want('disconnect', null, '192.168.1.33')],
  ['ssh-disconnect', 'Jun 22 12:01:13 junction sshd[11283]: Received disconnect from 212.14.228.46: 11: Bye Bye', want('disconnect', null, '212.14.228.46')],
  ['sshd-ldap', 'Sep 23 10:32:25 server sshd[25209]: pam_ldap: error trying to bind as user "uid=user123,ou=People,dc=domain,dc=com" (Invalid credentials)', want('auth_failure', 'user123')],
  ['sshd-negotiate', 'Nov 26 13:03:30 srv sshd[45]: fatal: Unable to negotiate with 192.0.2.2 port 55419: no matching key exchange method found. Their offer: diffie-hellman-group1-sha1', want('connection_refused', null, '192.0.2.2')],
  ['sshd-pam-host-user', 'Mar  7 18:53:20 bar sshd[1556]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.113  user=rda', want('auth_failure', 'rda', '192.0.2.113')],
  ['sshd-exceed', 'Nov 23 21:50:37 myhost sshd[21810]: error: maximum authentication attempts exceeded for invalid user admin from 61.0.0.2 port 49941 ssh2 [preauth]', want('max_auth_exceeded', 'admin', '61.0.0.2')],
  ['sshd-rmap', '2020-03-25 09:01:30.852002-0700  localhost sshd[11885]: Address 192.168.33.1 maps to hostname, but this does not map back to the address.', want('connection_probe', null, '192.168.33.1')],
  ['sshd-reset', '2020-03-25 08:23:20.933154-0700  localhost sshd[9265]: Connection reset by authenticating user user 192.168.33.1 port 51772 [preauth]', want('preauth_close', 'user', '192.168.33.1')],
  ['sshd-disconnect (Disconnected from user)', '2020-03-24 08:38:47.230409-0700  localhost sshd[2531]: Disconnected from user user 172.18.1.100 port 43042', want('disconnect', 'user', '172.18.1.100')],
  ['sshd-disconnect (Disconnected from invalid user)', '2020-03-24 08:38:47.230409-0700  localhost sshd[2531]: Disconnected from invalid user root 172.18.1.100 port 43042', want('disconnect', 'root', '172.18.1.100')],
  ['sshd-disconnect (Disconnecting invalid user)', '2020-03-24 08:38:47.230409-0700  localhost sshd[2531]: Disconnecting invalid user root 172.18.1.100 port 43042', want('disconnect', 'root', '172.18.1.100')],
]

/**
 * The other example lines of the Wazuh decoder file's header comment (messages the `sshd` parent
 * decoder takes without a child): none may stay `other`.
 */
const WAZUH_EXAMPLES: readonly Row[] = [
  ['Could not load host key', 'Sep 18 14:58:47 ix sshd[11816]: error: Could not load host key: /etc/ssh/ssh_host_ecdsa_key', want('service')],
  ['fatal: Write failed: Broken pipe', 'Sep  4 23:58:33 junction sshd[9351]: fatal: Write failed: Broken pipe', want('disconnect')],
  ['connect_to failed', 'Aug 10 08:38:40 junction sshd[20013]: error: connect_to 192.168.179 port 8080: failed', want('network')],
  ['connect to failed', 'Jan 26 11:57:26 ix sshd[14879]: error: connect to ix.example.com port 7777 failed: Connection refused', want('network')],
  ['debug1: attempt N failures N', 'Oct  8 10:07:27 y sshd[7644]: debug1: attempt 2 failures 2', want('service')],
  ['fatal: PAM: pam_setcred()', 'Oct  8 08:58:37 y sshd[6956]: fatal: PAM: pam_setcred(): Authentication service cannot retrieve user credentials', want('disconnect')],
  ['Bind to port failed', 'Oct  8 08:48:33 y sshd[6856]: error: Bind to port 22 on 0.0.0.0 failed: Address already in use.', want('service')],
  ['fatal: Write failed: Host is down', 'Jun 19 20:56:00 tiny sshd[11605]: fatal: Write failed: Host is down', want('disconnect')],
  ['fatal: buffer_get_bignum2: buffer error', 'Jun 11 06:32:17 gorilla sshd[28293]: fatal: buffer_get_bignum2: buffer error', want('connection_probe')],
  ['buffer_get_bignum2_ret: negative numbers not supported', 'Jun 11 06:32:17 gorilla sshd[28293]: error: buffer_get_bignum2_ret: negative numbers not supported', want('connection_probe')],
  ['Connection closed by IP (old, no port)', 'Apr 14 19:28:21 gorilla sshd[31274]: Connection closed by 192.168.1.33', want('disconnect', null, '192.168.1.33')],
  ['setsockopt SO_KEEPALIVE: Connection reset by peer', 'Nov  9 07:40:25 ginaz sshd[5973]: error: setsockopt SO_KEEPALIVE: Connection reset by peer', want('disconnect')],
  ['fatal: Cannot bind any address', 'Nov  2 12:08:27 192.168.17.7 sshd[9665]: fatal: Cannot bind any address.', want('service')],
  ['pam_loginuid set_loginuid failed', 'Nov  2 12:11:40 192.168.17.7 sshd[9814]: pam_loginuid(sshd:session): set_loginuid failed opening loginuid', want('service')],
  ['accept: Software caused connection abort', 'Nov  6 09:53:38 hagal sshd[697]: error: accept: Software caused connection abort', want('disconnect')],
  ['pam_succeed_if error retrieving information about user', 'Nov  9 11:36:55 ecaz sshd[26967]: pam_succeed_if(sshd:auth): error retrieving information about user _z9xxbBW', want('invalid_user', '_z9xxbBW')],
  ['reverse mapping without an IP', 'Jun  9 00:00:01 ix sshd[61834]: reverse mapping checking getaddrinfo for sv.tvcm.ch failed - POSSIBLE BREAKIN ATTEMPT!', want('connection_probe')],
  ['User not allowed because listed in DenyUsers (no host)', 'Jun  9 00:00:01 ix sshd[3251]: User root not allowed because listed in DenyUsers', want('connection_refused', 'root')],
]

function parseOne(line: string) {
  const evs = parseLines([line], { format: 'auth', relPath: 'auth.log', hostHint: 'h', firstLine: 1, referenceMs: Date.UTC(2026, 0, 12), timeZone: 'UTC' })
  expect(evs).toHaveLength(1)
  const { event, user, src_ip, program } = evs[0]
  return { event, user, src_ip, program }
}

describe.each([
  ['fail2ban filter.d/sshd.conf', FAIL2BAN],
  ['Wazuh 0310-ssh_decoders.xml', WAZUH],
  ['Wazuh 0310-ssh_decoders.xml header examples', WAZUH_EXAMPLES],
])('%s', (_source, rows) => {
  it.each(rows)('%s', (_name, line, w) => {
    expect(parseOne(line)).toEqual({ ...w, program: 'sshd' })
  })
})

describe('the tables', () => {
  it('cover every decoder of the Wazuh file and each fail2ban mode', () => {
    const decoders = new Set(WAZUH.map(([name]) => name.replace(/ \(.*$/, '')))
    expect([...decoders].sort()).toEqual(
      [
        'sshd-success', 'ssh-denied', 'sshd-success-solaris', 'ssh-kbd', 'ssh-invfailed', 'ssh-failed', 'ssh-error', 'ssh-pam-error',
        'ssh-reverse-mapping', 'ssh-invalid-user', 'ssh-scan', 'ssh-scan2', 'ssh-osx-refuse', 'ssh-closed', 'ssh-disconnect', 'sshd-ldap',
        'sshd-negotiate', 'sshd-pam-host-user', 'sshd-exceed', 'sshd-rmap', 'sshd-reset', 'sshd-disconnect',
      ].sort(),
    )
    const modes = new Set(FAIL2BAN.map(([name]) => name.replace(/[ :(].*$/, '')))
    expect([...modes].sort()).toEqual(['aggressive', 'ddos', 'normal'])
  })
})
