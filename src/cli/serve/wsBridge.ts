/**
 * The loopback WebSocket transport: `/api?token=…` carries the envelopes of src/shared/api.ts.
 * A connection must present the run's token and come from the page's own origin
 * (http://127.0.0.1:PORT); anything else is closed with 1008 (policy violation) before a single
 * message is read.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { EventEnvelope } from '../../shared/api'
import { dispatch } from '../../engine/api/dispatch'
import { EVENT_NAMES } from '../../engine/api/emitter'
import type { Engine } from '../../engine/api/Engine'
import { createHandlers } from '../../engine/api/handlers'
import type { CaseSwitch } from '../../engine/cases/CaseSwitch'
import { ConnectionLimits, type ConnectionLimitOptions } from './ConnectionLimits'
import { tokenMatches } from './token'

export const API_PATH = '/api'
/** export.csv may still carry millions of ids (its `{ ids }` form). */
const MAX_MESSAGE_BYTES = 128 * 1024 * 1024

export interface BridgeOptions {
  engine: Engine
  /** Switches the engine between cases (the engine above is then `cases.asEngine()`). */
  cases?: CaseSwitch
  token: string
  /** The only Origin (and Host) accepted, e.g. `http://127.0.0.1:41234`. */
  origin: () => string
  log: (message: string) => void
  /** Per-connection bounds (tests use small ones); default `DEFAULT_CONNECTION_LIMITS`. */
  limits?: ConnectionLimitOptions
}

/** Why an upgrade is refused, or null when it is allowed. */
export function refusal(req: IncomingMessage, token: string, origin: string): string | null {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (url.pathname !== API_PATH) return 'unknown path'
  if (!tokenMatches(url.searchParams.get('token'), token)) return 'bad token'
  if (req.headers.origin !== origin) return 'bad origin'
  if (`http://${req.headers.host ?? ''}` !== origin) return 'bad host'
  return null
}

export function attachBridge(server: Server, options: BridgeOptions): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const handlers = createHandlers(options.engine, options.cases)
  // A page that connects in the middle of a scan (serve reads PATH in the background) is told
  // where the scan is at once, not at the next progress message.
  let progress: EventEnvelope | null = null
  const stopProgress = options.engine.on('ingest.progress', (payload) => {
    progress = payload.phase === 'done' ? null : { event: 'ingest.progress', payload }
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const why = refusal(req, options.token, options.origin())
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (why !== null) {
        ws.close(1008, why)
        return
      }
      connect(ws)
    })
  })

  function connect(ws: WebSocket): void {
    const limits = new ConnectionLimits(ws, options.limits)
    const unsubscribe = EVENT_NAMES.map((event) => options.engine.on(event, (payload) => limits.event({ event, payload })))
    if (progress) limits.event(progress)
    ws.on('message', (data, isBinary) => {
      let message: unknown
      try {
        message = JSON.parse(isBinary ? '' : data.toString())
      } catch {
        limits.reply({ id: -1, ok: false, error: { code: 'bad_request', message: 'message is not JSON' } })
        return
      }
      limits.request(message, (m) => dispatch(handlers, m, options.log))
    })
    ws.on('close', () => unsubscribe.forEach((u) => u()))
    ws.on('error', () => ws.terminate())
  }

  return async () => {
    stopProgress()
    for (const client of wss.clients) client.terminate()
    await new Promise<void>((resolve) => wss.close(() => resolve()))
  }
}
