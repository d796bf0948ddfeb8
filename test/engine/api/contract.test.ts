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
import { ApiCallError, type EventPayloads, type ReplyEnvelope, type VigilClient } from '../../../src/shared/api'
import { findingSchema } from '../../../src/shared/finding'
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
      expect(added.reduce((n, a) => n + a.findings.length, 0)).toBe(flagged)
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
