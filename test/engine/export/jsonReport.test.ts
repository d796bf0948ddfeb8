import { describe, expect, it } from 'vitest'
import { buildJsonReport } from '../../../src/engine/export/jsonReport'
import type { ScanSummary } from '../../../src/shared/sources'
import { makeEvent, makeScore } from '../store/makeEvent'

const summary: ScanSummary = {
  roots: ['/logs'],
  files: 1,
  hosts: 1,
  events: 1,
  unparsed: 0,
  findings: { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 1 },
  threats: { brute_force: 1 },
  topUsers: [['root', 1]],
  topSourceIps: [['10.0.0.1', 1]],
  problems: [],
  durationMs: 5,
  backend: null,
}

describe('JSON report', () => {
  it('carries the summary and findings with an ISO timestamp, unneutralised', () => {
    const f = { ...makeEvent({ user: '=cmd' }), ...makeScore(0.97), id: 1, status: 'new' as const, note: '', attack_version: '18.1' }
    const report = JSON.parse(JSON.stringify(buildJsonReport(summary, [f], { version: '0.1.0', attackVersion: '18.1' })))
    expect(report).toMatchObject({ generator: 'vigil 0.1.0', attackVersion: '18.1', summary })
    expect(report.findings[0]).toMatchObject({ timestamp: '2025-03-01T12:00:00.000Z', user: '=cmd', score: 0.97 })
  })
})
