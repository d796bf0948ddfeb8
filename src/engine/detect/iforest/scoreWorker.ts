/**
 * worker_threads entry: walks the isolation forest over the feature chunks a scan posts into the
 * shared slots and writes their scores into the shared array (iforest/offThread.ts). Bundled
 * beside the CLI as iforestWorker.js (vite.cli.config.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { IsolationForest } from './IsolationForest'
import type { ForestWorkerData, ForestWorkerMessage, ForestWorkerReply } from './offThread'

if (!parentPort) throw new Error('scoreWorker.ts must run as a worker thread')
const port = parentPort
const data = workerData as ForestWorkerData
const forest = IsolationForest.fromParts(data.forest)
const width = forest.nFeatures
// One scorer for every chunk: it remembers the distinct rows it walked.
const score = forest.scorer(data.totalRows)
const slots = new Float32Array(data.slots)
const out = new Float64Array(data.out)
const control = new Int32Array(data.control)
let failed = false

port.on('message', (m: ForestWorkerMessage) => {
  if (failed) return
  try {
    if (m.type === 'chunk') {
      const at = m.slot * data.chunkRows * width
      out.set(score(slots.subarray(at, at + m.rows * width), m.rows), m.from)
      Atomics.add(control, 0, 1)
    } else port.postMessage({ type: 'done' } satisfies ForestWorkerReply)
  } catch (e) {
    failed = true
    port.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) } satisfies ForestWorkerReply)
  }
})
