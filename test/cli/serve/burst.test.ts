/**
 * `vigil serve` under a request flood: one authenticated socket sends 2,000 `findings.query`
 * 0..1000 without reading a reply. Each gets one answer (the page, or `busy`), the server keeps its
 * memory, and a normal request afterwards is answered correctly.
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createEngine } from '../../../src/engine/api/createEngine'
import type { Engine } from '../../../src/engine/api/Engine'
import { startServer, type RunningServer } from '../../../src/cli/serve/startServer'
import type { FindingsPage, ReplyEnvelope } from '../../../src/shared/api'
import { makeIntegrationFolder } from '../../integration/fixtureFolder'

const BURST = 2_000

describe('vigil serve: a flood of requests on one socket', () => {
  let dir: string
  let engine: Engine
  let server: RunningServer

  beforeAll(async () => {
    dir = makeIntegrationFolder()
    engine = createEngine({ analyze: { seed: 42 }, parse: { timeZone: 'UTC' }, log: () => undefined })
    const scanned = await engine.scan([dir])
    if (!scanned.ok) throw new Error(scanned.error.message)
    server = await startServer({ engine, rendererDir: null, log: () => undefined })
  }, 120_000)
  afterAll(async () => {
    await server.close()
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it(`answers each of ${BURST.toLocaleString('en-US')} pipelined findings.query 0..1000 once (the page or busy), then a normal request`, async () => {
    const expected = engine.queryFindings({ minSeverity: 'NONE' }, 0, 1000)
    expect(expected.rows).toHaveLength(1000)
    const ws = new WebSocket(server.apiUrl, { headers: { Origin: server.origin } })
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    const replies = new Map<number, ReplyEnvelope>()
    let waiting: { id: number; resolve: (r: ReplyEnvelope) => void } | null = null
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as ReplyEnvelope | { event: string }
      if ('event' in msg) return
      expect(replies.has(msg.id)).toBe(false)
      replies.set(msg.id, msg)
      if (waiting?.id === msg.id) waiting.resolve(msg)
    })
    const answered = new Promise<ReplyEnvelope>((resolve) => (waiting = { id: BURST, resolve }))
    for (let id = 1; id <= BURST; id++) ws.send(JSON.stringify({ id, method: 'findings.query', params: { minSeverity: 'NONE', startRow: 0, endRow: 1000 } }))
    await answered
    await expect.poll(() => replies.size, { timeout: 60_000 }).toBe(BURST)

    const all = [...replies.values()]
    const pages = all.filter((r) => r.ok)
    const busy = all.filter((r) => !r.ok && r.error.code === 'busy')
    expect(pages.length + busy.length).toBe(BURST)
    expect(pages.length).toBeGreaterThanOrEqual(16)
    expect(busy.length).toBeGreaterThan(0)
    expect(busy[0]).toMatchObject({ ok: false, error: { code: 'busy', message: expect.stringMatching(/^busy: 16 requests of this connection are still being answered/) as unknown } })
    for (const p of pages.slice(0, 20)) expect((p as { value: FindingsPage }).value).toEqual(expected)

    // Afterwards the same socket gets ordinary answers.
    const after = new Promise<ReplyEnvelope>((resolve) => (waiting = { id: BURST + 1, resolve }))
    ws.send(JSON.stringify({ id: BURST + 1, method: 'findings.query', params: { startRow: 0, endRow: 10 } }))
    expect(await after).toEqual({ id: BURST + 1, ok: true, value: engine.queryFindings({}, 0, 10) })
    ws.close()
  }, 120_000)
})
