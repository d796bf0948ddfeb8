/**
 * The live half of the engine: watches opened roots, reads what files append (in bounded batches,
 * several busy files per job), holds a last line still being written, notices deletions, and hands
 * the newly stored events to the engine to score and push. The engine keeps the store, the queue
 * and the model; this class only decides what to read and when.
 */
import { access, stat } from 'node:fs/promises'
import type { FileProblem } from '../../shared/sources'
import type { Store, StoredEvent } from '../store/Store'
import { CostPacer } from '../util/CostPacer'
import { describeFile } from './describeFile'
import type { FileReading } from './fileReading'
import { FolderWatcher, type WatchOptions } from './FolderWatcher'
import { flushPartialLine, ingestFile, type IngestDeps } from './ingestFile'
import { isLogFileName } from './logFileName'

/** An opened root as the live reader sees it. */
export interface LiveRoot {
  path: string
  sourceId: number
  isFile: boolean
  watcher: FolderWatcher | null
  /** Closed by the analyst (Engine.closeRoot): news about it is ignored from then on. */
  closed?: boolean
}

/** What the live reader needs from the engine (its seam). */
export interface LiveHost {
  readonly store: Store
  readonly pipeline: FileReading
  /** Runs a writing job after every queued one (one at a time). */
  enqueue<T>(job: () => Promise<T>): Promise<T>
  isClosed(): boolean
  ingestDeps(): IngestDeps
  noteProblems(problems: readonly FileProblem[]): void
  /** Clears problems about these files; true if there were any. */
  clearProblems(files: readonly string[]): boolean
  /** Scores and pushes events a live read stored (`stored` holds them unless it is shorter than `ids`). */
  scoreStored(ids: readonly number[], stored: StoredEvent[]): Promise<void>
  /** Sends the summary now (nothing when no one listens). */
  summaryChanged(): void
  log(message: string): void
}

/** Beyond chokidar's 50 ms change throttle. */
const TRAILING_READ_MS = 80
/** A last line without its newline is read as it is after this long without change. */
const PARTIAL_LINE_MS = 2_000
const LIVE_SUMMARY_MS = 1_000
/**
 * The summary's aggregates scan the whole store, so on a store of millions of events one costs a
 * second or more: live summaries are spaced at least this many times their own cost apart, which
 * keeps them under a tenth of the engine's time.
 */
const LIVE_SUMMARY_COST_FACTOR = 10
/** Lines one live job reads (and scores together) at most, across files. */
const LIVE_BATCH_LINES = 20_000
/** Bytes one live read takes from a file at most (some 8,000 log lines). */
const LIVE_READ_WINDOW = 1 << 20
/** How often every watched file is checked against the store, in case a file event was lost. */
const LIVE_SWEEP_MS = 2_000

export class LiveReader {
  /** Files with news, read together by one queued job (their fresh events scored in one go). */
  private readonly dirty = new Map<string, LiveRoot>()
  private drainQueued = false
  private readonly partialTimers = new Map<string, NodeJS.Timeout>()
  private readonly trailingReads = new Map<string, NodeJS.Timeout>()
  private readonly sweeps = new Map<LiveRoot, NodeJS.Timeout>()
  private readonly sweeping = new Set<string>()
  /** What live reads change reaches the summary paced (LIVE_SUMMARY_MS, LIVE_SUMMARY_COST_FACTOR); the last change always goes out. */
  private readonly summary: CostPacer

  constructor(
    private readonly host: LiveHost,
    private readonly options: WatchOptions,
  ) {
    this.summary = new CostPacer(() => host.summaryChanged(), { minGapMs: LIVE_SUMMARY_MS, costFactor: LIVE_SUMMARY_COST_FACTOR, isClosed: () => host.isClosed() })
  }

  /** Starts watching a root, and reads what was written since the scan read it. */
  async watch(root: LiveRoot): Promise<void> {
    root.watcher = await FolderWatcher.start(
      root.path,
      isLogFileName,
      {
        onFile: (abs) => this.onFile(root, abs),
        onUnlink: (abs) => this.onUnlink(root, abs),
        onUnlinkDir: (abs) => this.onUnlinkDir(root, abs),
        onProblem: (problem) => {
          this.host.noteProblems([problem])
          this.host.summaryChanged()
        },
      },
      this.options,
    )
    // Lines written between the scan's read and the watcher's start raised no event: look once more
    // (once: no trailing look, which is for change events chokidar drops, and would read every file
    // again just as the first appended line wants the queue).
    const { files } = await this.host.pipeline.discoverFiles(root.path)
    for (const f of files) this.onFile(root, f.absPath, true)
    const sweep = setInterval(() => void this.sweep(root), LIVE_SWEEP_MS)
    sweep.unref()
    this.sweeps.set(root, sweep)
  }

  /**
   * Stops watching one root (the analyst closed it): its watcher and sweep stop, its files waiting
   * to be read are dropped, and a read already under way skips it (the store no longer holds it).
   */
  async unwatch(root: LiveRoot): Promise<void> {
    root.closed = true
    clearInterval(this.sweeps.get(root))
    this.sweeps.delete(root)
    for (const [abs, r] of this.dirty) if (r === root) this.dirty.delete(abs)
    await root.watcher?.close()
    root.watcher = null
  }

  /** Files wait to be read, or a read is queued: live work is under way. */
  busy(): boolean {
    return this.dirty.size > 0 || this.drainQueued
  }

  /** Stops the timers (the engine closes the watchers and waits for its queue). */
  close(): void {
    for (const timer of this.trailingReads.values()) clearTimeout(timer)
    for (const timer of this.partialTimers.values()) clearTimeout(timer)
    for (const timer of this.sweeps.values()) clearInterval(timer)
    this.summary.close()
  }

  private get closed(): boolean {
    return this.host.isClosed()
  }

  /**
   * A safety net under the watcher: file events can be lost (the kernel's inotify queue overflows
   * while the engine is busy; some network file systems send none), so every known file whose size
   * or mtime differs from what was stored is looked at again, once in a while.
   */
  private async sweep(root: LiveRoot): Promise<void> {
    if (this.closed || root.closed || this.sweeping.has(root.path)) return
    this.sweeping.add(root.path)
    try {
      for (const f of this.host.store.files(root.sourceId)) {
        if (this.closed) return
        if (f.status === 'skipped' || f.format === 'unknown') continue
        const abs = root.isFile ? root.path : `${root.path}/${f.relPath}`
        if (this.dirty.has(abs)) continue
        try {
          const st = await stat(abs)
          if (st.size !== f.size || st.mtimeMs !== f.mtimeMs || st.ino !== f.ino) this.onFile(root, abs, true)
        } catch {
          // Gone: the unlink event (or the next open) says so.
        }
      }
    } finally {
      this.sweeping.delete(root.path)
    }
  }

  private onFile(root: LiveRoot, abs: string, trailing = false): void {
    if (this.closed || root.closed) return
    if (!trailing) {
      // chokidar drops a change event that follows another within 50 ms; a second look after that
      // window reads what such a dropped event announced, instead of waiting for the next write.
      clearTimeout(this.trailingReads.get(abs))
      const timer = setTimeout(() => {
        this.trailingReads.delete(abs)
        this.onFile(root, abs, true)
      }, TRAILING_READ_MS)
      timer.unref()
      this.trailingReads.set(abs, timer)
    }
    // Every file with news waits for one job that reads them all to their ends and scores what they
    // added together: ten busy files cost one scoring pass, not ten.
    this.dirty.set(abs, root)
    this.scheduleDrain()
  }

  private scheduleDrain(): void {
    if (this.drainQueued || this.closed || this.dirty.size === 0) return
    this.drainQueued = true
    void this.host.enqueue(async () => {
      this.drainQueued = false
      const batch = [...this.dirty]
      this.dirty.clear()
      try {
        await this.read(batch, false)
      } catch (e) {
        this.host.log(`vigil: live read failed: ${(e as Error).stack ?? String(e)}`)
      }
    })
  }

  /** Reads files with news (or, with `flush`, their held last lines), then has what they added scored and pushed. */
  private async read(batch: readonly (readonly [string, LiveRoot])[], flush: boolean): Promise<void> {
    if (this.closed) return
    const inserted: number[] = []
    const stored: StoredEvent[] = []
    let changed = false
    const deps: IngestDeps = {
      ...this.host.ingestDeps(),
      onStored: (events) => {
        for (const e of events) stored.push(e)
      },
      maxLinesPerRead: LIVE_BATCH_LINES,
      readWindowBytes: LIVE_READ_WINDOW,
    }
    for (const [abs, root] of batch) {
      if (root.closed) continue
      // A bounded batch keeps memory flat under a backlog; the rest is the next job's.
      if (stored.length >= LIVE_BATCH_LINES) {
        this.dirty.set(abs, root)
        continue
      }
      let file
      try {
        file = await describeFile(root.path, root.isFile, abs)
      } catch {
        continue // gone before we got to it; the unlink event says so
      }
      const res = flush ? await flushPartialLine(deps, root.sourceId, file) : await ingestFile(deps, root.sourceId, file)
      if (res.problem) {
        this.host.noteProblems([res.problem])
        changed = true
      } else if (this.host.clearProblems([abs, file.relPath])) {
        changed = true
      }
      this.holdPartial(root, abs, res.partial === true)
      if (res.more) this.dirty.set(abs, root)
      for (const id of res.inserted) inserted.push(id)
    }
    if (inserted.length > 0) await this.host.scoreStored(inserted, stored)
    if (changed || inserted.length > 0) this.summary.request()
    this.scheduleDrain()
  }

  /** A held last line is read as it is once the file has been quiet for a while. */
  private holdPartial(root: LiveRoot, abs: string, partial: boolean): void {
    clearTimeout(this.partialTimers.get(abs))
    this.partialTimers.delete(abs)
    if (!partial || this.closed) return
    const timer = setTimeout(() => {
      this.partialTimers.delete(abs)
      if (this.closed) return
      void this.host.enqueue(() =>
        this.read([[abs, root]], true).catch((e: unknown) => this.host.log(`vigil: reading the last line of ${abs} failed: ${(e as Error).stack ?? String(e)}`)),
      )
    }, this.options.partialLineMs ?? PARTIAL_LINE_MS)
    timer.unref()
    this.partialTimers.set(abs, timer)
  }

  private onUnlink(root: LiveRoot, abs: string): void {
    void this.host.enqueue(async () => {
      // Logrotate re-creates the path at once: then it is a new file, not a deletion.
      if (await exists(abs)) {
        this.onFile(root, abs)
        return
      }
      this.holdPartial(root, abs, false)
      const rel = root.isFile ? null : abs.slice(root.path.length + 1).split('\\').join('/')
      const rec = this.host.store.files(root.sourceId).find((f) => (rel === null ? true : f.relPath === rel))
      if (rec) this.host.store.setFileStatus(rec.id, 'deleted', `${rec.relPath}: deleted; its events are kept`)
      this.host.summaryChanged()
    })
  }

  private onUnlinkDir(root: LiveRoot, abs: string): void {
    void this.host.enqueue(async () => {
      if (await exists(abs)) return
      const rel = abs === root.path ? '' : abs.slice(root.path.length + 1).split('\\').join('/')
      for (const f of this.host.store.files(root.sourceId)) {
        if (f.status === 'skipped' || f.status === 'deleted' || (rel !== '' && !f.relPath.startsWith(`${rel}/`))) continue
        this.host.store.setFileStatus(f.id, 'deleted', `${f.relPath}: deleted with its folder ${rel === '' ? root.path : rel}; its events are kept`)
      }
      this.host.summaryChanged()
    })
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
