/**
 * The file-system calls ingest makes, behind one small interface so tests can inject failures
 * that cannot be produced for real (e.g. EACCES when the tests run as root).
 */
import type { Dirent, Stats } from 'node:fs'
import { promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'

export interface IngestFs {
  stat(path: string): Promise<Stats>
  readdir(path: string): Promise<Dirent[]>
  open(path: string): Promise<FileHandle>
}

/** The real file system. */
export const nodeFs: IngestFs = {
  stat: (path) => fsp.stat(path),
  readdir: (path) => fsp.readdir(path, { withFileTypes: true }),
  open: (path) => fsp.open(path, 'r'),
}
