/**
 * The file-system calls ingest makes, behind one small interface so tests can inject failures
 * that cannot be produced for real (e.g. EACCES when the tests run as root).
 */
import type { Dirent, Stats } from 'node:fs'
import { constants, promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'

export interface IngestFs {
  stat(path: string): Promise<Stats>
  readdir(path: string): Promise<Dirent[]>
  /**
   * Opens for reading without blocking: a FIFO swapped in after discovery must not hang the read
   * (O_NONBLOCK changes nothing for a regular file; readers check `stat().isFile()` on the handle).
   */
  open(path: string): Promise<FileHandle>
  /** The canonical path (symlinks resolved): where a link really leads. */
  realpath(path: string): Promise<string>
}

/** The real file system. */
export const nodeFs: IngestFs = {
  stat: (path) => fsp.stat(path),
  readdir: (path) => fsp.readdir(path, { withFileTypes: true }),
  open: (path) => fsp.open(path, constants.O_RDONLY | constants.O_NONBLOCK),
  realpath: (path) => fsp.realpath(path),
}
