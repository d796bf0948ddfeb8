/** Starts the engine worker (src/engine/api/worker.ts, bundled beside main by electron-vite). */
import { Worker } from 'node:worker_threads'
import workerPath from '../engine/api/worker?modulePath'
import { EngineHost } from './EngineHost'

/** Starts the worker on the given SQLite file and wraps it in an EngineHost. */
export function startEngine(dbPath: string): EngineHost {
  const worker = new Worker(workerPath, { workerData: { dbPath }, name: 'vigil-engine' })
  return new EngineHost(worker, { slowMs: 1000 })
}
