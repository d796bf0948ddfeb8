/**
 * The API contract, run over every transport with the same table: in-process and the loopback
 * WebSocket of `vigil serve`. Values are validated against the shared zod schemas.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/engine/api/createEngine'
import type { Engine } from '../../../src/engine/api/Engine'
import { createInProcessClient } from '../../../src/engine/api/inProcessClient'
import { startServer, type RunningServer } from '../../../src/cli/serve/startServer'
import { ApiCallError, QUERY_COLUMNS, type EventPayloads, type ReplyEnvelope, type UiState, type VigilClient } from '../../../src/shared/api'
import { findingSchema } from '../../../src/shared/finding'
import { incidentSchema } from '../../../src/shared/incident'
import { scanSummarySchema, sourceFileSchema } from '../../../src/shared/sources'
import { connectWs, type WsTestClient } from '../../cli/serve/wsClient'
import { fixtureEventCount, makeIntegrationFolder } from '../../integration/fixtureFolder'

const HEADER =
  'timestamp,host,source_file,source_line,event,outcome,user,target_user,src_ip,score,severity,threat_type,mitre_techniques,mitre_tactics,reasons,status,note,raw'

interface Transport {
  client: VigilClient
  raw(message: unknown): Promise<ReplyEnvelope>
  close(): Promise<void>
}

async function inProcess(engine: Engine): Promise<Transport> {
  const { dispatch } = await import('../../../src/engine/api/dispatch')
  const { createHandlers } = await import('../../../src/engine/api/handlers')
  const handlers = createHandlers(engine)
  return { client: createInProcessClient(engine), raw: (m) => dispatch(handlers, m, () => undefined), close: async () => undefined }
}

async function overWebSocket(engine: Engine): Promise<Transport> {
  const server: RunningServer = await startServer({ engine, rendererDir: null, log: () => undefined })
  const ws: WsTestClient = await connectWs(server.apiUrl, server.origin)
  return {
    client: ws,
    raw: (m) => ws.raw(m),
    close: async () => {
      await ws.close()
      await server.close()
    },
  }
}

const transports = { 'in-process': inProcess, websocket: overWebSocket }

for (const [name, connect] of Object.entries(transports)) {
  describe(`API contract over ${name}`, () => {
    let dir: string
    let engine: Engine
    let t: Transport
    const added: EventPayloads['findings.added'][] = []

    beforeAll(async () => {
      dir = makeIntegrationFolder()
      engine = createEngine({ analyze: { seed: 42 }, parse: { timeZone: 'UTC' }, log: () => undefined })
      t = await connect(engine)
      t.client.on('findings.added', (p) => added.push(p))
    })
    afterAll(async () => {
      await t.close()
      await engine.close()
      rmSync(dir, { recursive: true, force: true })
    })

    it('app.info', async () => {
      const info = await t.client.call('app.info', {})
      expect(info).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), attackVersion: '18.1', roots: [] })
      expect(info.attackNotice).toContain('MITRE')
    })

    it('sources.open scans the folder and pushes findings', async () => {
      const summary = scanSummarySchema.parse(await t.client.call('sources.open', { path: dir }))
      expect(summary).toMatchObject({ roots: [dir], files: 4, hosts: 2, events: fixtureEventCount(), unparsed: 1, problems: [] })
      const flagged = summary.findings.LOW + summary.findings.MEDIUM + summary.findings.HIGH + summary.findings.CRITICAL
      expect(summary.findings.HIGH + summary.findings.CRITICAL).toBe(48)
      const highest = (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const).find((b) => summary.findings[b] > 0)
    expect(highest).toBe('HIGH')
    expect(added).toEqual([{ count: flagged, highestSeverity: highest }])
      expect(scanSummarySchema.parse(await t.client.call('summary.get', {}))).toEqual(summary)
    })

    it('sources.list', async () => {
      const files = (await t.client.call('sources.list', {})).map((f) => sourceFileSchema.parse(f))
      expect(files.map((f) => [f.root, f.path, f.status])).toEqual(
        ['app.jsonl', 'app.jsonl.1', 'auth.log', 'auth.log.1.gz'].map((p) => [dir, p, 'scanned']),
      )
      expect(files[2]).toMatchObject({ format: 'auth', lines: 162, events: 162, unparsed: 1, lastEventTs: Date.UTC(2025, 2, 1, 18, 51) })
    })

    it('findings.list returns valid findings at or above the severity, highest score first', async () => {
      const findings = (await t.client.call('findings.list', {})).map((f) => findingSchema.parse(f))
      const summary = await t.client.call('summary.get', {})
      expect(findings).toHaveLength(summary.findings.LOW + summary.findings.MEDIUM + summary.findings.HIGH + summary.findings.CRITICAL)
      for (let i = 1; i < findings.length; i++) expect(findings[i - 1].score).toBeGreaterThanOrEqual(findings[i].score)
      expect(await t.client.call('findings.list', { minSeverity: 'NONE' })).toHaveLength(fixtureEventCount())
      const high = await t.client.call('findings.list', { minSeverity: 'HIGH' })
      expect(high.map((f) => f.threat_type)).toEqual(Array(48).fill('brute_force'))
    })

    it('findings.get gives detail, not_found for an unknown id', async () => {
      const [first] = await t.client.call('findings.list', {})
      const detail = await t.client.call('findings.get', { id: first.id })
      expect(detail.finding).toEqual(first)
      expect(detail.techniques).toEqual([
        { id: 'T1110.001', name: 'Password Guessing', tactics: ['Credential Access'], url: 'https://attack.mitre.org/techniques/T1110/001' },
      ])
      const lines = detail.context.map((c) => c.source_line)
      expect(lines).toContain(first.source_line)
      expect(lines.every((l) => Math.abs(l - first.source_line) <= 5)).toBe(true)
      await expect(t.client.call('findings.get', { id: 987654 })).rejects.toMatchObject({ code: 'not_found' })
    })

    it('triage.set persists and is pushed', async () => {
      const [first] = await t.client.call('findings.list', {})
      const updated = new Promise<EventPayloads['findings.updated']>((res) => {
        const off = t.client.on('findings.updated', (p) => {
          off()
          res(p)
        })
      })
      const set = await t.client.call('triage.set', { id: first.id, status: 'investigating', note: '<b>check</b>' })
      expect(set).toMatchObject({ id: first.id, status: 'investigating', note: '<b>check</b>' })
      expect((await updated).findings[0].status).toBe('investigating')
      expect((await t.client.call('findings.get', { id: first.id })).finding.status).toBe('investigating')
      await expect(t.client.call('triage.set', { id: 999999, status: 'resolved' })).rejects.toBeInstanceOf(ApiCallError)
    })

    it('triage.bulk triages the selected lines at once; findings.contains says whether a line is in a filter', async () => {
      const rows = (await t.client.call('findings.query', { startRow: 0, endRow: 3 })).rows
      const ids = rows.map((f) => f.id)
      expect(await t.client.call('triage.bulk', { ids: [...ids, 999999], status: 'escalated', note: 'ticket 42' })).toEqual({ updated: 3 })
      for (const id of ids) expect((await t.client.call('findings.get', { id })).finding).toMatchObject({ status: 'escalated', note: 'ticket 42' })
      const statusIs = (status: string) => ({ filterModel: { status: { filterType: 'text' as const, type: 'equals' as const, filter: status } } })
      expect(await t.client.call('findings.contains', { id: ids[0], ...statusIs('escalated') })).toEqual({ contains: true })
      expect(await t.client.call('findings.contains', { id: ids[0], ...statusIs('new') })).toEqual({ contains: false })
      await t.client.call('triage.bulk', { ids, status: 'new', note: '' })
      expect(await t.raw({ id: 61, method: 'triage.bulk', params: { ids: [] } })).toMatchObject({ id: 61, ok: false, error: { code: 'bad_request' } })
      // One store here (no case switcher): the cases methods say so, as data.
      expect(await t.raw({ id: 62, method: 'cases.list', params: {} })).toMatchObject({ id: 62, ok: false, error: { code: 'bad_request' } })
      expect(await t.raw({ id: 63, method: 'cases.open', params: { id: '../x' } })).toMatchObject({ id: 63, ok: false, error: { code: 'bad_request' } })
    })

    it('incidents.list groups the findings by episode; incidents.triage and the incident filter follow it', async () => {
      const incidents = await t.client.call('incidents.list', {})
      for (const i of incidents) expect(incidentSchema.parse(i)).toEqual(i)
      const all = await t.client.call('findings.query', { startRow: 0, endRow: 1000 })
      expect(incidents.reduce((n, i) => n + i.lines, 0)).toBe(all.total)
      expect(incidents.map((i) => i.max_score)).toEqual([...incidents.map((i) => i.max_score)].sort((a, b) => b - a))
      const brute = incidents.find((i) => i.threat_type === 'brute_force')
      expect(brute && brute.lines).toBeGreaterThan(1)
      const key = { episode: brute!.episode }

      const lines = await t.client.call('findings.query', { startRow: 0, endRow: 1000, incident: key })
      expect(lines.total).toBe(brute!.lines)
      expect(lines.rows.every((f) => f.threat_type === 'brute_force' && f.episode === brute!.episode)).toBe(true)
      expect(lines.rows.map((f) => f.id)).toContain(brute!.top_finding_id)

      const updated = new Promise<EventPayloads['findings.updated']>((res) => {
        const off = t.client.on('findings.updated', (p) => {
          off()
          res(p)
        })
      })
      expect(await t.client.call('incidents.triage', { ...key, status: 'false_positive', note: 'pentest' })).toEqual({ updated: brute!.lines })
      expect((await updated).findings.map((f) => [f.status, f.note])).toEqual(Array(brute!.lines).fill(['false_positive', 'pentest']))
      const after = (await t.client.call('incidents.list', {})).find((i) => i.episode === brute!.episode)
      expect(after?.untriaged).toBe(0)
      await t.client.call('incidents.triage', { ...key, status: 'new', note: '' })
      await expect(t.client.call('incidents.triage', { ...key, status: 'bogus' } as never)).rejects.toBeInstanceOf(ApiCallError)
    })

    it('export.csv has the header and the rows asked for', async () => {
      const findings = await t.client.call('findings.list', {})
      const out = await t.client.call('export.csv', { ids: findings.map((f) => f.id) })
      expect(out.filename).toBe('anomalies.csv')
      expect(out.rows).toBe(findings.length)
      const lines = out.csv.split('\r\n')
      expect(lines[0].startsWith(`${HEADER},`)).toBe(true)
      expect(lines.at(-1)).toBe('')
      const some = await t.client.call('export.csv', { ids: [findings[2].id, findings[0].id] })
      expect(some.rows).toBe(2)
    })

    it('findings.query pages, sorts, filters and counts in the engine', async () => {
      const list = await t.client.call('findings.list', {})
      const first = await t.client.call('findings.query', { startRow: 0, endRow: 25 })
      expect(first.total).toBe(list.length)
      expect(first.rows).toHaveLength(Math.min(25, list.length))
      first.rows.forEach((f) => findingSchema.parse(f))
      expect(first.rows.map((f) => f.score)).toEqual(list.slice(0, 25).map((f) => f.score))
      const second = await t.client.call('findings.query', { startRow: 25, endRow: 50 })
      expect(second.rows.map((f) => f.score)).toEqual(list.slice(25, 50).map((f) => f.score))
      expect(new Set([...first.rows, ...second.rows].map((f) => f.id)).size).toBe(first.rows.length + second.rows.length)

      // Time ascending, every event, filtered by an exact user.
      const user = list[0].user ?? ''
      const byUser = await t.client.call('findings.query', {
        startRow: 0,
        endRow: 1000,
        minSeverity: 'NONE',
        sortModel: [{ colId: 'time', sort: 'asc' }],
        filterModel: { user: { filterType: 'text', type: 'equals', filter: user } },
      })
      const all = await t.client.call('findings.list', { minSeverity: 'NONE' })
      expect(byUser.total).toBe(all.filter((f) => f.user === user).length)
      expect(byUser.rows.every((f) => f.user === user)).toBe(true)
      expect(byUser.rows.map((f) => f.ts)).toEqual([...byUser.rows.map((f) => f.ts)].sort((a, b) => a - b))

      // Score range, severity set, ATT&CK technique, quick filter words.
      const mid = await t.client.call('findings.query', {
        startRow: 0,
        endRow: 1000,
        filterModel: { score: { filterType: 'number', type: 'inRange', filter: 0.7, filterTo: 0.9 } },
      })
      expect(mid.rows.every((f) => f.score >= 0.7 && f.score <= 0.9)).toBe(true)
      expect(mid.total).toBe(list.filter((f) => f.score >= 0.7 && f.score <= 0.9).length)
      const high = await t.client.call('findings.query', {
        startRow: 0,
        endRow: 1000,
        filterModel: { severity: { filterType: 'set', values: ['HIGH', 'CRITICAL'] } },
      })
      expect(high.total).toBe(48)
      const mitre = await t.client.call('findings.query', {
        startRow: 0,
        endRow: 1000,
        filterModel: { mitre: { filterType: 'text', type: 'equals', filter: 'T1110.001' } },
      })
      expect(mitre.total).toBe(list.filter((f) => f.mitre_techniques.includes('T1110.001')).length)
      const ip = list[0].src_ip ?? ''
      const quick = await t.client.call('findings.query', { startRow: 0, endRow: 1000, quickFilter: ` ${ip}  ${list[0].host} ` })
      expect(quick.total).toBeGreaterThan(0)
      expect(quick.rows.every((f) => f.src_ip?.includes(ip) || f.host.includes(ip) || f.reasons.some((r) => r.includes(ip)))).toBe(true)

      // Values are data, never SQL; columns come from a whitelist.
      const hostile = await t.client.call('findings.query', {
        startRow: 0,
        endRow: 10,
        quickFilter: "x' OR 1=1 --",
        filterModel: { host: { filterType: 'text', type: 'contains', filter: '%_\\' } },
      })
      expect(hostile).toEqual({ rows: [], total: 0 })
      const badColumn = await t.raw({ id: 7, method: 'findings.query', params: { startRow: 0, endRow: 10, sortModel: [{ colId: 'e.id; DROP TABLE events', sort: 'asc' }] } })
      expect(badColumn).toMatchObject({ ok: false, error: { code: 'bad_request' } })
      const tooBig = await t.raw({ id: 8, method: 'findings.query', params: { startRow: 0, endRow: 100_000 } })
      expect(tooBig).toMatchObject({ ok: false, error: { code: 'bad_request' } })
      expect((await t.client.call('findings.query', { startRow: 0, endRow: 1 })).total).toBe(list.length)
    })

    it('export.csv of a query writes every matching row, in the grid order', async () => {
      const query = {
        minSeverity: 'LOW' as const,
        sortModel: [{ colId: 'score' as const, sort: 'desc' as const }],
        filterModel: { threat_type: { filterType: 'text' as const, type: 'contains' as const, filter: 'brute' } },
      }
      const page = await t.client.call('findings.query', { ...query, startRow: 0, endRow: 1000 })
      const out = await t.client.call('export.csv', query)
      expect(out.rows).toBe(page.total)
      const lines = out.csv.split('\r\n')
      expect(lines[0].startsWith(`${HEADER},`)).toBe(true)
      expect(lines).toHaveLength(page.total + 2)
      const scoreAt = HEADER.split(',').indexOf('score')
      expect(lines.slice(1, 4).map((l) => Number(l.split(',')[scoreAt]).toFixed(2))).toEqual(page.rows.slice(0, 3).map((f) => f.score.toFixed(2)))
    })

    it('insights.* aggregate what the grid lists: same totals, same time range, params validated', async () => {
      const summary = await t.client.call('summary.get', {})
      const all = await t.client.call('findings.list', { minSeverity: 'NONE' })
      const timeline = await t.client.call('insights.timeline', {})
      const perRank = [0, 1, 2, 3, 4].map((r) => timeline.buckets.reduce((n, b) => n + b.bySeverity[r], 0))
      expect(perRank.reduce((a, b) => a + b, 0)).toBe(all.length)
      expect(perRank.slice(1)).toEqual([summary.findings.LOW, summary.findings.MEDIUM, summary.findings.HIGH, summary.findings.CRITICAL])
      expect(timeline.first).toBe(Math.floor(Math.min(...all.map((f) => f.ts)) / 60_000) * 60_000)

      const threats = await t.client.call('insights.threats', {})
      expect(Object.fromEntries(threats.map((x) => [x.threat_type, x.count]))).toEqual(summary.threats)
      const users = await t.client.call('insights.top', { field: 'user', limit: summary.topUsers.length })
      expect(users.map((u) => [u.value, u.count])).toEqual(summary.topUsers)
      const findings = all.filter((f) => f.severity !== 'NONE')
      const techniques = await t.client.call('insights.techniques', {})
      expect(techniques.find((x) => x.id === 'T1110.001')?.count).toBe(findings.filter((f) => f.mitre_techniques.includes('T1110.001')).length)
      const histogram = await t.client.call('insights.scoreHistogram', {})
      expect(histogram.counts.reduce((a, b) => a + b, 0)).toBe(all.length)
      const boxes = await t.client.call('insights.scoresByThreat', {})
      expect(boxes.find((b) => b.threat_type === 'brute_force')?.count).toBe(summary.threats.brute_force)
      const logins = all.filter((f) => (f.event === 'auth_success' || f.event === 'auth_failure') && f.user)
      expect((await t.client.call('insights.loginWindows', {})).logins).toBe(logins.length)
      const gaps = await t.client.call('insights.interArrival', {})
      expect(gaps.gaps).toBe(logins.length - new Set(logins.map((f) => f.user)).size)

      // A time range: the grid, the export and the aggregates count the same lines.
      const times = findings.map((f) => f.ts).sort((a, b) => a - b)
      const range = { from: times[Math.floor(times.length / 3)], to: times[Math.floor((2 * times.length) / 3)] }
      const inRange = findings.filter((f) => f.ts >= range.from && f.ts < range.to).length
      expect((await t.client.call('findings.query', { ...range, startRow: 0, endRow: 1 })).total).toBe(inRange)
      expect((await t.client.call('export.csv', range)).rows).toBe(inRange)
      expect((await t.client.call('insights.threats', range)).reduce((n, x) => n + x.count, 0)).toBe(inRange)

      const matrix = await t.client.call('insights.matrix', {})
      expect(matrix.tactics).toHaveLength(14)
      expect(matrix.tactics.find((x) => x.shortname === 'credential-access')?.cells.find((c) => c.id === 'T1110.001')?.count).toBe(
        techniques.find((x) => x.id === 'T1110.001')?.count,
      )
      const layer = JSON.parse((await t.client.call('export.navigator', {})).json)
      expect(layer.techniques.find((x: { techniqueID: string }) => x.techniqueID === 'T1110.001')?.score).toBe(techniques.find((x) => x.id === 'T1110.001')?.count)
      const report = await t.client.call('export.report', range)
      expect(report.html).toContain(`<span class="dim">Findings</span><b>${inRange.toLocaleString('en-US')}</b>`)

      const badField = await t.raw({ id: 9, method: 'insights.top', params: { field: 'raw' } })
      expect(badField).toMatchObject({ ok: false, error: { code: 'bad_request' } })
      const badRange = await t.raw({ id: 10, method: 'insights.timeline', params: { from: 'yesterday' } })
      expect(badRange).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    })

    it('ui.getState / ui.setState keep the grid as the analyst left it, validated and bounded', async () => {
      expect(await t.client.call('ui.getState', {})).toEqual({})
      const [first] = await t.client.call('findings.list', {})
      const view: UiState = {
        sortModel: [
          { colId: 'time', sort: 'asc' },
          { colId: 'score', sort: 'desc' },
        ],
        filterModel: {
          host: { filterType: 'text', type: 'contains', filter: 'web' },
          score: { filterType: 'number', operator: 'OR', conditions: [
            { filterType: 'number', type: 'lessThan', filter: 0.2 },
            { filterType: 'number', type: 'greaterThan', filter: 0.8 },
          ] },
          time: { filterType: 'date', type: 'inRange', dateFrom: '2025-03-01 00:00:00', dateTo: '2025-03-02 00:00:00' },
        },
        quickFilter: 'root',
        minSeverity: 'NONE',
        selectedId: first.id,
        columns: [{ colId: 'score', width: 80 }, { colId: 'time', width: 150 }, { colId: 'why' }],
        showDetectors: false,
        showSources: true,
        view: 'lines',
        incident: { episode: 'brute_force:Xk3v9QeR1tYb2NwA', threat_type: 'brute_force', reason: '365 failed logins from 203.0.113.7 in 9 min' },
      }
      expect(await t.client.call('ui.setState', view)).toEqual(view)
      expect(await t.client.call('ui.getState', {})).toEqual(view)
      // The whole view is replaced, not merged.
      expect(await t.client.call('ui.setState', { minSeverity: 'HIGH' })).toEqual({ minSeverity: 'HIGH' })
      expect(await t.client.call('ui.getState', {})).toEqual({ minSeverity: 'HIGH' })

      const refused = async (params: unknown): Promise<void> => {
        expect(await t.raw({ id: 60, method: 'ui.setState', params })).toMatchObject({ id: 60, ok: false, error: { code: 'bad_request' } })
      }
      await refused({ sortModel: [{ colId: 'e.id; DROP TABLE events', sort: 'asc' }] })
      await refused({ filterModel: { raw: { filterType: 'text', type: 'contains', filter: 'x' } } })
      await refused({ quickFilter: 'x'.repeat(1001) })
      await refused({ minSeverity: 'SEVERE' })
      await refused({ selectedId: -1 })
      await refused({ columns: [{ colId: 'time', width: 10_000 }] })
      await refused({ theme: 'light' })
      await refused({ view: 'grid' })
      // An older Vigil's incident (threat type and sentence, no episode) is not a key any more.
      await refused({ incident: { threat_type: 'brute_force', reason: 'x' } })
      await refused({ incident: { episode: 'e', threat_type: 'brute_force', reason: 'x', lines: 3 } })
      await refused({ incident: { episode: 'e', threat_type: 'brute_force', reason: 'x'.repeat(4001) } })
      await refused({ incident: { episode: 'e'.repeat(301), threat_type: 'brute_force', reason: 'x' } })
      await refused({ incident: { episode: 'e', threat_type: 'bulk_transfer', reason: 'x' } })
      await refused({ script: '<img src=x onerror=alert(1)>' })
      // Every field within its bounds, the whole over 64 KiB: refused as well.
      const long = { filterType: 'text' as const, type: 'contains' as const, filter: 'y'.repeat(1000) }
      const huge = Object.fromEntries(QUERY_COLUMNS.map((c) => [c, { filterType: 'text', operator: 'AND', conditions: Array(10).fill(long) }]))
      await refused({ filterModel: huge })
      expect(await t.client.call('ui.getState', {})).toEqual({ minSeverity: 'HIGH' })
      await expect(t.client.call('ui.getState', { extra: 1 } as never)).rejects.toMatchObject({ code: 'bad_request' })
    })

    it('answers errors as data: unknown method, bad params, malformed envelope, missing path', async () => {
      expect(await t.raw({ id: 41, method: 'files.delete', params: {} })).toEqual({
        id: 41,
        ok: false,
        error: { code: 'unknown_method', message: 'unknown method: files.delete' },
      })
      const bad = await t.raw({ id: 42, method: 'findings.get', params: { id: -1 } })
      expect(bad).toMatchObject({ id: 42, ok: false, error: { code: 'bad_request' } })
      const extra = await t.raw({ id: 43, method: 'app.info', params: { evil: true } })
      expect(extra).toMatchObject({ id: 43, ok: false, error: { code: 'bad_request' } })
      expect(await t.raw({ id: 44, method: 42 })).toMatchObject({ id: 44, ok: false, error: { code: 'bad_request' } })
      await expect(t.client.call('sources.open', { path: join(dir, 'missing') })).rejects.toMatchObject({ code: 'not_found' })
      for (const reply of [bad, extra]) if (!reply.ok) expect(reply.error.message).not.toMatch(/\n\s+at /)
    })
  })
}
