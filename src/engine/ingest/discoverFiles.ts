import path from 'node:path'
import type { Stats } from 'node:fs'
import type { FileProblem } from '../../shared/sources'
import { problemFromError } from './fileProblem'
import { nodeFs, type IngestFs } from './fsSeam'
import { isGzName, isLogFileName } from './logFileName'

/** A log file found under an opened root. */
export interface DiscoveredFile {
  absPath: string
  /** Relative to the opened root, forward slashes; for a single file opened directly: its basename. */
  relPath: string
  size: number
  mtimeMs: number
  dev: number
  ino: number
  /** Named `.gz` (the content is sniffed too). */
  compressed: boolean
}

const MAX_DEPTH = 40

/**
 * Finds the log files under `root` (a folder, searched recursively, or a single file). Hidden
 * entries (`.git`, ...) are skipped; a file reachable twice (symlinks, hard links) is listed once;
 * symlink loops, unreadable folders and files become problems and the rest goes on. Sorted by
 * relPath. Never throws for file-system reasons.
 */
export async function discoverFiles(
  root: string,
  fs: IngestFs = nodeFs,
): Promise<{ files: DiscoveredFile[]; problems: FileProblem[] }> {
  const absRoot = path.resolve(root)
  const files: DiscoveredFile[] = []
  const problems: FileProblem[] = []
  let st: Stats
  try {
    st = await fs.stat(absRoot)
  } catch (error) {
    problems.push(problemFromError(root, error))
    return { files, problems }
  }
  if (st.isFile()) {
    const name = path.basename(absRoot)
    const problem = await checkReadable(fs, absRoot, name)
    if (problem !== null) problems.push(problem)
    else files.push(toFile(absRoot, name, st))
    return { files, problems }
  }
  if (!st.isDirectory()) {
    problems.push({ file: root, code: 'io_error', message: `${root}: not a file or folder, skipped` })
    return { files, problems }
  }
  const seenFiles = new Set<string>()
  const seenDirs = new Set<string>()

  async function walk(dir: string, rel: string, ancestors: ReadonlySet<string>, depth: number): Promise<void> {
    let entries
    try {
      entries = await fs.readdir(dir)
    } catch (error) {
      problems.push(problemFromError(rel === '' ? root : rel, error, 'folder'))
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const full = path.join(dir, entry.name)
      const relChild = rel === '' ? entry.name : `${rel}/${entry.name}`
      const looksLikeLog = isLogFileName(entry.name)
      if (!entry.isDirectory() && !entry.isFile() && !entry.isSymbolicLink()) {
        if (looksLikeLog) problems.push({ file: relChild, code: 'io_error', message: `${relChild}: not a regular file (FIFO, socket or device), skipped` })
        continue
      }
      if (!entry.isDirectory() && !entry.isSymbolicLink() && !looksLikeLog) continue
      let cst: Stats
      try {
        cst = await fs.stat(full)
      } catch (error) {
        // Dangling or looping symlinks: worth a word only when they look like logs or folders.
        if (looksLikeLog || entry.isDirectory() || (entry.isSymbolicLink() && problemFromError(relChild, error).code === 'symlink_loop')) {
          problems.push(problemFromError(relChild, error))
        }
        continue
      }
      const key = `${cst.dev}:${cst.ino}`
      if (cst.isDirectory()) {
        if (ancestors.has(key)) {
          problems.push({ file: relChild, code: 'symlink_loop', message: `${relChild}: symbolic link loop (points back to a parent folder), skipped` })
          continue
        }
        if (seenDirs.has(key) || depth >= MAX_DEPTH) continue
        seenDirs.add(key)
        await walk(full, relChild, new Set([...ancestors, key]), depth + 1)
      } else if (cst.isFile()) {
        if (!looksLikeLog || seenFiles.has(key)) continue
        seenFiles.add(key)
        const problem = await checkReadable(fs, full, relChild)
        if (problem !== null) problems.push(problem)
        else files.push(toFile(full, relChild, cst))
      } else if (looksLikeLog) {
        problems.push({ file: relChild, code: 'io_error', message: `${relChild}: not a regular file (FIFO, socket or device), skipped` })
      }
    }
  }

  seenDirs.add(`${st.dev}:${st.ino}`)
  await walk(absRoot, '', new Set([`${st.dev}:${st.ino}`]), 0)
  files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0))
  return { files, problems }
}

async function checkReadable(fs: IngestFs, absPath: string, rel: string): Promise<FileProblem | null> {
  try {
    const handle = await fs.open(absPath)
    await handle.close()
    return null
  } catch (error) {
    return problemFromError(rel, error)
  }
}

function toFile(absPath: string, relPath: string, st: Stats): DiscoveredFile {
  return {
    absPath,
    relPath,
    size: st.size,
    mtimeMs: st.mtimeMs,
    dev: st.dev,
    ino: st.ino,
    compressed: isGzName(relPath),
  }
}
