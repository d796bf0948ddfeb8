/**
 * What the rules read in a line's text is worked out while the line is read (features/lineFacts.ts),
 * so a scan holds no line whole: the rules read back only the lines these facts mark.
 */
import { describe, expect, it } from 'vitest'
import { analyzeTable } from '../../../src/engine/detect/analyze'
import { EventColumns } from '../../../src/engine/features/EventColumns'
import { tableOf } from '../../../src/engine/features/eventTable'
import { FACT } from '../../../src/engine/features/lineFacts'
import type { NormalizedEvent } from '../../../src/shared/event'
import { DAY, HOUR, MIN, T0, ev, normalWeek, sudo } from '../detect/fixtures'

const logind = (ts: number, raw: string, event: NormalizedEvent['event'] = 'service'): NormalizedEvent =>
  ev({ ts, host: 'app-01', program: 'systemd-logind', pid: 611, event, outcome: 'unknown', raw: `systemd-logind[611]: ${raw}` })

describe('lineFacts', () => {
  it('marks the lines the log-tampering and persistence rules read, and the logind session a line names', () => {
    const t = T0 + 10 * HOUR
    const lines = [
      sudo(t, 'erin', '/bin/rm -f /var/log/auth.log'), // tampering
      sudo(t + 1, 'erin', '/usr/bin/tail /var/log/syslog'), // reads a log: nothing
      sudo(t + 2, 'erin', 'history -c'), // tampering
      sudo(t + 3, 'erin', '/usr/bin/tee -a /root/.ssh/authorized_keys'), // change
      sudo(t + 4, 'erin', '/usr/sbin/usermod -aG sudo peggy'), // a sudo line is no change itself
      ev({ ts: t + 5, program: 'usermod', event: 'group_modify', outcome: 'success', target_user: 'peggy', raw: "usermod[1]: add 'peggy' to group 'sudo'" }), // change
      ev({ ts: t + 6, program: 'cloudtrail', event: 'log_tamper', outcome: 'success', user: 'bob', raw: '{"eventName":"StopLogging"}' }), // tampering
      logind(t + 7, 'New session 2 of user erin.', 'session_open'),
      logind(t + 8, 'Session 2 logged out. Waiting for processes to exit.'),
      logind(t + 9, 'Removed session 2.', 'session_close'),
      logind(t + 10, 'New session c7 of user bob.', 'session_open'),
      logind(t + 11, 'Watching system buttons on /dev/input/event0 (Power Button)'),
      // Not logind's: the same words do not name a session.
      ev({ ts: t + 12, program: 'sshd', event: 'other', raw: 'sshd[3]: Removed session 2.' }),
    ]
    const c = EventColumns.of(lines)
    expect(Array.from(c.column('facts'))).toEqual([
      FACT.tampering,
      0,
      FACT.tampering,
      FACT.change,
      0,
      FACT.change,
      FACT.tampering,
      FACT.logindNew,
      0,
      FACT.logindRemoved,
      FACT.logindNew,
      0,
      0,
    ])
    const named = Array.from(c.column('logind'), (id) => (id < 0 ? null : c.sessionNames.values[id]))
    expect(named).toEqual([null, null, null, null, null, null, null, '2', '2', '2', 'c7', null, null])
  })

  it('lets the rules read whole only marked lines, findings and logins from a new address', async () => {
    const d8 = T0 + 8 * DAY + 2 * HOUR
    const events = [
      ...normalWeek(9),
      sudo(d8, 'alice', '/bin/rm -f /var/log/auth.log'),
      sudo(d8 + MIN, 'alice', '/usr/sbin/useradd -m backup2'),
      ev({ ts: d8 + MIN + 5, program: 'useradd', event: 'user_add', outcome: 'success', target_user: 'backup2', raw: 'useradd[9]: new user: name=backup2' }),
    ]
    const read = new Set<number>()
    const t = tableOf(EventColumns.of(events), 'append', (i) => {
      read.add(i)
      return events[i]
    })
    const { scores } = await analyzeTable(t, { detectors: ['rules'] })
    let marked = 0
    const allowed = new Set<number>()
    for (let r = 0; r < t.n; r++) {
      const newLogin = events[t.order[r]].event === 'auth_success'
      if (t.facts[r] & (FACT.tampering | FACT.change)) marked++
      if (t.facts[r] & (FACT.tampering | FACT.change) || scores[r].severity !== 'NONE' || newLogin) allowed.add(t.order[r])
    }
    // The rm of /var/log and the useradd line.
    expect(marked).toBe(2)
    expect(scores.some((s) => s.threat_type === 'log_tampering')).toBe(true)
    expect(scores.some((s) => s.threat_type === 'persistence')).toBe(true)
    expect(read.size).toBeGreaterThan(0)
    for (const i of read) expect(allowed.has(i), `line ${i} (${events[i].raw}) was read whole`).toBe(true)
    expect(read.size).toBeLessThan(events.length / 50)
  })
})
