/**
 * One failed attempt counts once, however many lines sshd and PAM write about it: the lines below
 * are the shapes of resources/demo-logs/bastion-01 (OpenSSH 7 / PAM 1.1).
 */
import { describe, expect, it } from 'vitest'
import { buildEventTable } from '../../../src/engine/features/eventTable'
import { parseLines } from '../../../src/engine/parse/parseLines'

const parse = (lines: string[]) =>
  parseLines(lines, { format: 'auth', relPath: 'auth.log', hostHint: 'h', firstLine: 1, referenceMs: Date.UTC(2026, 3, 1), timeZone: 'UTC' })

function attemptsOf(lines: string[]): number {
  const t = buildEventTable(parse(lines))
  return Array.from(t.attempts).reduce((a, b) => a + b, 0)
}

// One connection: 6 passwords tried (6 "Failed password" lines), told again by pam_unix once,
// summarised by "PAM 5 more", then the give-up lines — 10 failure lines for 6 attempts.
const SIX_TRIES = [
  'Mar 28 07:07:19 bastion-01 sshd[230110]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=91.98.222.232  user=root',
  ...[21, 23, 25, 27, 28, 29].map((s) => `Mar 28 07:07:${s} bastion-01 sshd[230110]: Failed password for root from 91.98.222.232 port 40022 ssh2`),
  'Mar 28 07:07:30 bastion-01 sshd[230110]: Disconnecting: Too many authentication failures for root [preauth]',
  'Mar 28 07:07:30 bastion-01 sshd[230110]: PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=91.98.222.232  user=root',
  'Mar 28 07:07:30 bastion-01 sshd[230110]: PAM service(sshd) ignoring max retries; 6 > 3',
]

describe('failed attempts', () => {
  it('counts one connection’s six tries once, not the ten lines about them', () => {
    expect(attemptsOf(SIX_TRIES)).toBe(6)
  })
  it('counts an invalid user’s try once (the "Invalid user" line, its "Failed password" and PAM’s lines)', () => {
    expect(
      attemptsOf([
        'Mar 26 11:14:35 bastion-01 sshd[151285]: Invalid user steam from 211.36.174.13 port 38196',
        'Mar 26 11:14:35 bastion-01 sshd[151285]: pam_unix(sshd:auth): check pass; user unknown',
        'Mar 26 11:14:35 bastion-01 sshd[151285]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=211.36.174.13',
        'Mar 26 11:14:37 bastion-01 sshd[151285]: Failed password for invalid user steam from 211.36.174.13 port 38196 ssh2',
        'Mar 26 11:14:38 bastion-01 sshd[151285]: Connection closed by 211.36.174.13 [preauth]',
      ]),
    ).toBe(1)
  })
  it('keeps two connections apart: another pid, and the same pid reused for another address', () => {
    const other = SIX_TRIES.map((l) => l.replace('230110', '230111'))
    // pid 230110 again an hour later, from another address: a new connection with its own try.
    const reused = 'Mar 28 08:09:00 bastion-01 sshd[230110]: Failed password for root from 203.0.113.9 port 1 ssh2'
    expect(attemptsOf([...SIX_TRIES, ...other, reused])).toBe(13)
  })
  it('counts a connection that only gave up (public keys refused, no password line) as one attempt', () => {
    expect(attemptsOf(['Mar 28 07:07:30 bastion-01 sshd[4242]: Disconnecting: Too many authentication failures for root [preauth]'])).toBe(1)
  })
  it('counts PAM’s word when sshd said less (a "PAM 2 more" after one Failed line is three tries)', () => {
    expect(
      attemptsOf([
        'Mar 28 07:07:21 bastion-01 sshd[77]: Failed password for root from 91.98.222.232 port 40022 ssh2',
        'Mar 28 07:07:20 bastion-01 sshd[77]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=91.98.222.232  user=root',
        'Mar 28 07:07:30 bastion-01 sshd[77]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=91.98.222.232  user=root',
      ]),
    ).toBe(3)
  })
  it('counts the real Loghub shapes: "input_userauth_request: invalid user" echoes, and a Failed line sshd repeated', () => {
    // resources: ../shared/data/real-logs/loghub-OpenSSH_2k.log, pids 24408 and 24411 (abridged).
    expect(
      attemptsOf([
        'Dec 10 08:39:47 LabSZ sshd[24408]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=106.5.5.195  user=root',
        'Dec 10 08:39:49 LabSZ sshd[24408]: Failed password for root from 106.5.5.195 port 50719 ssh2',
        'Dec 10 08:39:59 LabSZ sshd[24408]: message repeated 5 times: [ Failed password for root from 106.5.5.195 port 50719 ssh2]',
        'Dec 10 08:39:59 LabSZ sshd[24408]: Disconnecting: Too many authentication failures for root [preauth]',
        'Dec 10 08:39:59 LabSZ sshd[24408]: PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=106.5.5.195  user=root',
        'Dec 10 08:39:59 LabSZ sshd[24408]: PAM service(sshd) ignoring max retries; 6 > 3',
      ]),
    ).toBe(6)
    expect(
      attemptsOf([
        'Dec 10 09:12:35 LabSZ sshd[24490]: Invalid user ftpuser from 187.141.143.180',
        'Dec 10 09:12:35 LabSZ sshd[24490]: input_userauth_request: invalid user ftpuser [preauth]',
        'Dec 10 09:12:35 LabSZ sshd[24490]: pam_unix(sshd:auth): check pass; user unknown',
        'Dec 10 09:12:35 LabSZ sshd[24490]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=187.141.143.180',
        'Dec 10 09:12:37 LabSZ sshd[24490]: Failed password for invalid user ftpuser from 187.141.143.180 port 49600 ssh2',
        'Dec 10 09:12:37 LabSZ sshd[24490]: Received disconnect from 187.141.143.180: 11: Bye Bye [preauth]',
      ]),
    ).toBe(1)
  })
})
