import { describe, expect, it, vi } from 'vitest'
import type { MethodName, ReplyEnvelope } from '../../src/shared/api'
import { METHOD_NAMES, forwardEvents, registerIpc, relay } from '../../src/main/ipc'
import { EVENT_CHANNEL, PICK_FOLDER_CHANNEL } from '../../src/preload/channels'

type Handler = (event: unknown, params?: unknown) => unknown

function fakeIpcMain() {
  const handlers = new Map<string, Handler>()
  return {
    handlers,
    handle: (channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, handler)
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  }
}

function fakeEngine(reply: (method: MethodName, params: unknown) => ReplyEnvelope) {
  const calls: Array<[MethodName, unknown]> = []
  return {
    calls,
    request: vi.fn(async (method: MethodName, params: unknown) => {
      calls.push([method, params])
      return reply(method, params)
    }),
  }
}

const trusted = { sender: 'main-window' }

function setup(reply: (method: MethodName, params: unknown) => ReplyEnvelope = () => ({ id: 1, ok: true, value: 'v' })) {
  const ipcMain = fakeIpcMain()
  const engine = fakeEngine(reply)
  const pickFolder = vi.fn(async () => '/chosen')
  const unregister = registerIpc(ipcMain as never, {
    engine,
    isTrustedSender: (e) => (e as unknown as typeof trusted).sender === 'main-window',
    pickFolder,
  })
  return { ipcMain, engine, pickFolder, unregister }
}

describe('IPC relay', () => {
  it('registers exactly one handler per API method, plus the folder dialog', () => {
    const { ipcMain, unregister } = setup()
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...METHOD_NAMES, PICK_FOLDER_CHANNEL].sort())
    expect(METHOD_NAMES).toEqual([
      'app.info',
      'sources.open',
      'sources.list',
      'sources.readCapped',
      'sources.close',
      'summary.get',
      'ingest.cancel',
      'findings.list',
      'findings.get',
      'triage.set',
      'export.csv',
      'findings.query',
      'incidents.list',
      'incidents.triage',
      'cases.list',
      'cases.new',
      'cases.open',
      'findings.groups',
      'findings.contains',
      'triage.bulk',
      'ui.getState',
      'ui.setState',
      'insights.timeline',
      'insights.techniques',
      'insights.scoreHistogram',
      'insights.scoresByThreat',
      'insights.threats',
      'insights.top',
      'insights.loginWindows',
      'insights.interArrival',
      'insights.matrix',
      'export.navigator',
      'export.report',
      'sigma.rules',
      'sigma.setPaths',
    ])
    unregister()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('relays valid params to the engine and returns the value as data', async () => {
    const { ipcMain, engine } = setup(() => ({ id: 9, ok: true, value: { rows: 2 } }))
    const reply = await ipcMain.handlers.get('export.csv')!(trusted, { ids: [3, 1] })
    expect(reply).toEqual({ ok: true, value: { rows: 2 } })
    expect(engine.calls).toEqual([['export.csv', { ids: [3, 1] }]])
  })

  it('rejects invalid params before they reach the engine', async () => {
    const { ipcMain, engine } = setup()
    const bad = [
      ['findings.get', { id: -1 }],
      ['findings.get', { id: '1' }],
      ['triage.set', { id: 1, status: 'pwned' }],
      ['sources.open', { path: '' }],
      ['summary.get', { extra: true }],
      ['findings.list', null],
    ] as const
    for (const [method, params] of bad) {
      const reply = (await ipcMain.handlers.get(method)!(trusted, params)) as { ok: boolean; error: { code: string; message: string } }
      expect(reply.ok).toBe(false)
      expect(reply.error.code).toBe('bad_request')
      expect(reply.error.message.startsWith(`${method}: `)).toBe(true)
    }
    expect(engine.request).not.toHaveBeenCalled()
  })

  it('answers calls from any other sender with an error, without calling the engine', async () => {
    const { ipcMain, engine, pickFolder } = setup()
    const intruder = { sender: 'some-other-frame' }
    expect(await ipcMain.handlers.get('findings.list')!(intruder, {})).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'Untrusted sender.' },
    })
    expect(await ipcMain.handlers.get(PICK_FOLDER_CHANNEL)!(intruder)).toBeNull()
    expect(engine.request).not.toHaveBeenCalled()
    expect(pickFolder).not.toHaveBeenCalled()
  })

  it('passes the engine error reply through, and turns a dead worker into an internal error', async () => {
    const notFound = await relay(
      { request: async () => ({ id: 1, ok: false, error: { code: 'not_found', message: 'gone' } }) },
      'findings.get',
      { id: 5 },
    )
    expect(notFound).toEqual({ ok: false, error: { code: 'not_found', message: 'gone' } })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const dead = await relay({ request: async () => Promise.reject(new Error('The engine stopped')) }, 'summary.get', {})
    expect(dead).toEqual({ ok: false, error: { code: 'internal', message: 'The engine stopped' } })
  })

  it('shows the folder dialog for the trusted window', async () => {
    const { ipcMain, pickFolder } = setup()
    expect(await ipcMain.handlers.get(PICK_FOLDER_CHANNEL)!(trusted)).toBe('/chosen')
    expect(pickFolder).toHaveBeenCalledOnce()
  })
})

describe('event forwarding', () => {
  it('sends only { event, payload } to the window, and nothing once it is destroyed', () => {
    let listener: ((e: { event: 'summary.changed'; payload: unknown }) => void) | null = null
    const subscribe = (l: typeof listener) => {
      listener = l
      return () => {
        listener = null
      }
    }
    const sent: unknown[][] = []
    let destroyed = false
    const contents = { isDestroyed: () => destroyed, send: (...args: unknown[]) => sent.push(args) }
    const off = forwardEvents(subscribe as never, () => contents as never)
    listener!({ event: 'summary.changed', payload: { files: 2 }, extra: 'dropped' } as never)
    destroyed = true
    listener!({ event: 'summary.changed', payload: { files: 3 } })
    expect(sent).toEqual([[EVENT_CHANNEL, { event: 'summary.changed', payload: { files: 2 } }]])
    off()
    expect(listener).toBeNull()
  })
})
