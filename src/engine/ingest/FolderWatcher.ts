/**
 * Watches an opened folder (or file) with chokidar and reports log files that appear, grow or go
 * away. Existing files are not reported (the scan read them); new files are reported once their size
 * has settled, so a file still being copied in (a .gz above all) is read whole. Native events by
 * default; polling on request (network or slow disks), and automatically when the system's watch
 * limit is reached (ENOSPC/EMFILE from inotify), so a folder of many thousands of files still works.
 */
import { stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { watch, type FSWatcher } from 'chokidar'
import type { FileProblem } from '../../shared/sources'

export interface WatchListener {
  onFile(absPath: string, kind: 'add' | 'change'): void
  onUnlink(absPath: string): void
  /** A folder (or the opened root itself) went away. */
  onUnlinkDir?(absPath: string): void
  onProblem(problem: FileProblem): void
}

export interface WatchOptions {
  /** Poll instead of native events (network or slow disks). */
  usePolling?: boolean
  /** Polling interval in ms (default 100). */
  pollIntervalMs?: number
  /** How long a new file's size must stay unchanged before it is read. */
  settleMs?: number
  /** How long a last line without its newline is held before it is read as it is (default 2000). */
  partialLineMs?: number
}

const LIMIT_CODES = new Set(['ENOSPC', 'EMFILE'])
/**
 * chokidar's 'change' follows the raw event of the same write after a stat: within this long of a
 * raw report about the file it announces nothing new (and would cost the reader an empty read).
 */
const RAW_COVERS_MS = 100

export class FolderWatcher {
  private closed = false
  private watcher: FSWatcher | null = null
  private readonly pending = new Set<Promise<void>>()
  private polling: boolean
  /**
   * Files there when the watch started, or reported by chokidar as added (settled) or changed,
   * whose raw events are news at once; with when one was last reported from a raw event (0: never).
   */
  private readonly known = new Map<string, number>()
  /** Raw events of one write arrive twice (the file's watch and its folder's): reported once. */
  private readonly rawQueued = new Set<string>()

  private constructor(
    private readonly root: string,
    private readonly isLogFile: (name: string) => boolean,
    private readonly listener: WatchListener,
    private readonly options: WatchOptions,
  ) {
    this.polling = options.usePolling ?? false
  }

  static async start(root: string, isLogFile: (name: string) => boolean, listener: WatchListener, options: WatchOptions = {}): Promise<FolderWatcher> {
    const self = new FolderWatcher(root, isLogFile, listener, options)
    await self.open()
    return self
  }

  /** Whether this watcher polls (asked for, or fallen back to). */
  get usesPolling(): boolean {
    return this.polling
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.allSettled([...this.pending])
    await this.watcher?.close()
  }

  private async open(): Promise<void> {
    const { root, isLogFile, listener } = this
    const settleMs = this.options.settleMs ?? 100
    const interval = this.options.pollIntervalMs ?? 100
    const watcher = watch(root, {
      ignoreInitial: true,
      persistent: true,
      usePolling: this.polling,
      interval,
      binaryInterval: interval,
      // A link is never followed by the watcher: one to `/` would watch the whole machine, and
      // discovery reads only links that stay inside the folder (whose targets are watched as themselves).
      followSymlinks: false,
      // Decides by name so that unrelated files (the store's own SQLite files, editor swaps) never
      // cause reads; directories are always entered except hidden ones.
      ignored: (path, stats) => {
        if (path === root) return false
        const name = basename(path)
        if (name.startsWith('.')) return true
        return stats?.isFile() === true && !isLogFile(name)
      },
    })
    this.watcher = watcher
    watcher.on('add', (path) => {
      const settling = waitUntilSettled(path, settleMs).then((ok) => {
        if (!ok || this.closed) return
        this.known.set(path, 0)
        listener.onFile(path, 'add')
      })
      this.pending.add(settling)
      void settling.finally(() => this.pending.delete(settling))
    })
    watcher.on('change', (path) => {
      const rawAt = this.known.get(path)
      if (rawAt !== undefined && performance.now() - rawAt < RAW_COVERS_MS) return
      this.known.set(path, rawAt ?? 0)
      listener.onFile(path, 'change')
    })
    // chokidar passes on one 'change' per file per 50 ms and drops the rest, so a line appended
    // right after another waited for the reader's trailing look (tens of ms). Its raw events (each
    // native event, before that throttle) about a file it has already reported are news now.
    if (!this.polling) watcher.on('raw', (event, evPath, details) => this.onRaw(event, evPath, details))
    watcher.on('unlink', (path) => {
      this.known.delete(path)
      listener.onUnlink(path)
    })
    watcher.on('unlinkDir', (path) => listener.onUnlinkDir?.(path))
    watcher.on('error', (error) => {
      const code = (error as NodeJS.ErrnoException)?.code
      if (!this.polling && code !== undefined && LIMIT_CODES.has(code)) void this.fallBackToPolling(code)
      else listener.onProblem(problemOf(error, root))
    })
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
    // The files already there (chokidar reports none of them) are known from their first write on.
    if (!this.polling) {
      for (const [dir, names] of Object.entries(watcher.getWatched())) for (const name of names) if (isLogFile(name)) this.known.set(join(dir, name), 0)
    }
  }

  /** A native event: `evPath` names the entry changed in the watched directory, or the watched file itself. */
  private onRaw(event: string, evPath: unknown, details: unknown): void {
    const watched = (details as { watchedPath?: unknown } | undefined)?.watchedPath
    if (event !== 'change' || this.closed || typeof evPath !== 'string' || typeof watched !== 'string') return
    const inDir = join(watched, evPath)
    const path = this.known.has(inDir) ? inDir : this.known.has(watched) ? watched : null
    if (path === null || this.rawQueued.has(path)) return
    this.known.set(path, performance.now())
    this.rawQueued.add(path)
    setImmediate(() => {
      this.rawQueued.delete(path)
      if (!this.closed) this.listener.onFile(path, 'change')
    })
  }

  private async fallBackToPolling(code: string): Promise<void> {
    if (this.closed || this.polling) return
    this.polling = true
    const old = this.watcher
    await old?.close()
    if (this.closed) return
    this.listener.onProblem({
      file: this.root,
      code: 'io_error',
      message: `${this.root}: the system's file-watch limit is reached (${code}); watching by polling instead (raise fs.inotify.max_user_watches for instant updates)`,
    })
    await this.open()
    // Whatever changed while switching is picked up by one look at every file.
    for (const path of Object.entries(this.watcher?.getWatched() ?? {}).flatMap(([dir, names]) => names.map((n) => `${dir}/${n}`))) {
      if (this.isLogFile(basename(path))) this.listener.onFile(path, 'change')
    }
  }
}

async function waitUntilSettled(path: string, settleMs: number): Promise<boolean> {
  const poll = Math.max(10, Math.floor(settleMs / 2))
  let last = ''
  let stableFor = 0
  for (let waited = 0; waited < 10_000; waited += poll) {
    try {
      const st = await stat(path)
      const now = `${st.size}:${st.mtimeMs}`
      stableFor = now === last ? stableFor + poll : 0
      last = now
      if (stableFor >= settleMs) return true
    } catch {
      return false // gone again before it settled
    }
    await new Promise((r) => setTimeout(r, poll))
  }
  return true
}

function problemOf(error: unknown, root: string): FileProblem {
  const e = error as NodeJS.ErrnoException
  const file = typeof e?.path === 'string' ? e.path : root
  const denied = e?.code === 'EACCES' || e?.code === 'EPERM'
  return {
    file,
    code: denied ? 'unreadable' : 'io_error',
    message: denied
      ? `${file}: permission denied; Vigil needs read access (e.g. run as a member of the adm group)`
      : `${file}: cannot watch (${e?.code ?? String(error)})`,
  }
}
