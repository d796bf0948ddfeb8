// The HTML report, the ATT&CK matrix and the Navigator layer of a small store with a hostile user
// name: counts as stored, every tactic named, charts drawn as SVG, log text escaped, nothing to run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildNavigatorLayer, buildReport } from '../../../src/engine/export/report/buildReport'
import { REPORT_CSP, escapeHtml } from '../../../src/engine/export/report/reportHtml'
import { attackMatrix } from '../../../src/engine/mitre/matrix'
import { aggregatesOf } from '../../../src/engine/store/aggregates'
import { incidentsQueryOf } from '../../../src/engine/store/incidentsQuery'
import { Store } from '../../../src/engine/store/Store'
import type { ScanSummary } from '../../../src/shared/sources'
import { TEST_FILE, makeEvent, makeScore } from '../store/makeEvent'

const HOSTILE = '<img src=x onerror=alert(1)>'
const T0 = Date.UTC(2025, 2, 1, 3, 0, 0)

/** 20 brute-force lines against HOSTILE (HIGH, T1110.001), 4 lateral-movement lines (CRITICAL, T1021.004), 30 quiet logins. */
function fill(store: Store): void {
  const sourceId = store.addSource('/logs', 0)
  const events = [
    ...Array.from({ length: 20 }, (_, i) => makeEvent({ ts: T0 + i * 3_000, source_line: i + 1, user: HOSTILE, src_ip: '203.0.113.9' })),
    ...Array.from({ length: 4 }, (_, i) => makeEvent({ ts: T0 + 3_600_000 + i * 60_000, source_line: 21 + i, user: 'dave', host: `db${i}`, event: 'auth_success', outcome: 'success' })),
    ...Array.from({ length: 30 }, (_, i) => makeEvent({ ts: T0 + 7_200_000 + i * 600_000, source_line: 25 + i, user: 'alice', event: 'auth_success', outcome: 'success' })),
  ].map((event, i) => ({ key: `k${i}`, event }))
  const { inserted } = store.commitFile({ ...TEST_FILE, sourceId }, events)
  store.writeScores(
    inserted.map(({ id }, i) => ({
      eventId: id,
      score:
        i < 20
          ? makeScore(0.9, { reasons: [`20 failed logins for ${HOSTILE}`] })
          : i < 24
            ? makeScore(0.97, { threat_type: 'lateral_movement', episode: 'lateral_movement:dave', mitre_techniques: ['T1021.004'], mitre_tactics: ['Lateral Movement'], reasons: ['dave hopped 4 hosts'] })
            : makeScore(0.1),
    })),
    '18.1',
    null,
  )
}

const SUMMARY: ScanSummary = {
  roots: ['/logs'],
  files: 1,
  hosts: 5,
  events: 54,
  unparsed: 2,
  findings: { LOW: 0, MEDIUM: 0, HIGH: 20, CRITICAL: 4 },
  threats: { brute_force: 20, lateral_movement: 4 },
  topUsers: [],
  topSourceIps: [],
  problems: [],
  durationMs: 1234,
  backend: 'wasm',
}

describe('report', () => {
  let store: Store
  beforeEach(() => {
    store = Store.open(':memory:')
    fill(store)
  })
  afterEach(() => store.close())

  it('is one self-contained page: the counts, every tactic, the charts as SVG, log text escaped, no script', async () => {
    const agg = aggregatesOf(store)
    const incidents = incidentsQueryOf(store).list({})
    const { html, filename } = await buildReport(agg, {}, { summary: SUMMARY, incidents, findings: 24, options: { paths: '/logs' }, generatedAt: T0 })
    expect(filename).toBe('vigil-report.html')
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`)
    expect(html).not.toMatch(/<script|javascript:|<iframe|<object|<embed|<link|<img|\bsrc=["']?http/i)
    // Summary counts as given.
    const card = (label: string): string | undefined => html.match(new RegExp(`data-count="${label}"[^>]*><span class="dim">${label}</span><b>([^<]*)</b>`))?.[1]
    expect([card('Events'), card('Findings'), card('CRITICAL'), card('HIGH'), card('Files'), card('Unparsed lines'), card('Incidents')]).toEqual(['54', '24', '4', '20', '1', '2', '2'])
    // The hostile name as text, wherever it shows (incidents, reasons, the top-users chart).
    expect(html).not.toContain(HOSTILE)
    expect(html.split(escapeHtml(HOSTILE)).length - 1).toBeGreaterThanOrEqual(2)
    // Timeline + 8 charts, all drawn.
    const figures = [...html.matchAll(/<figure id="chart-([a-z_-]+)"[^>]*data-has-data="(true|false)"><h3>[^<]*<\/h3>(<svg|<p)/g)]
    expect(figures.map((f) => f[1])).toEqual(['timeline', 'score-histogram', 'scores-by-threat', 'threats', 'top-user', 'top-src_ip', 'top-host', 'login-windows', 'inter-arrival'])
    expect(figures.every((f) => f[2] === 'true' && f[3] === '<svg')).toBe(true)
    // All 14 tactics as columns; the two seen techniques in theirs.
    expect([...html.matchAll(/<div class="tactic" data-tactic="([a-z-]+)"><h4>/g)]).toHaveLength(14)
    expect(html).toMatch(/data-tactic="credential-access"><h4>Credential Access<\/h4><div class="cell"[^>]*><b>T1110\.001<\/b>Brute Force: Password Guessing<br>20 findings/)
    expect(html).toMatch(/data-tactic="lateral-movement"><h4>Lateral Movement<\/h4><div class="cell"[^>]*><b>T1021\.004<\/b>Remote Services: SSH<br>4 findings/)
    expect(html).toContain('The MITRE Corporation')
  })

  it('matrix: seen cells under each of their tactics, strongest first; all adds the catalogue unseen', () => {
    const m = attackMatrix(aggregatesOf(store).techniques({}))
    expect(m.tactics.map((t) => t.name)).toHaveLength(14)
    expect(m.seen).toBe(2)
    expect(m.tactics.find((t) => t.shortname === 'credential-access')?.cells).toEqual([
      { id: 'T1110.001', name: 'Brute Force: Password Guessing', count: 20, severity: 'HIGH', topReason: `20 failed logins for ${HOSTILE}` },
    ])
    const all = attackMatrix(aggregatesOf(store).techniques({}), true)
    const credential = all.tactics.find((t) => t.shortname === 'credential-access')!.cells
    expect(credential[0].id).toBe('T1110.001')
    expect(credential.length).toBeGreaterThan(10)
    expect(credential.slice(1).every((c) => c.count === 0 && c.severity === null && !c.id.includes('.'))).toBe(true)
  })

  it('Navigator layer 4.5: enterprise-attack, ATT&CK 18, one entry per technique and tactic with score, colour and reason', () => {
    const layer = JSON.parse(buildNavigatorLayer(aggregatesOf(store), {}, ['/logs']).json)
    expect(layer).toMatchObject({ domain: 'enterprise-attack', versions: { attack: '18', layer: '4.5' }, name: 'Vigil findings' })
    expect(layer.description).toContain('v18.1')
    expect(layer.techniques).toEqual([
      expect.objectContaining({ techniqueID: 'T1110.001', tactic: 'credential-access', score: 20, color: '#f28c28', comment: `20 failed logins for ${HOSTILE}` }),
      expect.objectContaining({ techniqueID: 'T1021.004', tactic: 'lateral-movement', score: 4, color: '#f0454b', comment: 'dave hopped 4 hosts' }),
    ])
  })
})
