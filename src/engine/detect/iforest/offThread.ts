/**
 * A scan's isolation-forest scores, walked on a worker thread while this thread computes the
 * feature rows, the statistics and the rules (the forest's walk was 2 s of a 1 M-event scan's
 * critical path). Rows travel through a few shared slots, rounded to float32 (all the walk reads);
 * the worker writes its scores into a shared array. When every slot is still busy this thread
 * walks the chunk itself, so a worker starved of CPU (the autoencoder trains on the same second
 * core) never makes it wait. A row's path length depends on the row alone, so the scores are the
 * same whichever thread walked which chunk, and with no worker at all.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { IsolationForest, IsolationForestParts } from './IsolationForest'

/** The worker entry's file name beside the bundle (vite.cli.config.ts, electron.vite.config.ts). */
export const FOREST_WORKER_FILE = 'iforestWorker.js'

/** Chunks that may wait for the worker: 4 × 65,536 rows × 23 features × 4 bytes = 24 MB shared. */
const SLOTS = 4

export interface ForestWorkerData {
  forest: IsolationForestParts
  totalRows: number
  chunkRows: number
  /** SLOTS × chunkRows × nFeatures float32 values. */
  slots: SharedArrayBuffer
  /** totalRows float64 scores. */
  out: SharedArrayBuffer
  /** [chunks scored]. */
  control: SharedArrayBuffer
}

export type ForestWorkerMessage = { type: 'chunk'; slot: number; from: number; rows: number } | { type: 'end' }
export type ForestWorkerReply = { type: 'done' } | { type: 'failed'; message: string }

/**
 * The worker script, or null: not built (running from source), or `VIGIL_THREADS=1` (everything on
 * one thread; the scores are the same).
 */
export function forestWorkerPath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.VIGIL_THREADS === '1') return null
  // A variable, not a literal: bundlers leave `new URL(variable, import.meta.url)` alone.
  const file = fileURLToPath(new URL(FOREST_WORKER_FILE, import.meta.url))
  return existsSync(file) ? file : null
}

/** Scores chunks of feature rows, in any order, into one array of `totalRows` scores (IsolationForest.score's). */
export class ForestChunks {
  private readonly out: Float64Array
  private readonly here: (X: Float64Array | Float32Array, rows: number) => Float64Array
  private readonly worker: Worker | null = null
  private readonly slots: Float32Array | null = null
  private readonly control: Int32Array | null = null
  /** Resolves when the worker has scored every chunk posted before 'end' (or failed). */
  private readonly finished: Promise<string | null> = Promise.resolve(null)
  /** Chunks posted to the worker, as [first row, rows]: scored here again should it fail. */
  private readonly posted: [number, number][] = []

  /** `workerPath` null: every chunk is scored on this thread. */
  constructor(
    private readonly forest: IsolationForest,
    totalRows: number,
    private readonly chunkRows: number,
    workerPath: string | null = forestWorkerPath(),
  ) {
    this.here = forest.scorer(totalRows)
    // A table of a chunk or two is scored before a thread would have started.
    if (workerPath === null || totalRows <= 2 * chunkRows) {
      this.out = new Float64Array(totalRows)
      return
    }
    const data: ForestWorkerData = {
      forest: forest.toParts(),
      totalRows,
      chunkRows,
      slots: new SharedArrayBuffer(SLOTS * chunkRows * forest.nFeatures * 4),
      out: new SharedArrayBuffer(totalRows * 8),
      control: new SharedArrayBuffer(4),
    }
    this.out = new Float64Array(data.out)
    this.slots = new Float32Array(data.slots)
    this.control = new Int32Array(data.control)
    const worker = new Worker(workerPath, { name: 'vigil-iforest', workerData: data })
    this.worker = worker
    this.finished = new Promise((resolve) => {
      worker.on('message', (m: ForestWorkerReply) => resolve(m.type === 'done' ? null : m.message))
      worker.on('error', (e) => resolve(e.message))
      worker.on('exit', (code) => resolve(`the isolation-forest worker exited (code ${code})`))
    })
  }

  /** Chunks handed to the worker so far. */
  get chunksPosted(): number {
    return this.posted.length
  }

  /** Scores rows `from .. from + rows` (row-major in X), on the worker when a slot is free. */
  score(X: Float64Array, rows: number, from: number): void {
    const { worker, slots, control } = this
    const width = this.forest.nFeatures
    if (worker && slots && control && this.posted.length - Atomics.load(control, 0) < SLOTS) {
      // Chunks are scored in the order posted: the slot of the chunk SLOTS before this one is free.
      const slot = this.posted.length % SLOTS
      slots.set(X.subarray(0, rows * width), slot * this.chunkRows * width)
      worker.postMessage({ type: 'chunk', slot, from, rows } satisfies ForestWorkerMessage)
      this.posted.push([from, rows])
    } else this.out.set(this.here(X, rows), from)
  }

  /**
   * Every row's score, once the worker has scored its chunks. Should the worker have failed, its
   * chunks are scored here, their rows computed again by `refill(from, to, X)`.
   */
  async finish(refill: (from: number, to: number, X: Float64Array) => void): Promise<Float64Array> {
    if (!this.worker) return this.out
    this.worker.postMessage({ type: 'end' } satisfies ForestWorkerMessage)
    const failure = await this.finished
    this.close()
    if (failure !== null) {
      const X = new Float64Array(this.chunkRows * this.forest.nFeatures)
      for (const [from, rows] of this.posted) {
        const Xc = X.subarray(0, rows * this.forest.nFeatures)
        refill(from, from + rows, Xc)
        this.out.set(this.here(Xc, rows), from)
      }
    }
    return this.out
  }

  /** Ends the worker (a cancelled or failed analysis; `finish` calls it too). */
  close(): void {
    void this.worker?.terminate()
  }
}
