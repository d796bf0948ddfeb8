import { afterEach, describe, expect, it, vi } from 'vitest'
import { createWsClient } from '../../../src/renderer/transport/wsClient'

/** A browser WebSocket stand-in: records frames, and lets the test play the server. */
class FakeSocket {
  static OPEN = 1
  static last: FakeSocket
  readyState = 0
  sent: string[] = []
  private listeners = new Map<string, ((e: unknown) => void)[]>()
  constructor() {
    FakeSocket.last = this
  }
  addEventListener(type: string, cb: (e: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), cb])
  }
  send(frame: string): void {
    this.sent.push(frame)
  }
  emit(type: string, e: unknown = {}): void {
    if (type === 'open') this.readyState = 1
    for (const cb of this.listeners.get(type) ?? []) cb(e)
  }
  reply(message: unknown): void {
    this.emit('message', { data: JSON.stringify(message) })
  }
}

describe('the browser client of vigil serve', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('sends a request answered busy again after a short wait, and gives up after five busy answers', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('WebSocket', FakeSocket)
    const client = createWsClient('ws://127.0.0.1:1/api?token=t')
    const ws = FakeSocket.last
    ws.emit('open')
    const info = client.call('app.info', {})
    expect(ws.sent).toHaveLength(1)
    const { id } = JSON.parse(ws.sent[0]) as { id: number }
    ws.reply({ id, ok: false, error: { code: 'busy', message: 'busy' } })
    await vi.advanceTimersByTimeAsync(50)
    expect(ws.sent).toEqual([ws.sent[0], ws.sent[0]])
    ws.reply({ id, ok: true, value: { version: 'x' } })
    await expect(info).resolves.toEqual({ version: 'x' })

    const stubborn = client.call('app.info', {})
    const second = JSON.parse(ws.sent.at(-1) ?? '') as { id: number }
    const failed = expect(stubborn).rejects.toMatchObject({ code: 'busy' })
    for (const wait of [50, 150, 400, 1000, 2500]) {
      ws.reply({ id: second.id, ok: false, error: { code: 'busy', message: 'busy' } })
      await vi.advanceTimersByTimeAsync(wait)
    }
    ws.reply({ id: second.id, ok: false, error: { code: 'busy', message: 'busy' } })
    await failed
    expect(ws.sent.filter((f) => f === ws.sent.at(-1))).toHaveLength(6)
  })
})
