/**
 * The desktop worker's wiring, over a MessageChannel as the worker's parentPort: the desktop store
 * is the Default case, `cases.new` switches the worker to a new store (beside it, in the cases
 * folder `vigil serve` shares), folders then open into that case, and events keep flowing after a
 * switch. An in-memory store has no cases.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { startWorkerEngine, type WorkerEngine } from '../../../src/engine/api/workerEngine'
import type { EventEnvelope, ReplyEnvelope } from '../../../src/shared/api'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A window's side of the port: calls by id, and every pushed event's name. */
function windowSide(port: MessagePort) {
  let next = 1
  const waiting = new Map<number, (r: ReplyEnvelope) => void>()
  const events: string[] = []
  port.on('message', (m: ReplyEnvelope | EventEnvelope) => {
    if ('event' in m) events.push(m.event)
    else waiting.get(m.id as number)?.(m)
  })
  return {
    events,
    call(method: string, params: unknown): Promise<ReplyEnvelope> {
      const id = next++
      return new Promise((resolve) => {
        waiting.set(id, resolve)
        port.postMessage({ id, method, params })
      })
    },
  }
}

function start(dbPath?: string): { worker: WorkerEngine; win: ReturnType<typeof windowSide>; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-worker-'))
  const { port1, port2 } = new MessageChannel()
  const worker = startWorkerEngine(dbPath === undefined ? {} : { dbPath: join(dir, dbPath) }, port1, { VIGIL_CASES_DIR: join(dir, 'cases') })
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  cleanups.push(async () => {
    await worker.close()
    port1.close()
    port2.close()
  })
  return { worker, win: windowSide(port2), dir }
}

const LINE = '2025-03-01T12:00:01.000000+00:00 web1 sshd[4001]: Failed password for root from 203.0.113.7 port 50001 ssh2\n'

describe('desktop worker', () => {
  it('serves cases: the desktop store is the Default case, and a new case gets its own store', async () => {
    const { worker, win, dir } = start('vigil.sqlite')
    const listed = await win.call('cases.list', {})
    expect(listed).toMatchObject({ ok: true, value: { current: { name: 'Default case', path: join(dir, 'vigil.sqlite') } } })

    const made = await win.call('cases.new', { name: 'Web incident' })
    expect(made).toMatchObject({ ok: true, value: { id: 'web-incident', name: 'Web incident', path: join(dir, 'cases', 'web-incident.sqlite') } })
    expect(worker.current().store.eventCount()).toBe(0)

    const logs = join(dir, 'logs')
    mkdirSync(logs)
    writeFileSync(join(logs, 'auth.log'), LINE)
    win.events.length = 0
    const opened = await win.call('sources.open', { path: logs })
    expect(opened).toMatchObject({ ok: true, value: { events: 1 } })
    // Events of the new case's engine reach the window.
    expect(win.events).toEqual(expect.arrayContaining(['ingest.progress', 'summary.changed']))

    const again = await win.call('cases.list', {})
    expect(again.ok && (again.value as { cases: { name: string }[] }).cases.map((c) => c.name)).toEqual(['Web incident', 'Default case'])
    // Back to the Default case: its store never saw the folder.
    const defaultId = again.ok && (again.value as { cases: { id: string; name: string }[] }).cases.find((c) => c.name === 'Default case')!.id
    expect(await win.call('cases.open', { id: defaultId })).toMatchObject({ ok: true, value: { name: 'Default case' } })
    expect(await win.call('summary.get', {})).toMatchObject({ ok: true, value: { events: 0 } })
  })

  it('without a store file, the cases methods say there is one store', async () => {
    const { win } = start()
    expect(await win.call('cases.list', {})).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    expect(await win.call('summary.get', {})).toMatchObject({ ok: true, value: { events: 0 } })
  })
})
