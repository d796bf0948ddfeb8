/**
 * Serves an Engine over a message port (worker_threads' parentPort, or a MessageChannel in tests):
 * request envelopes in, reply envelopes out, every pushed event forwarded as {event, payload}.
 */
import type { MessagePort } from 'node:worker_threads'
import type { EventEnvelope } from '../../shared/api'
import type { CaseSwitch } from '../cases/CaseSwitch'
import type { Engine } from './Engine'
import { dispatch } from './dispatch'
import { EVENT_NAMES } from './emitter'
import { createHandlers } from './handlers'

/** With `cases`, `engine` is the switch's `asEngine()` and the cases methods switch it. */
export function servePort(engine: Engine, port: MessagePort, cases?: CaseSwitch): () => void {
  const handlers = createHandlers(engine, cases)
  const unsubscribe = EVENT_NAMES.map((event) =>
    engine.on(event, (payload) => port.postMessage({ event, payload } satisfies EventEnvelope)),
  )
  const onMessage = (message: unknown): void => {
    void dispatch(handlers, message).then((reply) => port.postMessage(reply))
  }
  port.on('message', onMessage)
  return () => {
    port.off('message', onMessage)
    for (const u of unsubscribe) u()
  }
}
