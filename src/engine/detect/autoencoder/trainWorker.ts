/**
 * worker_threads entry: trains one autoencoder (a TrainJob) off the thread that scores, so a scan's
 * isolation forest and the autoencoder's training use both cores. Bundled beside the CLI as
 * autoencoderWorker.js (vite.cli.config.ts); see trainOffThread.ts.
 */
import { parentPort } from 'node:worker_threads'
import { runTrainJob, type TrainJob } from './trainJob'
import type { TrainWorkerMessage } from './trainOffThread'

if (!parentPort) throw new Error('trainWorker.ts must run as a worker thread')
const port = parentPort
const post = (m: TrainWorkerMessage) => port.postMessage(m)
port.once('message', ({ job, progress }: { job: TrainJob; progress: boolean }) => {
  runTrainJob(job, progress ? { onProgress: (p) => post({ type: 'progress', progress: p }) } : {}).then(
    (result) => post({ type: 'done', result }),
    (e: unknown) => post({ type: 'failed', message: e instanceof Error ? e.message : String(e) }),
  )
})
