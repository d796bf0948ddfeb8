/**
 * Runs an autoencoder training in a worker thread when the bundled worker is there (the CLI build),
 * else on this thread (tests from source, one-thread runs). Either way the job gives the same
 * weights: the worker starts the caller's backend and runs the same arithmetic on the same data.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { err, ok, type Result } from '../../../shared/result'
import { runTrainJob, type TrainJob } from './trainJob'
import type { AutoencoderProgress, FitControls, TrainResult } from './train'

/** The worker entry's file name beside the bundle (vite.cli.config.ts). */
export const TRAIN_WORKER_FILE = 'autoencoderWorker.js'

export type TrainWorkerMessage =
  | { type: 'progress'; progress: AutoencoderProgress }
  | { type: 'done'; result: TrainResult }
  | { type: 'failed'; message: string }

/**
 * The worker script, or null: not built (running from source), or `VIGIL_THREADS=1` (everything on
 * one thread, e.g. to compare: the scores are the same).
 */
export function trainWorkerPath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.VIGIL_THREADS === '1') return null
  // A variable, not a literal: bundlers leave `new URL(variable, import.meta.url)` alone.
  const file = fileURLToPath(new URL(TRAIN_WORKER_FILE, import.meta.url))
  return existsSync(file) ? file : null
}

/**
 * V8's default young generation for the training thread: worker threads inherit the process's
 * flags, and the launcher's larger one (bin/vigil.js, for the main thread's garbage) would let it
 * hold up to ~190 MB of short-lived objects besides while a scan peaks.
 */
const TRAIN_WORKER_LIMITS = { maxYoungGenerationSizeMb: 48 }

/** Trains in a worker thread when one can run it; falls back to this thread if the worker fails. */
export async function trainOffThread(job: TrainJob, controls: FitControls = {}): Promise<TrainResult> {
  const path = trainWorkerPath()
  if (path) {
    const trained = await trainInWorker(path, job, controls)
    if (trained.ok) return trained.value
    controls.signal?.throwIfAborted()
  }
  return runTrainJob(job, controls)
}

/** One worker per training: it loads TensorFlow.js, trains, answers and is terminated. */
export function trainInWorker(path: string, job: TrainJob, controls: FitControls = {}): Promise<Result<TrainResult, string>> {
  const { signal, onProgress } = controls
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted()
    const worker = new Worker(path, { name: 'vigil-autoencoder', resourceLimits: TRAIN_WORKER_LIMITS })
    let settled = false
    const finish = (settle: () => void): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      void worker.terminate()
      settle()
    }
    const onAbort = (): void => finish(() => reject(signal?.reason))
    signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (m: TrainWorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress)
      else if (m.type === 'done') finish(() => resolve(ok(m.result)))
      else finish(() => resolve(err(m.message)))
    })
    worker.on('error', (e) => finish(() => resolve(err(e.message))))
    worker.on('exit', (code) => finish(() => resolve(err(`the training worker exited (code ${code})`))))
    // Copied, not transferred: the job must stay whole for the fallback on this thread.
    worker.postMessage({ job, progress: onProgress !== undefined })
  })
}
