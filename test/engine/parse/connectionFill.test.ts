/**
 * sshd lines without the client address take it from their connection (host + pid), before or
 * after, as fail2ban's connection tracking does; another pid, or the same pid reused later, not.
 */
import { describe, expect, it } from 'vitest'
import { parseLines } from '../../../src/engine/parse/parseLines'

const parse = (lines: string[]) =>
  parseLines(lines, { format: 'auth', relPath: 'auth.log', hostHint: 'h', firstLine: 1, referenceMs: Date.UTC(2026, 3, 1), timeZone: 'UTC' })
const ips = (lines: string[]) => parse(lines).map((e) => e.src_ip)

describe('connection tracking', () => {
  it('gives the give-up line of a connection the address its failures named (look-behind)', () => {
    expect(
      ips([
        'Mar 28 07:07:21 bastion-01 sshd[230110]: Failed password for root from 91.98.222.232 port 40022 ssh2',
        'Mar 28 07:07:30 bastion-01 sshd[230110]: Disconnecting: Too many authentication failures for root [preauth]',
        'Mar 28 07:07:30 bastion-01 sshd[230110]: PAM service(sshd) ignoring max retries; 6 > 3',
      ]),
    ).toEqual(['91.98.222.232', '91.98.222.232', '91.98.222.232'])
  })
  it('gives a line the address a later line of its connection names (look-ahead)', () => {
    expect(
      ips([
        'Mar 28 08:00:01 web-01 sshd[4100]: kex_exchange_identification: Connection closed by remote host',
        'Mar 28 08:00:01 web-01 sshd[4100]: Connection closed by 203.0.113.50 port 51234',
        'Mar 28 08:00:05 web-01 sshd[4101]: fatal: Read from socket failed: Connection reset by peer [preauth]',
        'Mar 28 08:00:05 web-01 sshd[4101]: fatal: Unable to negotiate a key exchange method [preauth]',
        'Mar 28 08:00:06 web-01 sshd[4101]: Received disconnect from 198.51.100.7 port 2200:11: Bye Bye [preauth]',
      ]),
    ).toEqual(['203.0.113.50', '203.0.113.50', '198.51.100.7', '198.51.100.7', '198.51.100.7'])
  })
  it('keeps connections apart: another pid, another host, and a pid reused later', () => {
    expect(
      ips([
        'Mar 28 09:00:00 web-01 sshd[500]: Failed password for root from 203.0.113.9 port 1 ssh2',
        'Mar 28 09:00:01 web-01 sshd[501]: Disconnecting: Too many authentication failures [preauth]',
        'Mar 28 09:00:01 db-01 sshd[500]: Disconnecting: Too many authentication failures [preauth]',
        // pid 500 an hour later: a new connection that names no address.
        'Mar 28 10:05:00 web-01 sshd[500]: fatal: Read from socket failed: Connection reset by peer [preauth]',
        // pid 500 reused at once by another client: its lines take its own address.
        'Mar 28 10:05:02 web-01 sshd[500]: Connection closed by 192.0.2.44 port 3333 [preauth]',
      ]),
    ).toEqual(['203.0.113.9', null, null, '192.0.2.44', '192.0.2.44'])
  })
  it('leaves lines of other programs alone', () => {
    expect(
      ips([
        'Mar 28 09:00:00 web-01 sshd[600]: Accepted password for bob from 203.0.113.9 port 1 ssh2',
        'Mar 28 09:00:01 web-01 sudo[600]: pam_unix(sudo:session): session opened for user root by bob(uid=0)',
      ]),
    ).toEqual(['203.0.113.9', null])
  })
  it('still fills addresses after more connections than it keeps open (forgetting only those silent for 10 min)', () => {
    // 20,000 connections over 40 min (past the 16,384 kept open), each a give-up line then its address.
    const lines: string[] = []
    for (let i = 0; i < 20_000; i++) {
      const t = new Date(Date.UTC(2026, 2, 28, 9, 0, 0) + i * 120).toISOString().slice(11, 19)
      lines.push(`Mar 28 ${t} web-01 sshd[${10_000 + i}]: fatal: Read from socket failed: Connection reset by peer [preauth]`)
      lines.push(`Mar 28 ${t} web-01 sshd[${10_000 + i}]: Connection closed by 198.51.${i % 250}.${1 + (i % 200)} port 22 [preauth]`)
    }
    // A pid of the first minute again, an hour on: a new connection, it takes no old address.
    lines.push('Mar 28 10:30:00 web-01 sshd[10000]: Disconnecting: Too many authentication failures [preauth]')
    const got = ips(lines)
    for (let i = 0; i < 20_000; i++) expect(got[2 * i]).toBe(`198.51.${i % 250}.${1 + (i % 200)}`)
    expect(got.at(-1)).toBeNull()
  })
})
