/**
 * The IPC relay: one `ipcMain.handle` per API method of src/shared/api.ts. Params are parsed from
 * `unknown` with the method's zod schema here, before they reach the worker; replies go back as
 * data (`{ ok, value | error }`), and stacks stay in the main process log.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { z } from 'zod'
import { methodParams, type EventEnvelope, type MethodName, type ReplyEnvelope } from '../shared/api'
import { EVENT_CHANNEL, PICK_FOLDER_CHANNEL } from '../preload/channels'
import type { BridgeReply } from '../preload/vigil'

/** What the relay needs from the engine host. */
export interface EngineRequester {
  request(method: MethodName, params: unknown): Promise<ReplyEnvelope>
}

export interface IpcDeps {
  engine: EngineRequester
  /** Only our own window may call: a guard against any other frame or contents. */
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean
  pickFolder: () => Promise<string | null>
}

/** The API method names, in declaration order. */
export const METHOD_NAMES = Object.keys(methodParams) as MethodName[]

/** Validates and relays one call; never throws. */
export async function relay(
  engine: EngineRequester,
  method: MethodName,
  params: unknown,
): Promise<BridgeReply<unknown>> {
  const parsed = methodParams[method].safeParse(params)
  if (!parsed.success) {
    return { ok: false, error: { code: 'bad_request', message: `${method}: ${z.prettifyError(parsed.error)}` } }
  }
  try {
    const reply = await engine.request(method, parsed.data)
    return reply.ok ? { ok: true, value: reply.value } : { ok: false, error: reply.error }
  } catch (error) {
    console.error(`[ipc] ${method} failed:`, error)
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } }
  }
}

/** Registers the handlers; returns a function that removes them. */
export function registerIpc(ipcMain: IpcMain, deps: IpcDeps): () => void {
  const untrusted: BridgeReply<never> = { ok: false, error: { code: 'bad_request', message: 'Untrusted sender.' } }
  for (const method of METHOD_NAMES) {
    ipcMain.handle(method, (event, params: unknown) =>
      deps.isTrustedSender(event) ? relay(deps.engine, method, params) : untrusted,
    )
  }
  ipcMain.handle(PICK_FOLDER_CHANNEL, (event) => (deps.isTrustedSender(event) ? deps.pickFolder() : null))
  return () => {
    for (const method of METHOD_NAMES) ipcMain.removeHandler(method)
    ipcMain.removeHandler(PICK_FOLDER_CHANNEL)
  }
}

/** Forwards engine events to the window: only `{ event, payload }`, never an Electron object. */
export function forwardEvents(
  subscribe: (listener: (event: EventEnvelope) => void) => () => void,
  target: () => WebContents | null,
): () => void {
  return subscribe((envelope) => {
    const contents = target()
    if (contents && !contents.isDestroyed()) {
      contents.send(EVENT_CHANNEL, { event: envelope.event, payload: envelope.payload })
    }
  })
}
