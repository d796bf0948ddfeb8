/**
 * `vigil serve`'s HTTP server: 127.0.0.1 only, the built renderer as static files, and the API over
 * a WebSocket at /api. Requests whose Host is not this server's (DNS rebinding) are refused.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Engine } from '../../engine/api/Engine'
import type { CaseSwitch } from '../../engine/cases/CaseSwitch'
import type { ConnectionLimitOptions } from './ConnectionLimits'
import { serveStatic, sendText } from './staticFiles'
import { newToken } from './token'
import { attachBridge } from './wsBridge'

export interface ServerOptions {
  engine: Engine
  /** Cases to switch between (vigil serve); `engine` is then `cases.asEngine()`. */
  cases?: CaseSwitch
  /** 0 (the default) picks a free port. */
  port?: number
  /** Folder of the built renderer (index.html); null serves the API only. */
  rendererDir: string | null
  log?: (message: string) => void
  /** Per-connection bounds of the API socket (tests use small ones). */
  limits?: ConnectionLimitOptions
}

export interface RunningServer {
  port: number
  token: string
  origin: string
  /** The page to open: http://127.0.0.1:PORT/?token=TOKEN */
  url: string
  /** The API socket: ws://127.0.0.1:PORT/api?token=TOKEN */
  apiUrl: string
  close(): Promise<void>
}

export const HOST = '127.0.0.1'

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = newToken()
  let origin = ''
  const server = createServer((req, res) => {
    if (`http://${req.headers.host ?? ''}` !== origin) return sendText(res, 421, 'wrong host\n')
    if (options.rendererDir === null) return sendText(res, 404, 'no UI here; the API is at /api\n')
    serveStatic(req, res, options.rendererDir).catch(() => res.destroy())
  })
  const closeBridge = attachBridge(server, {
    engine: options.engine,
    cases: options.cases,
    token,
    origin: () => origin,
    log: options.log ?? ((m) => process.stderr.write(`${m}\n`)),
    limits: options.limits,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, HOST, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  origin = `http://${HOST}:${port}`
  return {
    port,
    token,
    origin,
    url: `${origin}/?token=${token}`,
    apiUrl: `ws://${HOST}:${port}/api?token=${token}`,
    async close() {
      await closeBridge()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
