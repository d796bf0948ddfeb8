import { MessageChannel } from 'node:worker_threads'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Engine } from '../../../src/engine/api/Engine'
import { servePort } from '../../../src/engine/api/portHost'
import type { EventEnvelope, ReplyEnvelope } from '../../../src/shared/api'
import { fakePipeline } from './fakePipeline'

describe('worker port host', () => {
  it('answers envelopes and forwards events as {event, payload}', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-port-'))
    writeFileSync(join(dir, 'auth.log'), '2025-03-01T12:00:01Z web1 auth_failure bad1 10.0.0.1\n')
    const engine = new Engine({ pipeline: fakePipeline(), log: () => undefined })
    const { port1, port2 } = new MessageChannel()
    const stop = servePort(engine, port1)
    const messages: (ReplyEnvelope | EventEnvelope)[] = []
    const replied = new Promise<ReplyEnvelope>((resolve) =>
      port2.on('message', (m: ReplyEnvelope | EventEnvelope) => {
        messages.push(m)
        if ('id' in m && m.id === 2) resolve(m)
      }),
    )
    port2.postMessage({ id: 1, method: 'nope', params: {} })
    port2.postMessage({ id: 2, method: 'sources.open', params: { path: dir } })
    const reply = await replied
    expect(reply).toMatchObject({ id: 2, ok: true, value: { events: 1 } })
    expect(messages.find((m) => 'id' in m && m.id === 1)).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    const events = messages.filter((m): m is EventEnvelope => 'event' in m).map((m) => m.event)
    expect(events).toEqual(expect.arrayContaining(['ingest.progress', 'findings.added', 'summary.changed']))
    stop()
    port1.close()
    port2.close()
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
