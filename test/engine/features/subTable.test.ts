/**
 * A host group's part of a scan's table (subTable) is the table its lines alone would build: the
 * same columns in the same time order, string ids numbered by first appearance among them, failed
 * attempts counted among them.
 */
import { describe, expect, it } from 'vitest'
import { EventColumns } from '../../../src/engine/features/EventColumns'
import { subTable, tableOf, type EventTable } from '../../../src/engine/features/eventTable'
import type { NormalizedEvent } from '../../../src/shared/event'
import { makeEvent } from '../store/makeEvent'

const at = (s: number): number => Date.UTC(2025, 2, 1, 12, 0, s)
const line = (host: string, s: number, user: string, ip: string, what = 'Failed password'): NormalizedEvent =>
  makeEvent({
    ts: at(s),
    host,
    user,
    src_ip: ip,
    source_line: s,
    event: what === 'Failed password' ? 'auth_failure' : 'auth_success',
    outcome: what === 'Failed password' ? 'failure' : 'success',
    raw: `Mar  1 12:00:${String(s).padStart(2, '0')} ${host} sshd[${100 + s}]: ${what} for ${user} from ${ip} port ${5000 + s} ssh2`,
  })

// Appended out of time order; the db host's lines name users and addresses the web host's do not.
const events = [
  line('web1', 5, 'root', '10.0.0.1'),
  line('db1', 1, 'carol', '10.0.0.9'),
  line('web1', 2, 'alice', '10.0.0.2', 'Accepted password'),
  line('db1', 4, 'root', '10.0.0.9'),
  line('web1', 3, 'root', '10.0.0.1'),
  line('db1', 6, 'dave', '10.0.0.8', 'Accepted password'),
]

/** Everything the detectors read of a table, strings by value. */
function view(t: EventTable): unknown {
  const rows = [...Array(t.n).keys()]
  return {
    n: t.n,
    ts: Array.from(t.ts),
    kind: Array.from(t.kind),
    host: rows.map((r) => t.hosts.values[t.host[r]]),
    user: rows.map((r) => t.users.values[t.user[r]]),
    ip: rows.map((r) => t.ips.values[t.ip[r]]),
    attempts: Array.from(t.attempts),
    ids: { host: Array.from(t.host), user: Array.from(t.user), ip: Array.from(t.ip) },
    interned: { hosts: t.hosts.values, users: t.users.values, ips: t.ips.values },
  }
}

describe('subTable', () => {
  it('gives a host group’s rows as the table of its lines alone', () => {
    const whole = tableOf(EventColumns.of(events), 'append', (i) => events[i])
    for (const host of ['web1', 'db1']) {
      const rows = Uint32Array.from([...Array(whole.n).keys()].filter((r) => whole.hosts.values[whole.host[r]] === host))
      const sub = subTable(whole, rows)
      const own = events.filter((e) => e.host === host)
      expect(view(sub), host).toEqual(view(tableOf(EventColumns.of(own), 'append', (i) => own[i])))
      // Each row still names its event in the scan (its appended index) and reads it whole.
      expect(Array.from(sub.order).map((i) => events[i].host)).toEqual([host, host, host])
      expect(sub.event(0)).toBe(events[sub.order[0]])
    }
    // Hand check of the db host's part: its lines in time order (1, 4, 6 s), its users numbered from 0.
    const db = subTable(whole, Uint32Array.from([0, 3, 5]))
    expect(Array.from(db.ts)).toEqual([at(1), at(4), at(6)])
    expect(db.users.values).toEqual(['carol', 'root', 'dave'])
    expect(Array.from(db.user)).toEqual([0, 1, 2])
  })
})
