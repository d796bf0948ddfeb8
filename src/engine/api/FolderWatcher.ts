/**
 * Watches an opened folder (or file) with chokidar and reports log files that appear, grow or go
 * away. Existing files are not reported (the scan read them); new files are reported once their size
 * has settled, so a file still being copied in (a .gz above all) is read whole.
 */
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { watch, type FSWatcher } from 'chokidar'
import type { FileProblem } from '../../shared/sources'

export interface WatchListener {
  onFile(absPath: string, kind: 'add' | 'change'): void
  onUnlink(absPath: string): void
  onProblem(problem: FileProblem): void
}

export interface WatchOptions {
  /** Poll instead of native events (network or slow disks). */
  usePolling?: boolean
  /** How long a new file's size must stay unchanged before it is read. */
  settleMs?: number
}

export class FolderWatcher {
  private closed = false

  private constructor(
    private readonly watcher: FSWatcher,
    private readonly pending: Set<Promise<void>>,
  ) {}

  static async start(
    root: string,
    isLogFile: (name: string) => boolean,
    listener: WatchListener,
    options: WatchOptions = {},
  ): Promise<FolderWatcher> {
    const settleMs = options.settleMs ?? 100
    const pending = new Set<Promise<void>>()
    const watcher = watch(root, {
      ignoreInitial: true,
      persistent: true,
      usePolling: options.usePolling ?? false,
      interval: 100,
      // Decides by name so that unrelated files (the store's own SQLite files, editor swaps) never
      // cause reads; directories are always entered except hidden ones.
      ignored: (path, stats) => {
        if (path === root) return false
        const name = basename(path)
        if (name.startsWith('.')) return true
        return stats?.isFile() === true && !isLogFile(name)
      },
    })
    const self = new FolderWatcher(watcher, pending)
    watcher.on('add', (path) => {
      const settling = waitUntilSettled(path, settleMs).then((ok) => {
        if (ok && !self.closed) listener.onFile(path, 'add')
      })
      pending.add(settling)
      void settling.finally(() => pending.delete(settling))
    })
    watcher.on('change', (path) => listener.onFile(path, 'change'))
    watcher.on('unlink', (path) => listener.onUnlink(path))
    watcher.on('error', (error) => listener.onProblem(problemOf(error, root)))
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
    return self
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.allSettled([...this.pending])
    await this.watcher.close()
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
