import { describe, expect, it } from 'vitest'
import { formatIncidents, formatSummary, formatWrote, rate, seconds } from '../../src/cli/summaryFormat'
import type { Incident } from '../../src/shared/incident'
import type { ScanSummary } from '../../src/shared/sources'

describe('scan summary format', () => {
  it('prints the reference summary', () => {
    const s: ScanSummary = {
      roots: ['/logs'],
      files: 4,
      hosts: 3,
      events: 61_204,
      unparsed: 2,
      findings: { CRITICAL: 9, HIGH: 140, MEDIUM: 420, LOW: 643 },
      threats: { password_spraying: 61, brute_force: 820, privilege_escalation: 12, a: 5, b: 4, c: 3 },
      topUsers: [['root', 640], ['admin', 180], ['ubuntu', 20], ['x', 1]],
      topSourceIps: [['185.220.101.47', 412]],
      problems: [],
      durationMs: 1_900,
      backend: 'wasm',
    }
    expect(formatSummary(s)).toEqual([
      'Scanned 4 files (3 hosts), 61,204 events in 1.9 s (32,200 events/s); 2 lines unparsed',
      'Anomalies: 1,212 (CRITICAL 9, HIGH 140, MEDIUM 420, LOW 643)',
      'Threats: brute_force 820 · password_spraying 61 · privilege_escalation 12 · a 5 · b 4 · ...',
      'Top users: root 640 · admin 180 · ubuntu 20 · ...   Top source IPs: 185.220.101.47 412',
    ])
    expect(formatWrote('anomalies.csv', 1_212)).toBe('Wrote anomalies.csv (1,212 rows)')
  })

  it('handles singulars, empty rankings and hostile names', () => {
    const lines = formatSummary({
      roots: [],
      files: 1,
      hosts: 1,
      events: 1,
      unparsed: 1,
      findings: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
      threats: {},
      topUsers: [['evil\u001b[2J', 1]],
      topSourceIps: [],
      problems: [],
      durationMs: 12,
      backend: null,
    })
    expect(lines[0]).toBe('Scanned 1 file (1 host), 1 event in 0.01 s (83 events/s); 1 line unparsed')
    expect(lines[2]).toBe('Threats: none')
    expect(lines[3]).toBe('Top users: evil?[2J 1   Top source IPs: none')
    expect(rate(123_456)).toBe('123,000')
    expect(seconds(12_345)).toBe('12')
  })

  it('lists the incidents at MEDIUM or above, strongest first, cut to five, names made one-line', () => {
    const incident = (over: Partial<Incident>): Incident => ({
      episode: 'brute_force:a1',
      threat_type: 'brute_force',
      reason: '364 failed logins from 91.98.222.232 in 9 min against 1 account (root)',
      lines: 364,
      first_ts: Date.UTC(2026, 2, 28, 7, 7, 50),
      last_ts: Date.UTC(2026, 2, 28, 7, 16, 8),
      max_score: 0.99,
      severity: 'CRITICAL',
      mitre_techniques: ['T1110.001'],
      hosts: ['bastion-01'],
      host_count: 1,
      users: ['root'],
      user_count: 1,
      src_ips: ['91.98.222.232'],
      src_ip_count: 1,
      untriaged: 364,
      status: 'new',
      top_finding_id: 1,
      ...over,
    })
    const lines = formatIncidents([
      incident({}),
      incident({ threat_type: 'lateral_movement', severity: 'HIGH', lines: 9, hosts: ['app-01', 'db-01', 'web-01'], host_count: 4, reason: 'bob\u001b[2J on 4 hosts', last_ts: Date.UTC(2026, 2, 29, 1, 0) }),
      ...Array.from({ length: 5 }, (_, i) => incident({ severity: 'MEDIUM', lines: 1, reason: `r${i}` })),
      incident({ severity: 'LOW', threat_type: 'anomaly' }),
    ])
    expect(lines[0]).toBe('Incidents: 7 at MEDIUM or above (CRITICAL 1, HIGH 1, MEDIUM 5); the strongest:')
    expect(lines[1]).toBe('  CRITICAL  brute_force       bastion-01              2026-03-28 07:07–07:16 UTC               364 lines  364 failed logins from 91.98.222.232 in 9 min against 1 account (root)')
    expect(lines[2]).toBe('  HIGH      lateral_movement  app-01,db-01,web-01 +1  2026-03-28 07:07 – 2026-03-29 01:00 UTC    9 lines  bob?[2J on 4 hosts')
    expect(lines).toHaveLength(1 + 5 + 1)
    expect(lines[6]).toBe('  ... 2 more (vigil serve, or --json: incidents by episode)')
    expect(formatIncidents([incident({ severity: 'LOW' })])).toEqual(['Incidents: none at MEDIUM or above'])
  })
})
