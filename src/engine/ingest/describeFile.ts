import { realpath, stat } from 'node:fs/promises'
import { basename, relative, sep } from 'node:path'
import type { DiscoveredFile } from './discoverFiles'
import { isInside, pseudoFilesystemOf } from './folderBounds'

/**
 * The ingest view of a file found by the watcher, relative to its opened root. Throws for a path
 * discovery would not take (a link out of the folder, a FIFO or device): the watcher reports
 * every path it sees, and discovery has already listed these as skipped with the reason.
 */
export async function describeFile(root: string, rootIsFile: boolean, absPath: string): Promise<DiscoveredFile> {
  const st = await stat(absPath)
  if (!st.isFile()) throw new Error(`${absPath}: not a regular file`)
  if (!rootIsFile) {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(absPath)])
    if (!isInside(real, realRoot) || pseudoFilesystemOf(real) !== null) throw new Error(`${absPath}: outside the opened folder`)
  }
  return {
    absPath,
    relPath: rootIsFile ? basename(absPath) : relative(root, absPath).split(sep).join('/'),
    size: st.size,
    mtimeMs: st.mtimeMs,
    dev: st.dev,
    ino: st.ino,
    compressed: absPath.endsWith('.gz'),
  }
}
