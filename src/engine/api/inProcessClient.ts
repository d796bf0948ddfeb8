/**
 * The in-process transport (CLI, unit tests): the same envelopes and validation as the other
 * transports, without a wire. Values are copied, as a wire would, so callers cannot alias the engine.
 */
import { ApiCallError, type VigilClient } from '../../shared/api'
import type { Engine } from './Engine'
import { dispatch } from './dispatch'
import { createHandlers } from './handlers'

export function createInProcessClient(engine: Engine): VigilClient {
  const handlers = createHandlers(engine)
  let nextId = 1
  return {
    async call(method, params) {
      const reply = await dispatch(handlers, { id: nextId++, method, params })
      if (!reply.ok) throw new ApiCallError(reply.error.code, reply.error.message)
      return structuredClone(reply.value) as never
    },
    on(event, callback) {
      return engine.on(event, (payload) => callback(structuredClone(payload)))
    },
  }
}
