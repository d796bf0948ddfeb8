import { describe, expect, it } from 'vitest'
import type { NormalizedEvent } from '../../../src/shared/event'
import { classifyEventType } from '../../../src/engine/parse/json/eventType'
import { toOutcome } from '../../../src/engine/parse/json/outcome'
import { toEpochMs } from '../../../src/engine/parse/json/timestamp'
import { unwrapRecords } from '../../../src/engine/parse/json/unwrap'
import { parseLines } from '../../../src/engine/parse/parseLines'
import { createZoneConverter } from '../../../src/engine/parse/time/zone'

const utc = createZoneConverter('UTC')
const T = Date.UTC(2026, 0, 5, 3, 12)

function one(record: unknown): NormalizedEvent {
  const evs = parseLines([JSON.stringify(record)], { format: 'json', relPath: 'a.jsonl', hostHint: 'folder-host', firstLine: 3, referenceMs: T, timeZone: 'UTC' })
  expect(evs).toHaveLength(1)
  return evs[0]
}

describe('JSON field aliases', () => {
  it.each([
    ['timestamp', { timestamp: '2026-01-05T03:12:00Z' }],
    ['time (epoch s)', { time: 1767582720 }],
    ['@timestamp (epoch ms)', { '@timestamp': 1767582720000 }],
    ['datetime (digits)', { datetime: '1767582720' }],
    ['date (µs)', { date: 1767582720000000 }],
    ['eventTime (CloudTrail)', { eventTime: '2026-01-05T03:12:00Z' }],
    ['zone-less ISO', { timestamp: '2026-01-05 03:12:00' }],
    ['ISO with offset', { timestamp: '2026-01-05T04:12:00+01:00' }],
  ])('time from %s', (_name, rec) => expect(one(rec).ts).toBe(T))

  it.each([
    ['user', { user: 'alice' }],
    ['username', { username: 'alice' }],
    ['uid', { uid: 'alice' }],
    ['account', { account: 'alice' }],
    ['identity', { identity: 'alice' }],
    ['user.name (nested)', { user: { name: 'alice', id: 7 } }],
    ['user.name (dotted key)', { 'user.name': 'alice' }],
    ['UserName (case)', { UserName: 'alice' }],
    ['userIdentity.userName', { userIdentity: { userName: 'alice', type: 'IAMUser' } }],
  ])('user from %s', (_name, rec) => expect(one(rec).user).toBe('alice'))

  it.each([
    ['source_ip', { source_ip: '203.0.113.9' }],
    ['src_ip', { src_ip: '203.0.113.9' }],
    ['ip', { ip: '203.0.113.9' }],
    ['client_ip', { client_ip: '203.0.113.9' }],
    ['remote_addr', { remote_addr: '203.0.113.9' }],
    ['source.ip', { source: { ip: '203.0.113.9' } }],
    ['sourceIPAddress', { sourceIPAddress: '203.0.113.9' }],
    ['ip:port', { remote_addr: '203.0.113.9:51000' }],
  ])('source IP from %s', (_name, rec) => expect(one(rec).src_ip).toBe('203.0.113.9'))

  it('reads host, program, pid, command, bytes and geo fields (flat, geo.*, source.geo.*)', () => {
    expect(one({ hostname: 'web-7', program: 'sshd', pid: '42', command: '/bin/ls', bytes: 1234 })).toMatchObject({ host: 'web-7', program: 'sshd', pid: 42, command: '/bin/ls', bytes: 1234 })
    expect(one({ host: { name: 'web-8' }, bytes_out: '99' })).toMatchObject({ host: 'web-8', bytes: 99 })
    expect(one({ bytes_transferred: 5 }).bytes).toBe(5)
    expect(one({ source: { bytes: 6 } }).bytes).toBe(6)
    expect(one({ country: 'NL', lat: 52.37, lon: 4.89 })).toMatchObject({ country: 'NL', lat: 52.37, lon: 4.89 })
    expect(one({ geo: { country_iso_code: 'BR', location: { lat: -23.5, lon: -46.6 } } })).toMatchObject({ country: 'BR', lat: -23.5, lon: -46.6 })
    expect(one({ source: { ip: '1.2.3.4', geo: { country_name: 'Japan', location: { lat: 35.6, lon: 139.7 } } } })).toMatchObject({ country: 'Japan', lat: 35.6, lon: 139.7 })
    expect(one({ msg: 'x' }).host).toBe('folder-host')
  })

  it('reads the outcome from action|result|status|outcome|event.outcome|success', () => {
    const base = { user: 'a', event_type: 'login' }
    expect(one({ ...base, action: 'deny' }).outcome).toBe('failure')
    expect(one({ ...base, result: 'SUCCESS' }).outcome).toBe('success')
    expect(one({ ...base, status: 401 }).outcome).toBe('failure')
    expect(one({ ...base, outcome: 'failed' }).outcome).toBe('failure')
    expect(one({ ...base, event: { outcome: 'success' } }).outcome).toBe('success')
    expect(one({ ...base, success: false }).outcome).toBe('failure')
    expect(one({ ...base, success: 'true' }).outcome).toBe('success')
  })
})

describe('JSON event kinds', () => {
  it.each([
    [{ event_type: 'login', outcome: 'success' }, 'auth_success'],
    [{ event_type: 'login_failed' }, 'auth_failure'],
    [{ type: 'authentication', result: 'failure' }, 'auth_failure'],
    [{ eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: 'Failure' } }, 'auth_failure'],
    [{ event: { action: 'user-logged-in' } }, 'auth_success'],
    [{ category: 'logout' }, 'session_close'],
    [{ type: 'session_start' }, 'session_open'],
    [{ event_type: 'file_read' }, 'file_access'],
    [{ event_type: 'file.write' }, 'file_access'],
    [{ type: 'api_request' }, 'api_call'],
    [{ type: 'api_call' }, 'api_call'],
    [{ event: 'upload' }, 'network'],
    [{ event: 'download' }, 'network'],
    [{ category: 'network' }, 'network'],
    [{ type: 'transfer' }, 'network'],
    [{ eventName: 'CreateUser' }, 'user_add'],
    [{ eventName: 'DeleteUser' }, 'user_delete'],
    [{ eventName: 'AddUserToGroup' }, 'group_modify'],
    [{ eventName: 'CreateGroup' }, 'group_add'],
    [{ eventName: 'StopLogging' }, 'log_tamper'],
    [{ eventName: 'DeleteTrail' }, 'log_tamper'],
    [{ type: 'audit_log_cleared' }, 'log_tamper'],
    [{ event_type: 'sudo', outcome: 'failure' }, 'sudo_denied'],
    [{ event_type: 'password_change' }, 'password_change'],
    [{ EventID: 4625 }, 'auth_failure'],
    [{ EventID: '4720' }, 'user_add'],
    [{ event_type: 'port_scan' }, 'connection_probe'],
    [{ event_type: 'something_unheard_of' }, 'other'],
  ])('%j → %s', (rec, kind) => expect(one(rec).event).toBe(kind))

  it.each([
    ['ECS api call named by event.type', { event: { category: 'api', type: 'api_call', action: 'ListBuckets', outcome: 'success' }, user: { name: 'bob' }, source: { ip: '203.0.113.9' } }, 'api_call', 'success'],
    ['ECS api call on an object (the type wins over the action)', { event: { category: 'api', type: 'api_call', action: 'PutObject', outcome: 'success' }, user: { name: 'bob' } }, 'api_call', 'success'],
    ['ECS console login', { event: { category: 'authentication', type: 'login', action: 'ConsoleLogin', outcome: 'failure' }, user: { name: 'bob' } }, 'auth_failure', 'failure'],
    ['ECS arrays: authentication start', { event: { category: ['authentication'], type: ['start'], outcome: 'success' }, user: { name: 'bob' } }, 'auth_success', 'success'],
    ['ECS arrays: session end', { event: { category: ['session'], type: ['end'] }, user: { name: 'bob' } }, 'session_close', 'unknown'],
    ['ECS arrays: iam user creation', { event: { category: ['iam'], type: ['user', 'creation'], action: 'added-user-account' }, user: { name: 'root' } }, 'user_add', 'unknown'],
    ['ECS arrays: iam group creation', { event: { category: ['iam'], type: ['group', 'creation'] } }, 'group_add', 'unknown'],
    ['ECS arrays: file access', { event: { category: ['file'], type: ['access'], outcome: 'success' }, user: { name: 'bob' } }, 'file_access', 'success'],
    ['CloudTrail API call', { eventType: 'AwsApiCall', eventName: 'ListBuckets', userIdentity: { userName: 'bob' }, sourceIPAddress: '203.0.113.9' }, 'api_call', 'unknown'],
    ['CloudTrail user creation (the event name wins)', { eventType: 'AwsApiCall', eventName: 'CreateUser', userIdentity: { userName: 'bob' } }, 'user_add', 'unknown'],
    ['CloudTrail console sign-in', { eventType: 'AwsConsoleSignIn', eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: 'Success' }, userIdentity: { userName: 'bob' } }, 'auth_success', 'success'],
    ['an unknown type with user and outcome', { event_type: 'ListBuckets', user: 'bob', src_ip: '203.0.113.9', outcome: 'success' }, 'other', 'success'],
    ['an unknown ECS action with user and outcome', { event: { action: 'frobnicate', outcome: 'failure' }, user: { name: 'bob' } }, 'other', 'failure'],
  ])('%s', (_name, rec, kind, outcome) => expect([one(rec).event, one(rec).outcome]).toEqual([kind, outcome]))

  it('an unknown type with a message the syslog parsers understand takes the message kind, and the message’s account', () => {
    // The account the message names wins over the record's (in journald documents `user` is the
    // logging process's uid).
    expect(one({ event_type: 'sshd_log', user: 'x', outcome: 'failure', message: 'Failed password for root from 198.51.100.4 port 2222 ssh2' })).toMatchObject({
      event: 'auth_failure',
      user: 'root',
      src_ip: '198.51.100.4',
    })
    expect(one({ event_type: 'sshd_log', user: 'x', outcome: 'success', message: 'nothing a parser knows' }).event).toBe('other')
  })

  it('runs a message without a recognisable type through the syslog message parsers', () => {
    expect(one({ message: 'Failed password for invalid user admin from 198.51.100.4 port 2222 ssh2' })).toMatchObject({
      event: 'auth_failure',
      outcome: 'failure',
      user: 'admin',
      src_ip: '198.51.100.4',
      src_port: 2222,
      program: 'sshd',
    })
    expect(one({ log: 'Jan  5 03:12:00 bastion sudo:   bob : user NOT in sudoers ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/sh', host: 'bastion' })).toMatchObject({
      event: 'sudo_denied',
      user: 'bob',
      target_user: 'root',
      program: 'sudo',
    })
    expect(one({ program: 'useradd', msg: 'new user: name=eve, UID=1001, GID=1001' })).toMatchObject({ event: 'user_add', target_user: 'eve' })
  })

  it('carries the SSH key of a public-key login: from key fields, else from the sshd message', () => {
    const fp = 'SHA256:pPq1bqTzvG8xQ0o1yZ3l0d0u3pZr2Q8k4mS0aB1cD2e'
    const msg = `Accepted publickey for deploy from 10.0.0.7 port 50022 ssh2: ED25519 ${fp}`
    expect(one({ timestamp: '2026-01-05T03:12:00Z', program: 'sshd', message: msg })).toMatchObject({ event: 'auth_success', user: 'deploy', key_type: 'ED25519', key_fingerprint: fp })
    expect(one({ __REALTIME_TIMESTAMP: '1767582720000000', SYSLOG_IDENTIFIER: 'sshd', MESSAGE: msg })).toMatchObject({ event: 'auth_success', key_type: 'ED25519', key_fingerprint: fp })
    expect(one({ timestamp: '2026-01-05T03:12:00Z', event_type: 'login', user: 'a', ssh: { key_type: 'RSA', key_fingerprint: fp } })).toMatchObject({ key_type: 'RSA', key_fingerprint: fp })
    expect(one({ timestamp: '2026-01-05T03:12:00Z', user: 'a', success: true, key_type: 'ECDSA', fingerprint: fp })).toMatchObject({ key_type: 'ECDSA', key_fingerprint: fp })
    // The record's own fields win over the message's.
    expect(one({ timestamp: '2026-01-05T03:12:00Z', program: 'sshd', key_type: 'RSA', message: msg })).toMatchObject({ key_type: 'RSA', key_fingerprint: fp })
    expect(one({ timestamp: '2026-01-05T03:12:00Z', user: 'a', success: true })).toMatchObject({ key_type: null, key_fingerprint: null })
  })

  it('a login-shaped record without a type (user + outcome) is an authentication', () => {
    expect(one({ user: 'a', ip: '10.0.0.1', success: true }).event).toBe('auth_success')
    expect(one({ user: 'a', ip: '10.0.0.1', success: false }).event).toBe('auth_failure')
  })

  it('journald export: MESSAGE through the syslog parsers, realtime µs, hostname, identifier, pid', () => {
    expect(
      one({ __REALTIME_TIMESTAMP: '1767582720000000', _HOSTNAME: 'db-02', SYSLOG_IDENTIFIER: 'su', _PID: '5', MESSAGE: 'FAILED SU (to root) alice on pts/0' }),
    ).toMatchObject({ ts: T, host: 'db-02', program: 'su', pid: 5, event: 'su_failure', user: 'alice', target_user: 'root' })
    // Non-UTF-8 MESSAGE comes as an array of bytes.
    const bytes = [...Buffer.from('Invalid user ab from 10.9.9.9 port 22')]
    expect(one({ __REALTIME_TIMESTAMP: '1767582720000000', SYSLOG_IDENTIFIER: 'sshd', MESSAGE: bytes })).toMatchObject({ event: 'invalid_user', user: 'ab', host: 'folder-host' })
  })

  it('keeps anything that is not an object as an other event with its raw text', () => {
    const evs = parseLines(['42', '"str"', '[1,2]', 'null', '{"a":'], { format: 'json', relPath: 'a.jsonl', hostHint: 'h', firstLine: 1, referenceMs: T })
    expect(evs.map((e) => [e.event, e.raw, e.source_line])).toEqual([
      ['other', '42', 1],
      ['other', '"str"', 2],
      ['other', '1', 3],
      ['other', '2', 3],
      ['other', 'null', 4],
      ['other', '{"a":', 5],
    ])
  })
})

describe('JSON helpers', () => {
  it('unwraps wrapper documents', () => {
    expect(unwrapRecords([{ a: 1 }])).toEqual([{ a: 1 }])
    expect(unwrapRecords({ Records: [{ a: 1 }] })).toEqual([{ a: 1 }])
    expect(unwrapRecords({ events: [{ a: 1 }] })).toEqual([{ a: 1 }])
    expect(unwrapRecords({ took: 3, hits: { total: 1, hits: [{ _index: 'x', _source: { a: 1 } }] } })).toEqual([{ a: 1 }])
    expect(unwrapRecords({ user: 'a', data: [1, 2] })).toBeNull()
    expect(unwrapRecords({ user: 'a' })).toBeNull()
  })

  it('reads epoch seconds, milliseconds, micro and nanoseconds by magnitude', () => {
    for (const v of [1767582720, 1767582720000, 1767582720000000, 1767582720000000000, '1767582720', '1767582720.000']) expect(toEpochMs(v, utc)).toBe(T)
    expect(toEpochMs('yesterday-ish', utc)).toBeNull()
    expect(toEpochMs({}, utc)).toBeNull()
  })

  it('maps outcome words, booleans and HTTP statuses', () => {
    expect([toOutcome('Allowed'), toOutcome('blocked'), toOutcome(true), toOutcome(503), toOutcome('204'), toOutcome('login')]).toEqual(['success', 'failure', 'success', 'failure', 'success', null])
    expect(classifyEventType('UserLoginFailed', 'unknown')).toBe('auth_failure')
  })
})
