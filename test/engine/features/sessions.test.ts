import { describe, expect, it } from 'vitest'
import { buildEventTable } from '../../../src/engine/features/eventTable'
import { buildSessions } from '../../../src/engine/features/sessions'
import type { NormalizedEvent } from '../../../src/shared/event'
import { MIN, T0, ev } from '../detect/fixtures'

/** One SSH session of erin with two sudo commands, a cron job and another user's login meanwhile. */
function session(): NormalizedEvent[] {
  const t = T0 + 10 * 3_600_000
  const sshd = (ts: number, pid: number, event: NormalizedEvent['event'], fields: Partial<NormalizedEvent>, raw: string) =>
    ev({ ts, host: 'app-01', program: 'sshd', pid, event, outcome: 'success', raw, ...fields })
  return [
    sshd(t, 500, 'auth_success', { user: 'erin', src_ip: '79.112.17.8' }, 'sshd[500]: Accepted password for erin from 79.112.17.8 port 50831 ssh2'),
    sshd(t + 10, 500, 'session_open', { user: 'erin' }, 'sshd[500]: pam_unix(sshd:session): session opened for user erin(uid=1005) by (uid=0)'),
    ev({ ts: t + 20, host: 'app-01', program: 'systemd-logind', pid: 611, event: 'session_open', outcome: 'success', user: 'erin', raw: 'systemd-logind[611]: New session 2 of user erin.' }),
    ev({ ts: t + MIN, host: 'app-01', program: 'CRON', pid: 900, event: 'session_open', outcome: 'success', user: 'root', target_user: 'root', raw: 'CRON[900]: pam_unix(cron:session): session opened for user root by (uid=0)' }),
    ev({ ts: t + 2 * MIN, host: 'app-01', program: 'sudo', event: 'sudo', outcome: 'success', user: 'erin', target_user: 'root', command: '/usr/sbin/usermod -aG sudo peggy', raw: 'sudo: erin : TTY=pts/2 ; PWD=/home/erin ; USER=root ; COMMAND=/usr/sbin/usermod -aG sudo peggy' }),
    ev({ ts: t + 2 * MIN + 5, host: 'app-01', program: 'usermod', pid: 329092, event: 'group_modify', outcome: 'success', target_user: 'peggy', raw: "usermod[329092]: add 'peggy' to group 'sudo'" }),
    ev({ ts: t + 2 * MIN + 9, host: 'app-01', program: 'sudo', event: 'session_close', outcome: 'success', target_user: 'root', raw: 'sudo: pam_unix(sudo:session): session closed for user root' }),
    sshd(t + 3 * MIN, 777, 'auth_success', { user: 'bob', src_ip: '10.0.0.6' }, 'sshd[777]: Accepted publickey for bob from 10.0.0.6 port 4000 ssh2'),
    sshd(t + 20 * MIN, 501, 'disconnect', { user: 'erin', src_ip: '79.112.17.8' }, 'sshd[501]: Received disconnect from 79.112.17.8 port 50831:11: disconnected by user'),
    sshd(t + 20 * MIN + 1, 500, 'session_close', { user: 'erin' }, 'sshd[500]: pam_unix(sshd:session): session closed for user erin'),
    ev({ ts: t + 20 * MIN + 2, host: 'app-01', program: 'systemd-logind', pid: 611, event: 'service', outcome: 'unknown', raw: 'systemd-logind[611]: Session 2 logged out. Waiting for processes to exit.' }),
    ev({ ts: t + 20 * MIN + 3, host: 'app-01', program: 'systemd-logind', pid: 611, event: 'session_close', outcome: 'success', raw: 'systemd-logind[611]: Removed session 2.' }),
    ev({ ts: t + 40 * MIN, host: 'app-01', program: 'sudo', event: 'sudo', outcome: 'success', user: 'erin', command: '/bin/ls', raw: 'sudo: erin : COMMAND=/bin/ls' }),
  ]
}

describe('buildSessions', () => {
  it('stitches an SSH session from login to logind removal, with its sudo and account lines', () => {
    const events = session()
    const t = buildEventTable(events)
    const s = buildSessions(t)
    const of = (i: number) => s.of[t.order.indexOf(i)]
    const erin = of(0)
    expect(erin).toBeGreaterThanOrEqual(0)
    for (const i of [1, 2, 4, 5, 6, 8, 9, 10, 11]) expect(of(i), events[i].raw).toBe(erin)
    expect(of(3)).toBe(-1) // cron is nobody's session
    expect(of(7)).not.toBe(erin) // bob's own session
    expect(of(7)).toBeGreaterThanOrEqual(0)
    expect(of(12)).toBe(-1) // after the session ended
    expect(s.start[erin]).toBe(t.order.indexOf(0))
  })

  it('groups JSON records of one account and address into runs', () => {
    const rec = (ts: number, user: string, ip: string) => ev({ ts, host: 'portal', event: 'api_call', outcome: 'success', user, src_ip: ip, raw: `{"user":"${user}"}` })
    const events = [rec(T0, 'ann', '1.1.1.1'), rec(T0 + 5 * MIN, 'ann', '1.1.1.1'), rec(T0 + 6 * MIN, 'ann', '2.2.2.2'), rec(T0 + 90 * MIN, 'ann', '1.1.1.1')]
    const t = buildEventTable(events)
    const s = buildSessions(t)
    expect(s.of[0]).toBe(s.of[1])
    expect(s.of[2]).not.toBe(s.of[0])
    expect(s.of[3]).not.toBe(s.of[0])
  })
})
