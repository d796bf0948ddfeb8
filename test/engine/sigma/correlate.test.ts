/** Correlations on hand-counted fixtures: value_count, temporal, chains, and what the referenced rules report. */
import { describe, expect, it } from 'vitest'
import { HitSink } from '../../../src/engine/detect/rules/types'
import { buildEventTable } from '../../../src/engine/features/eventTable'
import { runSigma } from '../../../src/engine/sigma/runSigma'
import type { NormalizedEvent } from '../../../src/shared/event'
import { ev, setOf } from './helpers'

const min = (m: number) => Date.UTC(2026, 11, 7, 4, m)
const fail = (user: string, ip: string, m: number, host = 'web-01'): NormalizedEvent =>
  ev(`sshd[1]: Failed password for ${user} from ${ip} port 22 ssh2`, { ts: min(m), user, src_ip: ip, host, program: 'sshd', event: 'auth_failure', outcome: 'failure' })

function run(rules: string, events: NormalizedEvent[]) {
  const t = buildEventTable(events)
  const sink = new HitSink(t.n)
  const rows = runSigma(setOf(rules), t, sink)
  return events.map((_, i) => rows.get(t.order.indexOf(i)) ?? [])
}

const FAILED = `title: Failed SSH password
id: failed
name: failed_password
level: informational
logsource:
    product: linux
    service: sshd
detection:
    keywords:
        - 'Failed password for'
    condition: keywords
`

describe('value_count', () => {
  const rules = `${FAILED}---
title: One address tries three accounts
id: spray
level: high
correlation:
    type: value_count
    rules: [failed_password]
    group-by: [SourceIp]
    timespan: 5m
    condition:
        field: User
        gte: 3
`
  it('fires at the third distinct account from one address within 5 minutes, marking the window', () => {
    const events = [fail('a', '203.0.113.9', 0), fail('a', '203.0.113.9', 1), fail('b', '203.0.113.9', 2), fail('c', '198.51.100.1', 2), fail('c', '203.0.113.9', 3)]
    expect(run(rules, events)).toEqual([['spray'], ['spray'], ['spray'], [], ['spray']])
  })
  it('stays quiet when the third account comes after the timespan', () => {
    const events = [fail('a', '203.0.113.9', 0), fail('b', '203.0.113.9', 1), fail('c', '203.0.113.9', 7)]
    expect(run(rules, events)).toEqual([[], [], []])
  })
})

describe('temporal and chains', () => {
  const rules = `${FAILED}---
title: Five failures for one account
id: burst
name: burst
correlation:
    type: event_count
    rules: [failed_password]
    group-by: [user]
    timespan: 10m
    condition:
        gte: 5
---
title: Root login
id: rootlogin
name: root_login
level: low
logsource:
    product: linux
    service: sshd
detection:
    selection:
        User: root
        event: auth_success
    condition: selection
---
title: Failure burst then a root login on one host
id: burst_then_root
level: critical
correlation:
    type: temporal
    rules: [burst, root_login]
    group-by: [host]
    timespan: 15m
`
  it('fires when a chained correlation and a rule meet on one host; the chained ones stay quiet alone', () => {
    const events = [
      ...[0, 1, 2, 3, 4].map((m) => fail('root', '203.0.113.9', m)),
      ev('sshd[2]: Accepted password for root from 203.0.113.9 port 22 ssh2', { ts: min(6), user: 'root', host: 'web-01', program: 'sshd', event: 'auth_success', outcome: 'success' }),
      ev('sshd[3]: Accepted password for root from 192.0.2.1 port 22 ssh2', { ts: min(7), user: 'root', host: 'db-01', program: 'sshd', event: 'auth_success', outcome: 'success' }),
    ]
    // The burst fires at the fifth failure (row 4): the temporal window holds it and the root login.
    expect(run(rules, events)).toEqual([[], [], [], [], ['burst_then_root'], ['burst_then_root'], []])
  })
})
