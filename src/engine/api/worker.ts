/**
 * worker_threads entry for the desktop app: the Engine runs here, off the Electron main thread.
 * workerData may carry { dbPath, openPaths }. Envelopes travel over parentPort (see portHost);
 * the cases of the desktop store are switched here (see workerEngine).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { startWorkerEngine, type WorkerData } from './workerEngine'

if (!parentPort) throw new Error('src/engine/api/worker.ts must run as a worker thread')
startWorkerEngine((workerData ?? {}) as WorkerData, parentPort)
