/**
 * rsyslog's `message repeated N times: [ msg ]`: one event with `count` N whose fields are those of
 * the inner message, parsed in full (kind, outcome, user, target, IP, port, method), on every path
 * a message takes: syslog lines, JSON `message` fields (with or without a program), journald.
 */
import { describe, expect, it } from 'vitest'
import type { NormalizedEvent } from '../../../src/shared/event'
import { parseLines, type LineContext } from '../../../src/engine/parse/parseLines'

const T = Date.UTC(2026, 0, 5, 3, 12)
const ctx = (format: LineContext['format']): LineContext => ({ format, relPath: 'auth.log', hostHint: 'h', firstLine: 1, referenceMs: Date.UTC(2026, 0, 12), timeZone: 'UTC' })

function syslog(line: string): NormalizedEvent {
  const evs = parseLines([line], ctx('auth'))
  expect(evs).toHaveLength(1)
  return evs[0]
}

function json(record: unknown): NormalizedEvent {
  const evs = parseLines([JSON.stringify(record)], ctx('json'))
  expect(evs).toHaveLength(1)
  return evs[0]
}

const CASES: readonly (readonly [string, string, Partial<NormalizedEvent>])[] = [
  [
    'sshd',
    'message repeated 5 times: [ Failed password for invalid user oracle from 185.220.101.47 port 41415 ssh2]',
    { event: 'auth_failure', outcome: 'failure', user: 'oracle', src_ip: '185.220.101.47', src_port: 41415, auth_method: 'password', count: 5 },
  ],
  [
    'sshd',
    'message repeated 2 times: [ Accepted publickey for deploy from 10.0.0.7 port 50022 ssh2: ED25519 SHA256:pPq1bqTzvG8xQ0o1yZ3l0d0u3pZr2Q8k4mS0aB1cD2e]',
    { event: 'auth_success', outcome: 'success', user: 'deploy', src_ip: '10.0.0.7', src_port: 50022, auth_method: 'publickey', count: 2 },
  ],
  ['sshd', 'message repeated 3 times: [ Invalid user admin from 203.0.113.9 port 2222]', { event: 'invalid_user', outcome: 'failure', user: 'admin', src_ip: '203.0.113.9', src_port: 2222, count: 3 }],
  // The inner message itself ends with "]".
  [
    'sshd',
    'message repeated 4 times: [ Connection closed by authenticating user root 198.51.100.4 port 51000 [preauth]]',
    { event: 'preauth_close', user: 'root', src_ip: '198.51.100.4', src_port: 51000, count: 4 },
  ],
  [
    'sshd',
    'message repeated 2 times: [ pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.45  user=root]',
    { event: 'auth_failure', outcome: 'failure', user: 'root', src_ip: '198.51.100.45', count: 2 },
  ],
  [
    'sudo',
    'message repeated 2 times: [    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx]',
    { event: 'sudo', outcome: 'success', user: 'alice', target_user: 'root', command: '/usr/bin/systemctl restart nginx', count: 2 },
  ],
  ['su', 'message repeated 3 times: [ FAILED SU (to root) bob on pts/1]', { event: 'su_failure', outcome: 'failure', user: 'bob', target_user: 'root', count: 3 }],
  [
    'CRON',
    'message repeated 6 times: [ pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)]',
    { event: 'session_open', user: 'root', count: 6 },
  ],
]

describe('message repeated N times', () => {
  it.each(CASES)('%s: %s', (program, msg, want) => {
    const pid = program === 'sudo' ? '' : '[4242]'
    expect(syslog(`Jan  5 03:12:00 web-01 ${program}${pid}: ${msg}`)).toMatchObject({ ...want, host: 'web-01', ts: T })
    expect(syslog(`2026-01-05T03:12:00.000000+00:00 web-01 ${program}${pid}: ${msg}`)).toMatchObject({ ...want, host: 'web-01', ts: T })
  })

  it.each(CASES)('JSON message with program %s: %s', (program, msg, want) => {
    expect(json({ timestamp: '2026-01-05T03:12:00Z', program, message: msg })).toMatchObject(want)
    expect(json({ __REALTIME_TIMESTAMP: String(T * 1000), SYSLOG_IDENTIFIER: program, MESSAGE: msg })).toMatchObject({ ...want, ts: T })
  })

  it.each(CASES)('JSON message without a program (%s): %s', (_program, msg, want) => {
    expect(json({ timestamp: '2026-01-05T03:12:00Z', message: msg })).toMatchObject(want)
  })

  it('a repeat of a message nobody understands stays other, with its count and raw text', () => {
    const line = 'Jan  5 03:12:00 web-01 kernel: message repeated 7 times: [ eth0: link up]'
    expect(syslog(line)).toMatchObject({ event: 'other', user: null, count: 7, raw: line, program: 'kernel' })
  })

  it('an absurd count is not taken (count stays 1), the message still parses', () => {
    expect(syslog('Jan  5 03:12:00 web-01 sshd[1]: message repeated 99999999999999999999 times: [ Invalid user x from 10.0.0.1]')).toMatchObject({ event: 'invalid_user', user: 'x', count: 1 })
  })
})

/**
 * sysklogd / BSD syslogd: an untagged `last message repeated N times` after the line it repeats.
 * The event of that line is a copy of the previous event with `count` N (README, "Formats").
 */
describe('last message repeated N times (sysklogd)', () => {
  const lines = (...ls: string[]): NormalizedEvent[] => parseLines(ls, ctx('auth'))
  const failed = 'Jan  5 03:12:00 web-01 sshd[4242]: Failed publickey for root from 185.220.101.47 port 41414 ssh2: ECDSA SHA256:Zm9vYmFy'

  it('repeats the previous event N more times, at its own time, with its own raw text', () => {
    const repeat = 'Jan  5 03:12:30 web-01 last message repeated 4 times'
    const [first, again] = lines(failed, repeat)
    expect(first).toMatchObject({ event: 'auth_failure', count: 1 })
    expect(again).toMatchObject({
      event: 'auth_failure',
      outcome: 'failure',
      program: 'sshd',
      pid: 4242,
      host: 'web-01',
      user: 'root',
      src_ip: '185.220.101.47',
      src_port: 41414,
      auth_method: 'publickey',
      key_type: 'ECDSA',
      key_fingerprint: 'SHA256:Zm9vYmFy',
      count: 4,
      raw: repeat,
      source_line: 2,
      ts: T + 30_000,
    })
  })

  it('without a host, in the BSD form, and after another repeat', () => {
    const evs = lines(failed, 'Jan  5 03:12:30 last message repeated 2 times', 'Jan  5 03:13:00 web-01 --- last message repeated 1 time ---')
    expect(evs.map((e) => [e.event, e.host, e.user, e.count])).toEqual([
      ['auth_failure', 'web-01', 'root', 1],
      ['auth_failure', 'web-01', 'root', 2],
      ['auth_failure', 'web-01', 'root', 1],
    ])
  })

  it('is other (with its count) when there is nothing to repeat or the previous line is another host', () => {
    expect(lines('Jan  5 03:12:30 web-01 last message repeated 3 times')[0]).toMatchObject({ event: 'other', count: 3, host: 'web-01', user: null })
    expect(lines(failed, 'Jan  5 03:12:30 db-01 last message repeated 3 times')[1]).toMatchObject({ event: 'other', count: 3, host: 'db-01', user: null, key_type: null })
  })

  it('is only the untagged form with a whole number', () => {
    expect(lines(failed, 'Jan  5 03:12:30 web-01 sshd[4242]: last message repeated 3 times')[1]).toMatchObject({ event: 'other', count: 1 })
    expect(lines(failed, 'Jan  5 03:12:30 web-01 last message repeated many times')[1]).toMatchObject({ event: 'other', count: 1 })
    expect(lines(failed, 'Jan  5 03:12:30 web-01 last message repeated 99999999999999999999 times')[1]).toMatchObject({ event: 'other', count: 1 })
  })
})
