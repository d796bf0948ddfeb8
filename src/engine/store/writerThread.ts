/**
 * The store's second core: a worker thread with its own connection that runs a bulk load's writes
 * in the order they were posted, while the main thread goes on parsing and scoring. Binding values
 * is most of what an insert costs (shapedRows.ts), so the rows travel packed (packedRows.ts) and
 * are bound over there.
 *
 * Used for a scratch store only (`vigil scan` without --db, deleted at close): a kill -9 has
 * nothing to keep there, so it does not matter that the main thread hears of a failed write at
 * its next call rather than at once. Every write is posted; `settle()` waits until the thread has
 * run them all, and the store calls it before any read, so what it reads is what was written.
 */
import type Database from 'better-sqlite3'
import { createRequire } from 'node:module'
import type * as WorkerThreads from 'node:worker_threads'
import { Worker } from 'node:worker_threads'
import { RowPacker, unpackRows, type PackedRows } from './packedRows'
import { fillNoneScoreRows, type NoneScoreColumns } from './scoreColumns'
import { ShapedRowWriter, type CommonValues } from './shapedRows'

/** One statement of a posted transaction. */
export type WriterStep =
  | { kind: 'run'; sql: string; params: unknown[] }
  /** Rows into `sqlHead ... VALUES`, bound by shape (see ShapedRowWriter). */
  | { kind: 'rows'; sqlHead: string; common: CommonValues; packed: PackedRows }
  /** Score rows below LOW, built over there from columns (scoreColumns.ts). */
  | { kind: 'noneScores'; sqlHead: string; common: CommonValues; width: number; columns: NoneScoreColumns; attackVersion: string; modelId: number | null }

type Message =
  | { seq: number; kind: 'transaction'; steps: WriterStep[] }
  | { seq: number; kind: 'exec'; sql: string }
  /** Per pair, whether event `ids[i]` is stored under `keys[i]`: 1 or 0 into `answers`. */
  | { seq: number; kind: 'sameKeys'; ids: number[]; keys: string[]; answers: SharedArrayBuffer }
  | { seq: number; kind: 'close' }

/** Control words shared with the thread. */
const DONE = 0
const FAILED = 1
/** Bytes of the thread's error message kept for the main thread. */
const MESSAGE_BYTES = 4096

/**
 * V8's default young generation for this thread: worker threads inherit the process's flags, and
 * the launcher's larger one (bin/vigil.js, for the main thread's garbage) would let this thread
 * hold up to ~190 MB of short-lived row objects besides.
 */
const WRITER_LIMITS = { maxYoungGenerationSizeMb: 48 }
/**
 * Posted messages the thread may lag behind before a post waits, and rows per message: bound the
 * memory the queue holds (4 × 4,096 events packed, about 5 MB).
 */
const MAX_BACKLOG = 4
export const ROWS_PER_MESSAGE = 4_096

export class WriterThread {
  private seq = 0
  private closed = false
  /**
   * Transactions not posted yet: small ones (a tiny file's commit) travel together, up to
   * ROWS_PER_MESSAGE rows, run as one transaction (a scratch store keeps no crash guarantee).
   */
  private queued: WriterStep[] = []
  private queuedRows = 0

  private constructor(
    private readonly worker: Worker,
    private readonly control: Int32Array,
    private readonly message: Uint8Array,
  ) {}

  /** Starts a thread writing to the SQLite file at `path`, its connection set with `pragmas`. */
  static open(path: string, pragmas: readonly string[]): WriterThread {
    const control = new Int32Array(new SharedArrayBuffer(4 * 2))
    const message = new Uint8Array(new SharedArrayBuffer(MESSAGE_BYTES))
    // `require` is the eval'd thread's own (a bundler leaves the function's text alone that way).
    const source = `(${writerThreadMain.toString()})(require, ${ShapedRowWriter.toString()}, ${unpackRows.toString()}, ${fillNoneScoreRows.toString()})`
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3')
    const worker = new Worker(source, { eval: true, name: 'vigil-store-writer', workerData: { path, pragmas, sqlitePath, control: control.buffer, message: message.buffer }, resourceLimits: WRITER_LIMITS })
    // The thread is waited for through the shared words; it must not keep a finished process alive.
    worker.unref()
    return new WriterThread(worker, control, message)
  }

  /** Posts statements to run in one transaction (nested in an `exec('BEGIN')` span as a savepoint). */
  transaction(steps: WriterStep[]): void {
    for (const s of steps) {
      this.queued.push(s)
      if (s.kind === 'rows') this.queuedRows += s.packed.rows
      else if (s.kind === 'noneScores') this.queuedRows += s.columns.ids.length
    }
    if (this.queuedRows >= ROWS_PER_MESSAGE) this.postQueued()
  }

  private postQueued(): void {
    if (this.queued.length === 0) return
    const steps = this.queued
    this.queued = []
    this.queuedRows = 0
    const transfer: ArrayBuffer[] = []
    for (const s of steps) {
      if (s.kind === 'rows') transfer.push(s.packed.tags.buffer as ArrayBuffer, s.packed.nums.buffer as ArrayBuffer)
      else if (s.kind === 'noneScores') transfer.push(...noneScoreBuffers(s.columns))
    }
    this.post({ seq: 0, kind: 'transaction', steps }, transfer)
  }

  /** Posts BEGIN, COMMIT or ROLLBACK (a span of transactions, see Store.beginSpan). */
  exec(sql: 'BEGIN' | 'COMMIT' | 'ROLLBACK'): void {
    this.postQueued()
    this.post({ seq: 0, kind: 'exec', sql })
  }

  /**
   * Per pair, whether event `ids[i]` is stored under `keys[i]` (after every posted write): one
   * round trip for them all, since it waits until the thread has run everything posted before.
   */
  sameKeys(ids: number[], keys: string[]): boolean[] {
    const answers = new Uint8Array(new SharedArrayBuffer(Math.max(1, ids.length)))
    this.postQueued()
    this.post({ seq: 0, kind: 'sameKeys', ids, keys, answers: answers.buffer as SharedArrayBuffer })
    this.settle()
    return Array.from(answers.subarray(0, ids.length), (a) => a === 1)
  }

  /** Waits until the thread has run every posted message; throws its error if one failed. */
  settle(): void {
    this.postQueued()
    this.waitFor(this.seq)
    this.throwIfFailed()
  }

  /** Settles, closes the thread's connection and ends the thread. */
  close(): void {
    if (this.closed) return
    this.postQueued()
    this.post({ seq: 0, kind: 'close' })
    this.closed = true
    this.waitFor(this.seq)
    void this.worker.terminate()
    this.throwIfFailed()
  }

  private post(message: Message, transfer: ArrayBuffer[] = []): void {
    if (this.closed) throw new Error('the store writer thread is closed')
    this.throwIfFailed()
    this.waitFor(this.seq - MAX_BACKLOG)
    message.seq = ++this.seq
    this.worker.postMessage(message, transfer)
  }

  private waitFor(seq: number): void {
    for (let done = Atomics.load(this.control, DONE); done < seq; done = Atomics.load(this.control, DONE)) {
      Atomics.wait(this.control, DONE, done, 1000)
    }
  }

  private throwIfFailed(): void {
    if (Atomics.load(this.control, FAILED) === 0) return
    const end = this.message.indexOf(0)
    const text = new TextDecoder().decode(this.message.slice(0, end < 0 ? MESSAGE_BYTES : end))
    throw new Error(`storing failed: ${text}`)
  }
}

/**
 * Rows for one statement head posted in messages of ROWS_PER_MESSAGE, each its own transaction
 * (a caller that needs them atomic brackets them with BEGIN and COMMIT). `before` goes in the
 * first message, `after` (given to `end`) in the last.
 */
export class RowStream {
  private packer: RowPacker
  private pending: WriterStep[]

  constructor(
    private readonly thread: WriterThread,
    private readonly sqlHead: string,
    private readonly common: CommonValues,
    private readonly width: number,
    rows: number,
    before: WriterStep[] = [],
  ) {
    this.packer = new RowPacker(width, Math.min(rows, ROWS_PER_MESSAGE))
    this.pending = before
  }

  /** The row to fill next (see RowPacker.next). */
  next(): unknown[] {
    if (this.packer.size === ROWS_PER_MESSAGE) this.post()
    return this.packer.next()
  }

  /** Posts the rest, with `after` in the same transaction. */
  end(after: WriterStep[] = []): void {
    this.post(after)
  }

  private post(after: WriterStep[] = []): void {
    const packed = this.packer.finish()
    this.thread.transaction([...this.pending, { kind: 'rows', sqlHead: this.sqlHead, common: this.common, packed }, ...after])
    this.pending = []
  }
}

/**
 * The thread's whole program (run from its source, so it refers to nothing outside itself; its
 * `require`, the row writer and the unpacker come in as arguments). Messages run in order; after a failure only a
 * ROLLBACK and the close are run, and every message is still counted done so no wait hangs.
 */
function writerThreadMain(load: (id: string) => unknown, Writer: typeof ShapedRowWriter, unpack: typeof unpackRows, fillNoneScores: typeof fillNoneScoreRows): void {
  const { parentPort, workerData } = load('node:worker_threads') as typeof WorkerThreads
  const data = workerData as { path: string; pragmas: string[]; sqlitePath: string; control: SharedArrayBuffer; message: SharedArrayBuffer }
  const control = new Int32Array(data.control)
  const messageBytes = new Uint8Array(data.message)
  const fail = (e: unknown): void => {
    const text = new TextEncoder().encode(e instanceof Error ? e.message : String(e)).slice(0, messageBytes.length - 1)
    messageBytes.set(text)
    messageBytes[text.length] = 0
    Atomics.store(control, 1, 1)
  }
  const finish = (seq: number): void => {
    Atomics.store(control, 0, seq)
    Atomics.notify(control, 0)
  }
  let db: Database.Database
  try {
    const Sqlite = load(data.sqlitePath) as typeof Database
    db = new Sqlite(data.path)
    for (const p of data.pragmas) db.pragma(p)
  } catch (e) {
    fail(e)
    // Every wait ends: nothing will run.
    finish(2 ** 31 - 1)
    return
  }
  const statements = new Map<string, Database.Statement<unknown[], unknown>>()
  const prepare = (sql: string): Database.Statement<unknown[], unknown> => {
    let st = statements.get(sql)
    if (!st) {
      st = db.prepare(sql)
      statements.set(sql, st)
    }
    return st
  }
  // Kept from one transaction to the next (rows a failed one left are dropped first): building a
  // writer's shapes anew for each of 100,000 one-file commits was a third of this thread's time.
  const writers = new Map<string, ShapedRowWriter>()
  const writerFor = (sqlHead: string, width: number, common: CommonValues): ShapedRowWriter => {
    const key = `${sqlHead}\u0000${JSON.stringify(common)}`
    let writer = writers.get(key)
    if (!writer) {
      if (writers.size >= 16) writers.clear()
      writer = new Writer(prepare, sqlHead, width, common)
      writers.set(key, writer)
    }
    writer.discard()
    return writer
  }
  const run = (m: Message): void => {
    if (m.kind === 'transaction') {
      db.transaction(() => {
        for (const step of m.steps) {
          if (step.kind === 'run') prepare(step.sql).run(step.params)
          else if (step.kind === 'noneScores') {
            const writer = writerFor(step.sqlHead, step.width, step.common)
            fillNoneScores(step.columns, step.attackVersion, step.modelId, () => writer.next())
            writer.flush()
          } else {
            const writer = writerFor(step.sqlHead, step.packed.width, step.common)
            unpack(step.packed, () => writer.next())
            writer.flush()
          }
        }
      })()
    } else if (m.kind === 'exec') {
      if (m.sql !== 'ROLLBACK' || db.inTransaction) db.exec(m.sql)
    } else if (m.kind === 'sameKeys') {
      const answers = new Uint8Array(m.answers)
      const keyOf = prepare('SELECT event_key FROM events WHERE id = ?')
      m.ids.forEach((id, i) => {
        answers[i] = (keyOf.get(id) as { event_key: string } | undefined)?.event_key === m.keys[i] ? 1 : 0
      })
    } else db.close()
  }
  parentPort?.on('message', (m: Message) => {
    const failed = Atomics.load(control, 1) === 1
    try {
      if (!failed || m.kind === 'close' || (m.kind === 'exec' && m.sql === 'ROLLBACK')) run(m)
    } catch (e) {
      fail(e)
    }
    finish(m.seq)
  })
}

/** The columns' buffers, transferred with the message (each column must own its buffer). */
function noneScoreBuffers(c: NoneScoreColumns): ArrayBuffer[] {
  const buffers = [c.ids.buffer, c.score.buffer, c.detectorScores.buffer] as ArrayBuffer[]
  return buffers.filter((b, i) => b.byteLength > 0 && buffers.indexOf(b) === i)
}
