/**
 * The browser transport for `vigil serve`: the API envelopes of src/shared/api.ts over one loopback
 * WebSocket. Requests carry ids and are matched with replies; pushed events fan out to
 * subscribers; when the socket closes, pending calls fail, the UI is told, and it reconnects.
 */
import {
  ApiCallError,
  type EventName,
  type EventPayloads,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type ReplyEnvelope,
  type RequestEnvelope,
} from '../../shared/api'
import type { ConnectionState, UiClient } from './types'

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
  /** The request as sent, and how often the server answered `busy` to it. */
  frame: string
  busy: number
}

/**
 * Waits before sending a request again that the server answered `busy` (too many requests of
 * this connection in flight); after the last one the error reaches the caller.
 */
const BUSY_RETRY_MS = [50, 150, 400, 1000, 2500]

/** WebSocket close code the server uses to refuse a bad token or origin. */
const POLICY_VIOLATION = 1008

/** Delays between reconnection attempts; the last one repeats. */
const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000, 10000]

/** The socket URL for the page's own server: `ws://host/api?token=…` (token from the page URL). */
export function socketUrl(location: Pick<Location, 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? ''
  return `ws://${location.host}/api?token=${encodeURIComponent(token)}`
}

export function createWsClient(url: string): UiClient {
  let socket: WebSocket
  let nextId = 1
  let attempts = 0
  let everOpened = false
  const pending = new Map<number, Pending>()
  const queue: string[] = []
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const connectionListeners = new Set<(state: ConnectionState, detail: string) => void>()
  let state: ConnectionState = 'connecting'
  let detail = ''

  const setState = (next: ConnectionState, why: string): void => {
    state = next
    detail = why
    for (const listener of connectionListeners) listener(state, detail)
  }

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return
    let message: unknown
    try {
      message = JSON.parse(data)
    } catch {
      return
    }
    if (typeof message !== 'object' || message === null) return
    if ('event' in message) {
      const { event, payload } = message as { event: EventName; payload: unknown }
      for (const listener of eventListeners.get(event) ?? []) {
        try {
          listener(payload)
        } catch (error) {
          console.error(`listener of ${event} failed`, error)
        }
      }
      return
    }
    const reply = message as ReplyEnvelope
    const waiting = pending.get(reply.id)
    if (!waiting) return
    if (!reply.ok && reply.error.code === 'busy' && waiting.busy < BUSY_RETRY_MS.length) {
      setTimeout(() => {
        if (pending.get(reply.id) !== waiting) return
        if (socket.readyState === WebSocket.OPEN) socket.send(waiting.frame)
        else queue.push(waiting.frame)
      }, BUSY_RETRY_MS[waiting.busy++])
      return
    }
    pending.delete(reply.id)
    if (reply.ok) waiting.resolve(reply.value)
    else waiting.reject(new ApiCallError(reply.error.code, reply.error.message))
  }

  const connect = (): void => {
    socket = new WebSocket(url)
    socket.addEventListener('open', () => {
      attempts = 0
      const reconnected = everOpened
      everOpened = true
      for (const frame of queue.splice(0)) socket.send(frame)
      setState('open', reconnected ? 'Reconnected to vigil serve.' : '')
    })
    socket.addEventListener('message', (event) => onMessage(event.data))
    socket.addEventListener('close', (event) => {
      for (const [id, waiting] of pending) {
        pending.delete(id)
        waiting.reject(new ApiCallError('internal', 'The connection to vigil serve was lost.'))
      }
      // 1008: the server refused us (wrong token or origin); retrying cannot help.
      if (event.code === POLICY_VIOLATION) {
        setState(
          'closed',
          `vigil serve refused the connection (${event.reason || 'policy'}): open the exact URL it printed, token included.`,
        )
        return
      }
      const delay = RECONNECT_DELAYS_MS[Math.min(attempts, RECONNECT_DELAYS_MS.length - 1)]
      attempts++
      setState(
        'closed',
        `Disconnected from vigil serve; reconnecting in ${Math.max(1, Math.round(delay / 1000))} s. ` +
          'If it was restarted, open the new URL it printed (the token changes).',
      )
      setTimeout(connect, delay)
    })
  }
  connect()

  return {
    host: 'browser',
    call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
      if (state === 'closed') {
        return Promise.reject(new ApiCallError('internal', 'Not connected to vigil serve.'))
      }
      const id = nextId++
      const envelope: RequestEnvelope = { id, method, params }
      const frame = JSON.stringify(envelope)
      return new Promise<MethodResult<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, frame, busy: 0 })
        if (socket.readyState === WebSocket.OPEN) socket.send(frame)
        else queue.push(frame)
      })
    },
    on<E extends EventName>(event: E, callback: (payload: EventPayloads[E]) => void): () => void {
      const set = eventListeners.get(event) ?? new Set()
      eventListeners.set(event, set)
      const listener = callback as (payload: unknown) => void
      set.add(listener)
      return () => {
        set.delete(listener)
      }
    },
    onConnection(callback) {
      connectionListeners.add(callback)
      callback(state, detail)
      return () => {
        connectionListeners.delete(callback)
      }
    },
  }
}
