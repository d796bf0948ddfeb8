/**
 * The flood probe of `vigil bench serve-burst`: a served store of generated events, one
 * authenticated socket sending `requests` × `findings.query` 0..1000 without reading, then one
 * normal request. Figures: how the requests were answered, the time, and the peak RSS of this
 * process (server and engine; sampled every 50 ms) — the bound is 1.5 GB.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { createEngine } from '../../engine/api/createEngine'
import { generateDataset } from '../../engine/generate/generateDataset'
import type { ReplyEnvelope } from '../../shared/api'
import { startServer } from '../serve/startServer'

export interface ServeBurstBench {
  events: number
  requests: number
  pages: number
  busy: number
  otherErrors: number
  /** Characters of one 0..1000 page. */
  pageChars: number
  seconds: number
  /** The request sent after the burst was answered with the right page. */
  answeredAfter: boolean
  rssBeforeMB: number
  rssPeakMB: number
}

export async function benchServeBurst(events: number, requests: number): Promise<ServeBurstBench> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-burst-'))
  const engine = createEngine({ analyze: { seed: 42 }, log: () => undefined })
  try {
    await generateDataset({ outDir: join(dir, 'logs'), events, seed: 42, hosts: 4, days: 7 })
    rmSync(join(dir, 'logs', 'labels.csv'), { force: true })
    const scanned = await engine.scan([join(dir, 'logs')])
    if (!scanned.ok) throw new Error(scanned.error.message)
    const server = await startServer({ engine, rendererDir: null, log: () => undefined })
    try {
      const params = { minSeverity: 'NONE', startRow: 0, endRow: 1000 }
      const expected = JSON.stringify(engine.queryFindings({ minSeverity: 'NONE' }, 0, 1000))
      const rss = (): number => process.memoryUsage().rss / 1e6
      global.gc?.()
      const rssBeforeMB = rss()
      let rssPeakMB = rssBeforeMB
      const sampler = setInterval(() => (rssPeakMB = Math.max(rssPeakMB, rss())), 50)
      const t0 = performance.now()
      const ws = new WebSocket(server.apiUrl, { headers: { Origin: server.origin } })
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
      const counts = { pages: 0, busy: 0, otherErrors: 0 }
      let answeredAfter = false
      const done = new Promise<void>((resolve) => {
        ws.on('message', (data) => {
          const msg = JSON.parse(data.toString()) as ReplyEnvelope | { event: string }
          if ('event' in msg) return
          if (msg.id === requests + 1) {
            answeredAfter = msg.ok && JSON.stringify(msg.value) === expected
            resolve()
          } else if (msg.ok) counts.pages++
          else if (msg.error.code === 'busy') counts.busy++
          else counts.otherErrors++
          if (counts.pages + counts.busy + counts.otherErrors === requests) {
            ws.send(JSON.stringify({ id: requests + 1, method: 'findings.query', params }))
          }
        })
      })
      for (let id = 1; id <= requests; id++) ws.send(JSON.stringify({ id, method: 'findings.query', params }))
      await done
      const seconds = (performance.now() - t0) / 1000
      clearInterval(sampler)
      ws.close()
      return { events: scanned.value.events, requests, ...counts, pageChars: expected.length, seconds, answeredAfter, rssBeforeMB, rssPeakMB: Math.max(rssPeakMB, rss()) }
    } finally {
      await server.close()
    }
  } finally {
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
