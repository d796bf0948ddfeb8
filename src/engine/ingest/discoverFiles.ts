import path from 'node:path'
import { statSync, type Dirent, type Stats } from 'node:fs'
import type { FileProblem } from '../../shared/sources'
import { problemFromError } from './fileProblem'
import { isInside, pseudoFilesystemOf } from './folderBounds'
import { nodeFs, type IngestFs } from './fsSeam'
import { isGzName, isLogFileName } from './logFileName'
import { mapLimit } from './mapLimit'

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
/** File-system calls in flight at once while a folder's entries are looked at. */
const PARALLEL = 32

/** One entry of a folder, looked at: what it is once symlinks are resolved, or why it is left out. */
type Looked =
  | { kind: 'dir'; st: Stats; real: string }
  | { kind: 'file'; st: Stats; problem: FileProblem | null }
  | { kind: 'problem'; problem: FileProblem }
  | { kind: 'ignore' }

const notRegular = (rel: string): FileProblem => ({ file: rel, code: 'not_regular', message: `${rel}: not a regular file (FIFO, socket or device), skipped` })

/**
 * Finds the log files under `root` (a folder, searched recursively, or a single file). Never leaves
 * the folder: a symbolic link is followed only when its target lies inside the opened root (else it
 * is listed as "points outside the folder"), and only regular files are taken (FIFOs, sockets,
 * devices and /proc, /sys, /dev are listed as skipped). Hidden entries (`.git`, ...) are skipped; a
 * file reachable twice (symlinks, hard links) is listed once; symlink loops, unreadable folders and
 * files become problems and the rest goes on. Files and problems sorted by path. Never throws for
 * file-system reasons.
 */
export async function discoverFiles(
  root: string,
  fs: IngestFs = nodeFs,
): Promise<{ files: DiscoveredFile[]; problems: FileProblem[] }> {
  const absRoot = path.resolve(root)
  const files: DiscoveredFile[] = []
  const problems: FileProblem[] = []
  let st: Stats
  let realRoot: string
  try {
    st = await fs.stat(absRoot)
    // Opening a link to a folder (or /var/log itself) is the analyst's choice: the bound is where it leads.
    realRoot = await fs.realpath(absRoot)
  } catch (error) {
    problems.push(problemFromError(root, error))
    return { files, problems }
  }
  const pseudo = pseudoFilesystemOf(realRoot)
  if (pseudo !== null) {
    problems.push({ file: root, code: 'not_regular', message: `${root}: in ${pseudo}, a kernel pseudo-filesystem, not logs; skipped` })
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
    problems.push({ file: root, code: 'not_regular', message: `${root}: not a file or folder (FIFO, socket or device), skipped` })
    return { files, problems }
  }
  const seenFiles = new Set<string>()
  const seenDirs = new Set<string>()
  // The real file system is asked synchronously: a promise per stat cost a 100,000-file folder
  // 4 s of CPU, a synchronous one microseconds (each folder is still read with an awaited readdir).
  const statEntry = fs.stat === nodeFs.stat ? (p: string): Stats => statSync(p) : (p: string): Promise<Stats> => fs.stat(p)

  /** Resolves one entry (a symlink to its target, bounded by the root) without reading it. */
  async function look(entry: Dirent, full: string, realDir: string, rel: string): Promise<Looked> {
    const looksLikeLog = isLogFileName(entry.name)
    let real = path.join(realDir, entry.name)
    if (entry.isSymbolicLink()) {
      try {
        real = await fs.realpath(full)
      } catch (error) {
        // Dangling or looping symlinks: worth a word only when they look like logs, or loop.
        const problem = problemFromError(rel, error)
        return looksLikeLog || problem.code === 'symlink_loop' ? { kind: 'problem', problem } : { kind: 'ignore' }
      }
      if (!isInside(real, realRoot)) {
        let target: Stats | null = null
        try {
          target = await fs.stat(real)
        } catch {
          // gone meanwhile: said below only for log names
        }
        if (!looksLikeLog && target?.isDirectory() !== true) return { kind: 'ignore' }
        return { kind: 'problem', problem: { file: rel, code: 'outside_folder', message: `${rel}: points outside the folder (to ${real}), skipped` } }
      }
    } else if (!entry.isDirectory() && !entry.isFile()) {
      return looksLikeLog ? { kind: 'problem', problem: notRegular(rel) } : { kind: 'ignore' }
    } else if (entry.isFile() && !looksLikeLog) {
      return { kind: 'ignore' }
    }
    const pseudoFs = pseudoFilesystemOf(real)
    if (pseudoFs !== null) {
      return { kind: 'problem', problem: { file: rel, code: 'not_regular', message: `${rel}: in ${pseudoFs}, a kernel pseudo-filesystem, not logs; skipped` } }
    }
    let cst: Stats
    try {
      cst = await statEntry(full)
    } catch (error) {
      return looksLikeLog || entry.isDirectory() ? { kind: 'problem', problem: problemFromError(rel, error) } : { kind: 'ignore' }
    }
    if (cst.isDirectory()) return { kind: 'dir', st: cst, real }
    if (!looksLikeLog) return { kind: 'ignore' }
    if (!cst.isFile()) return { kind: 'problem', problem: notRegular(rel) }
    // Opened only when its mode bars us: 100,000 small files would pay an open and a close each
    // for nothing (a read still names a file it cannot open, with the fix).
    return { kind: 'file', st: cst, problem: modeAllowsRead(cst) ? null : await checkReadable(fs, full, rel) }
  }

  async function walk(dir: string, realDir: string, rel: string, ancestors: ReadonlySet<string>, depth: number): Promise<void> {
    let entries
    try {
      entries = await fs.readdir(dir)
    } catch (error) {
      problems.push(problemFromError(rel === '' ? root : rel, error, 'folder'))
      return
    }
    entries = entries.filter((e) => !e.name.startsWith('.'))
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const relOf = (name: string): string => (rel === '' ? name : `${rel}/${name}`)
    const looked = await mapLimit(entries, PARALLEL, (e) => look(e, path.join(dir, e.name), realDir, relOf(e.name)))
    for (let i = 0; i < entries.length; i++) {
      const item = looked[i]
      const relChild = relOf(entries[i].name)
      const full = path.join(dir, entries[i].name)
      switch (item.kind) {
        case 'ignore':
          break
        case 'problem':
          problems.push(item.problem)
          break
        case 'file': {
          const key = `${item.st.dev}:${item.st.ino}`
          if (seenFiles.has(key)) break
          seenFiles.add(key)
          if (item.problem !== null) problems.push(item.problem)
          else files.push(toFile(full, relChild, item.st))
          break
        }
        case 'dir': {
          const key = `${item.st.dev}:${item.st.ino}`
          if (ancestors.has(key)) {
            problems.push({ file: relChild, code: 'symlink_loop', message: `${relChild}: symbolic link loop (points back to a parent folder), skipped` })
            break
          }
          if (seenDirs.has(key) || depth >= MAX_DEPTH) break
          seenDirs.add(key)
          await walk(full, item.real, relChild, new Set([...ancestors, key]), depth + 1)
          break
        }
      }
    }
  }

  seenDirs.add(`${st.dev}:${st.ino}`)
  await walk(absRoot, realRoot, '', new Set([`${st.dev}:${st.ino}`]), 0)
  files.sort((a, b) => byName(a.relPath, b.relPath))
  problems.sort((a, b) => byName(a.file, b.file))
  return { files, problems }
}

const byName = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0)

/** Whether the permission bits let this process read the file (root reads anything). */
function modeAllowsRead(st: Stats): boolean {
  const euid = process.geteuid?.()
  if (euid === undefined || euid === 0) return true
  if (st.uid === euid) return (st.mode & 0o400) !== 0
  if (st.gid === process.getegid?.() || (process.getgroups?.() ?? []).includes(st.gid)) return (st.mode & 0o040) !== 0
  return (st.mode & 0o004) !== 0
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
