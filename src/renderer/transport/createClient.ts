/** Picks the transport: the preload bridge inside Electron, else the `vigil serve` WebSocket. */
import { createIpcClient } from './ipcClient'
import type { UiClient } from './types'
import { createWsClient, socketUrl } from './wsClient'

export function createClient(): UiClient {
  return window.vigil ? createIpcClient(window.vigil) : createWsClient(socketUrl(window.location))
}
