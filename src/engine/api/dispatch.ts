/**
 * Turns one incoming message (from any transport, as `unknown`) into a reply envelope: validates the
 * envelope and the params with the shared zod schemas, runs the handler, and reports every failure
 * as data. Stack traces go to the log, never into a reply.
 */
import type { z } from 'zod'
import {
  ApiCallError,
  isMethodName,
  methodParams,
  requestEnvelopeSchema,
  type ApiError,
  type MethodName,
  type ReplyEnvelope,
} from '../../shared/api'
import type { Handlers } from './handlers'

export type DispatchLog = (message: string) => void

const defaultLog: DispatchLog = (m) => process.stderr.write(`${m}\n`)

export async function dispatch(handlers: Handlers, message: unknown, log: DispatchLog = defaultLog): Promise<ReplyEnvelope> {
  const envelope = requestEnvelopeSchema.safeParse(message)
  if (!envelope.success) {
    const id = typeof (message as { id?: unknown } | null)?.id === 'number' ? (message as { id: number }).id : -1
    return failure(id, { code: 'bad_request', message: `malformed request: ${describeIssues(envelope.error)}` })
  }
  const { id, method } = envelope.data
  if (!isMethodName(method)) return failure(id, { code: 'unknown_method', message: `unknown method: ${method.slice(0, 100)}` })
  const params = methodParams[method].safeParse(envelope.data.params ?? {})
  if (!params.success) return failure(id, { code: 'bad_request', message: `${method}: ${describeIssues(params.error)}` })
  const started = performance.now()
  try {
    const value = await call(handlers, method, params.data)
    const ms = performance.now() - started
    if (ms > 2_000) log(`vigil: slow handler ${method}: ${Math.round(ms)} ms`)
    return { id, ok: true, value }
  } catch (e) {
    if (e instanceof ApiCallError) return failure(id, { code: e.code, message: e.message })
    log(`vigil: ${method} failed: ${(e as Error)?.stack ?? String(e)}`)
    return failure(id, { code: 'internal', message: `${method} failed with an internal error; see the log` })
  }
}

function call(handlers: Handlers, method: MethodName, params: unknown): Promise<unknown> {
  // The params were validated against this very method's schema just above.
  return (handlers[method] as (p: unknown) => Promise<unknown>)(params)
}

function failure(id: number, error: ApiError): ReplyEnvelope {
  return { id, ok: false, error }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'params'}: ${i.message}`)
    .join('; ')
}
