import { describe, expect, it } from 'vitest'
import { formatSummary, formatWrote, rate, seconds } from '../../src/cli/summaryFormat'
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
})
