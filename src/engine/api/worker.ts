/**
 * worker_threads entry for the desktop app: the Engine runs here, off the Electron main thread.
 * workerData may carry { dbPath, openPaths }. Envelopes travel over parentPort (see portHost).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createEngine } from './createEngine'
import { servePort } from './portHost'

interface WorkerData {
  dbPath?: string
  openPaths?: string[]
}

if (!parentPort) throw new Error('src/engine/api/worker.ts must run as a worker thread')
const data = (workerData ?? {}) as WorkerData
const engine = createEngine({ dbPath: data.dbPath ?? ':memory:', watch: true })
servePort(engine, parentPort)
// With no paths asked for, the folders of the last session come back (their offsets are stored).
const opening = data.openPaths?.length
  ? Promise.all(data.openPaths.map((p) => engine.open(p).then((o) => (o.ok ? [] : [o.error]))))
  : engine.restore().then((problems) => [problems])
void opening.then((lists) => {
  for (const p of lists.flat()) process.stderr.write(`vigil: ${p.message}\n`)
})
