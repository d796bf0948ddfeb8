import os from 'node:os'
import path from 'node:path'
import type { DiscoveredFile } from '../ingest/discoverFiles'

/** Folders that hold this machine's own logs: their files (and sub-folders) are this host's. */
const SYSTEM_LOG_DIRS = new Set(['/var/log', '/var/log/audit', '/var/log/journal'])

/** The opened root a discovered file hangs from (its folder, for a file opened directly). */
function rootOf(file: Pick<DiscoveredFile, 'absPath' | 'relPath'>): string {
  const abs = file.absPath.split(path.sep).join('/')
  if (file.relPath.includes('/') && abs.endsWith(`/${file.relPath}`)) return abs.slice(0, abs.length - file.relPath.length - 1)
  return path.dirname(file.absPath)
}

/**
 * The host for events whose line/record names none: the first folder under the opened root
 * (`root/web-01/auth.log` → `web-01`), else the root folder's name; this machine's name when the
 * root is the system's own log folder (`/var/log/apache2` is not a host).
 */
export function hostHintFor(file: Pick<DiscoveredFile, 'absPath' | 'relPath'>): string {
  const root = rootOf(file)
  if (SYSTEM_LOG_DIRS.has(root)) return os.hostname()
  const slash = file.relPath.indexOf('/')
  if (slash > 0) return file.relPath.slice(0, slash)
  const name = path.basename(root)
  return name.length > 0 ? name : os.hostname()
}
