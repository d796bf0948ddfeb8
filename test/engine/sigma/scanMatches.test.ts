/**
 * A first scan matches Sigma rules while it stores each line (it holds the line only then): the
 * Sigma pass takes those matches and reads back only the lines a correlation needs, with the same
 * result as matching every line of the table.
 */
import { describe, expect, it } from 'vitest'
import { HitSink } from '../../../src/engine/detect/rules/types'
import { EventColumns } from '../../../src/engine/features/EventColumns'
import { subTable, tableOf } from '../../../src/engine/features/eventTable'
import { runSigma } from '../../../src/engine/sigma/runSigma'
import { attachScanMatches, passScanMatches, ScanSigmaMatches } from '../../../src/engine/sigma/scanMatches'
import type { NormalizedEvent } from '../../../src/shared/event'
import { ev, setOf } from './helpers'

const at = (m: number) => Date.UTC(2026, 11, 7, 4, m)
const RULES = `title: Failed SSH password
id: failed
name: failed_password
level: low
logsource:
    product: linux
    service: sshd
detection:
    keywords:
        - 'Failed password for'
    condition: keywords
---
title: Three failures from one address
id: burst
level: high
correlation:
    type: event_count
    rules: [failed_password]
    generate: true
    group-by: [src_ip]
    timespan: 10m
    condition:
        gte: 3
`

// Stored out of time order (two files): rows and appended indices differ.
const events: NormalizedEvent[] = [
  ev('sshd[9]: Accepted publickey for ann from 10.0.0.5 port 22 ssh2', { ts: at(1), program: 'sshd', src_ip: '10.0.0.5' }),
  ...[7, 3, 5].map((m) => ev(`sshd[${m}]: Failed password for root from 203.0.113.9 port 22 ssh2`, { ts: at(m), program: 'sshd', src_ip: '203.0.113.9' })),
  ev('sshd[2]: Failed password for bob from 198.51.100.7 port 22 ssh2', { ts: at(2), program: 'sshd', src_ip: '198.51.100.7' }),
  ev('CRON[4]: pam_unix(cron:session): session opened for user root', { ts: at(4), program: 'CRON' }),
]

function scanTable(set: ReturnType<typeof setOf>, readable: (appended: number) => boolean) {
  const columns = new EventColumns(16)
  const matches = new ScanSigmaMatches(set)
  events.forEach((e, i) => {
    matches.observe(e, columns.n)
    columns.append(e, i)
  })
  const read: number[] = []
  const t = tableOf(columns, 'append', (i) => {
    if (!readable(i)) throw new Error(`line ${i} read back`)
    read.push(i)
    return events[i]
  })
  attachScanMatches(t, matches)
  return { t, read }
}

describe('Sigma matches made while a scan stores its lines', () => {
  it('give the same rows and rule ids as matching every line, reading back only the 4 failures a correlation groups', () => {
    const set = setOf(RULES)
    const failures = new Set([1, 2, 3, 4])
    const { t, read } = scanTable(set, (i) => failures.has(i))
    const rows = runSigma(set, t, new HitSink(t.n))
    const byEvent = events.map((_, i) => rows.get(t.order.indexOf(i)) ?? [])
    // Hand count: 4 failed passwords (3 from 203.0.113.9 within 4 min: the burst, from its third on).
    expect(byEvent).toEqual([[], ['failed', 'burst'], ['failed', 'burst'], ['failed', 'burst'], ['failed'], []])
    expect(new Set(read)).toEqual(failures)
    // The same as the pass over the whole table (every line read).
    const whole = scanTable(setOf(RULES), () => true)
    const plain = runSigma(set, tableOf(EventColumns.of(events), 'append', (i) => events[i]), new HitSink(events.length))
    expect(whole.t.n).toBe(6)
    expect([...plain.entries()].sort()).toEqual([...rows.entries()].sort())
  })
  it('serve a host group’s part of the table (subTable) as a scan of its lines alone: two failures make no burst there', () => {
    const set = setOf(RULES)
    const { t } = scanTable(set, () => true)
    // The accepted login, the failures at minutes 7 and 5, the cron line: appended events 0, 1, 3, 5.
    const part = new Set([0, 1, 3, 5])
    const rows = Uint32Array.from([...Array(t.n).keys()].filter((r) => part.has(t.order[r])))
    const sub = subTable(t, rows)
    passScanMatches(t, sub)
    const got = runSigma(set, sub, new HitSink(sub.n))
    const byEvent = new Map([...part].map((i) => [i, got.get(sub.order.indexOf(i)) ?? []]))
    expect(byEvent).toEqual(new Map([[0, []], [1, ['failed']], [3, ['failed']], [5, []]]))
    // The same as the pass over a table of those lines alone.
    const alone = [...part].map((i) => events[i])
    const plain = runSigma(set, tableOf(EventColumns.of(alone), 'append', (i) => alone[i]), new HitSink(alone.length))
    expect([...plain.values()].sort()).toEqual([...got.values()].sort())
  })

  it('are not used for other rules than those the scan ran: the pass matches every line then', () => {
    const { t, read } = scanTable(setOf(RULES), () => true)
    const other = setOf(RULES)
    const rows = runSigma(other, t, new HitSink(t.n))
    expect(rows.size).toBe(4)
    expect(new Set(read).size).toBe(6)
  })
})
