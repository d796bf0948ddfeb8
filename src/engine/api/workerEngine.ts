/**
 * What the desktop app's worker runs, apart from the worker itself (so tests drive it over a
 * MessageChannel): the engine on the desktop store, switched between cases as `vigil serve` does
 * (the store is the "Default case"; the cases folder is beside it, shared with `vigil serve`),
 * served over a message port.
 */
import type { MessagePort } from 'node:worker_threads'
import { CaseBook, casesDirOf } from '../cases/CaseBook'
import { CaseSwitch } from '../cases/CaseSwitch'
import { createEngine } from './createEngine'
import type { Engine } from './Engine'
import { servePort } from './portHost'

export interface WorkerData {
  dbPath?: string
  openPaths?: string[]
}

export interface WorkerEngine {
  /** The engine of the case open now (the first one until the window switches). */
  current(): Engine
  /** Stops serving the port and closes the open case's engine. */
  close(): Promise<void>
}

export function startWorkerEngine(data: WorkerData, port: MessagePort, env: Record<string, string | undefined> = process.env): WorkerEngine {
  const engineOf = (dbPath: string): Engine => createEngine({ dbPath, watch: true })
  const dbPath = data.dbPath ?? ':memory:'
  const first = engineOf(dbPath)
  // A store in memory has nothing to switch back to: one store, as before cases.
  const casesDir = dbPath === ':memory:' ? null : casesDirOf(env, dbPath)
  const book = casesDir === null ? null : new CaseBook(casesDir)
  const cases = book === null ? null : new CaseSwitch(book, engineOf, { engine: first, info: book.ofStore(dbPath, 'Default case') })
  const stop = cases ? servePort(cases.asEngine(), port, cases) : servePort(first, port)
  // With no paths asked for, the folders of the last session come back (their offsets are stored).
  const opening = data.openPaths?.length
    ? Promise.all(data.openPaths.map((p) => first.open(p).then((o) => (o.ok ? [] : [o.error]))))
    : first.restore().then((problems) => [problems])
  void opening.then((lists) => {
    for (const p of lists.flat()) process.stderr.write(`vigil: ${p.message}\n`)
  })
  return {
    current: () => cases?.current() ?? first,
    close: async () => {
      stop()
      await (cases ?? first).close()
    },
  }
}
