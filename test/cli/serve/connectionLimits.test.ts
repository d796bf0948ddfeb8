import { describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { ConnectionLimits, type ConnectionLimitOptions } from '../../../src/cli/serve/ConnectionLimits'
import type { ReplyEnvelope } from '../../../src/shared/api'

/** A socket that keeps what is sent and writes it out only when told to. */
function fakeSocket() {
  const sent: string[] = []
  const unwritten: (() => void)[] = []
  const calls: string[] = []
  const ws = {
    OPEN: 1,
    readyState: 1,
    send: (text: string, cb: () => void) => {
      sent.push(text)
      unwritten.push(cb)
    },
    pause: () => void calls.push('pause'),
    resume: () => void calls.push('resume'),
    terminate: () => {
      calls.push('terminate')
      ws.readyState = 3
    },
  }
  const flush = (): void => {
    for (const cb of unwritten.splice(0)) cb()
  }
  return { ws: ws as unknown as WebSocket, sent, calls, flush }
}

const LIMITS: ConnectionLimitOptions = { maxInFlight: 2, pauseBytes: 1000, maxBufferedBytes: 5000, maxReplyChars: 600, maxExportChars: 2000 }
const answer = (value: unknown) => (m: unknown) => Promise.resolve({ id: (m as { id: number }).id, ok: true, value } as ReplyEnvelope)
const tick = () => new Promise((r) => setTimeout(r, 0))

describe('ConnectionLimits', () => {
  it('answers busy past the requests in flight, and takes requests again once replies are written', async () => {
    const { ws, sent, flush } = fakeSocket()
    const limits = new ConnectionLimits(ws, LIMITS)
    for (let id = 1; id <= 4; id++) limits.request({ id, method: 'app.info' }, answer('x'))
    await tick()
    const replies = sent.map((s) => JSON.parse(s) as ReplyEnvelope)
    expect(replies.map((r) => [r.id, r.ok ? 'ok' : r.error.code])).toEqual([
      [3, 'busy'],
      [4, 'busy'],
      [1, 'ok'],
      [2, 'ok'],
    ])
    flush()
    limits.request({ id: 5, method: 'app.info' }, answer('y'))
    await tick()
    expect(JSON.parse(sent.at(-1) ?? '')).toEqual({ id: 5, ok: true, value: 'y' })
  })

  it('replaces a reply over the size bound with too_large (export.csv has its own bound)', async () => {
    const { ws, sent } = fakeSocket()
    const limits = new ConnectionLimits(ws, LIMITS)
    limits.request({ id: 1, method: 'findings.query' }, answer('z'.repeat(700)))
    limits.request({ id: 2, method: 'export.csv' }, answer('z'.repeat(700)))
    await tick()
    expect(JSON.parse(sent[0])).toEqual({ id: 1, ok: false, error: { code: 'too_large', message: 'findings.query: the reply would be 1 KB, over the 1 KB limit of one reply; ask for fewer rows' } })
    expect(JSON.parse(sent[1])).toMatchObject({ id: 2, ok: true })
  })

  it('stops reading a socket whose replies back up, reads it again once they drain, and drops a client that never reads', () => {
    const { ws, calls, flush } = fakeSocket()
    const limits = new ConnectionLimits(ws, LIMITS)
    const event = { event: 'ingest.progress' as const, payload: 'p'.repeat(400) }
    limits.event(event)
    limits.event(event)
    expect(calls).toEqual([])
    limits.event(event)
    expect(calls).toEqual(['pause'])
    flush()
    expect(calls).toEqual(['pause', 'resume'])
    for (let i = 0; i < 12; i++) limits.event(event)
    expect(calls).toEqual(['pause', 'resume', 'pause', 'terminate'])
  })
})
