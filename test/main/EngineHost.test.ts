import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { ApiCallError, type RequestEnvelope } from '../../src/shared/api'
import { EngineHost } from '../../src/main/EngineHost'

/** A worker stand-in: records posted envelopes; the test answers them by hand. */
class FakeWorker extends EventEmitter {
  readonly posted: RequestEnvelope[] = []
  terminated = false
  postMessage(message: unknown): void {
    this.posted.push(message as RequestEnvelope)
  }
  async terminate(): Promise<number> {
    this.terminated = true
    this.emit('exit', 1)
    return 1
  }
  reply(id: number, value: unknown): void {
    this.emit('message', { id, ok: true, value })
  }
}

function setup(now: () => number = () => 0) {
  const worker = new FakeWorker()
  const logs: string[] = []
  const host = new EngineHost(worker, { slowMs: 100, log: (l) => logs.push(l), now })
  return { worker, host, logs }
}

describe('EngineHost', () => {
  it('sends requests with increasing ids and matches replies by id, in any order', async () => {
    const { worker, host } = setup()
    const a = host.call('summary.get', {})
    const b = host.call('findings.get', { id: 7 })
    expect(worker.posted).toEqual([
      { id: 1, method: 'summary.get', params: {} },
      { id: 2, method: 'findings.get', params: { id: 7 } },
    ])
    worker.reply(2, 'second')
    worker.reply(1, 'first')
    await expect(a).resolves.toBe('first')
    await expect(b).resolves.toBe('second')
    expect(host.pendingCount).toBe(0)
  })

  it('turns an error reply into ApiCallError with its code', async () => {
    const { worker, host } = setup()
    const call = host.call('findings.get', { id: 99 })
    worker.emit('message', { id: 1, ok: false, error: { code: 'not_found', message: 'no finding 99' } })
    const error = await call.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiCallError)
    expect(error).toMatchObject({ code: 'not_found', message: 'no finding 99' })
  })

  it('rejects every pending call when the worker exits, and every later one', async () => {
    const { worker, host, logs } = setup()
    const a = host.request('sources.open', { path: '/logs' })
    const b = host.request('summary.get', {})
    worker.emit('exit', 1)
    await expect(a).rejects.toThrow(/sources\.open: The engine stopped \(worker exit code 1\)/)
    await expect(b).rejects.toThrow(/summary\.get/)
    await expect(host.request('app.info', {})).rejects.toThrow(/engine stopped/)
    expect(host.pendingCount).toBe(0)
    expect(logs).toContain('[engine] worker exited with code 1')
  })

  it('close() stops the worker quietly and fails what was pending', async () => {
    const { worker, host, logs } = setup()
    const pending = host.request('sources.open', { path: '/logs' })
    await host.close()
    expect(worker.terminated).toBe(true)
    await expect(pending).rejects.toThrow(/engine stopped/)
    expect(logs).toEqual([])
  })

  it('logs slow calls with their method name, and only those', async () => {
    let clock = 0
    const { worker, host, logs } = setup(() => clock)
    const slow = host.request('sources.open', { path: '/big' })
    const fast = host.request('summary.get', {})
    clock = 50
    worker.reply(2, null)
    clock = 2500
    worker.reply(1, null)
    await Promise.all([slow, fast])
    expect(logs).toEqual(['[engine] slow call sources.open took 2500 ms'])
  })

  it('fans pushed events out to subscribers until they unsubscribe', () => {
    const { worker, host } = setup()
    const seen: unknown[] = []
    const off = host.onEvent((e) => seen.push(e))
    const event = { event: 'summary.changed', payload: { files: 1 } }
    worker.emit('message', event)
    off()
    worker.emit('message', event)
    expect(seen).toEqual([event])
  })

  it('ignores replies to unknown requests without disturbing pending ones', async () => {
    const { worker, host, logs } = setup()
    const call = host.call('app.info', {})
    worker.reply(42, 'stray')
    worker.reply(1, 'mine')
    await expect(call).resolves.toBe('mine')
    expect(logs).toEqual(['[engine] reply to unknown request 42'])
  })
})
