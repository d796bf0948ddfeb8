/** A Node WebSocket VigilClient for tests (the renderer has its own browser client). */
import WebSocket from 'ws'
import { ApiCallError, type EventEnvelope, type EventName, type ReplyEnvelope, type VigilClient } from '../../../src/shared/api'

export interface WsTestClient extends VigilClient {
  /** Sends any message as is (for malformed-input tests) and resolves with the reply. */
  raw(message: unknown): Promise<ReplyEnvelope>
  close(): Promise<void>
}

export function connectWs(url: string, origin: string): Promise<WsTestClient> {
  const ws = new WebSocket(url, { headers: { Origin: origin } })
  const pending = new Map<number, (reply: ReplyEnvelope) => void>()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  let nextId = 1
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as ReplyEnvelope | EventEnvelope
    if ('event' in msg) {
      for (const cb of listeners.get(msg.event) ?? []) cb(msg.payload)
      return
    }
    const resolve = pending.get(msg.id)
    pending.delete(msg.id)
    resolve?.(msg)
  })
  const send = (message: { id: number } & Record<string, unknown>): Promise<ReplyEnvelope> =>
    new Promise((resolve) => {
      pending.set(message.id, resolve)
      ws.send(JSON.stringify(message))
    })
  const client: WsTestClient = {
    async call(method, params) {
      const reply = await send({ id: nextId++, method, params })
      if (!reply.ok) throw new ApiCallError(reply.error.code, reply.error.message)
      return reply.value as never
    },
    on(event, callback) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const cb = callback as (payload: unknown) => void
      set.add(cb)
      return () => set.delete(cb)
    },
    raw: (message) => send({ ...(message as Record<string, unknown>), id: (message as { id?: number }).id ?? nextId++ }),
    close: () =>
      new Promise((resolve) => {
        if (ws.readyState === ws.CLOSED) return resolve()
        ws.once('close', () => resolve())
        ws.close()
      }),
  }
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client))
    ws.once('error', reject)
    // A refused connection is accepted then closed with 1008: report that as a failure too.
    ws.once('close', (code, reason) => reject(Object.assign(new Error(`closed ${code} ${reason.toString()}`), { code })))
  })
}

/** Connects and reports how the server ended it (for the refusal tests). */
export function closeCodeOf(url: string, headers: Record<string, string>): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    ws.once('unexpected-response', (_req, res) => resolve({ code: res.statusCode ?? 0, reason: 'http' }))
    ws.once('error', () => undefined)
    setTimeout(() => reject(new Error('no close')), 10_000).unref()
  })
}
