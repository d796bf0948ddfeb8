import type { VigilClient } from '../../shared/api'

/** Connection state of the transport (always `open` in Electron). */
export type ConnectionState = 'connecting' | 'open' | 'closed'

/** The client the UI uses: the API of src/shared plus what differs between hosts. */
export interface UiClient extends VigilClient {
  /** `electron` (preload bridge) or `browser` (`vigil serve` over a WebSocket). */
  readonly host: 'electron' | 'browser'
  /** The native folder dialog (Electron only); null when cancelled. */
  pickFolder?: () => Promise<string | null>
  /** Subscribes to connection changes; returns unsubscribe. */
  onConnection(callback: (state: ConnectionState, detail: string) => void): () => void
}
