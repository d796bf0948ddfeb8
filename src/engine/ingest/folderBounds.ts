/**
 * Where an opened folder ends. Log folders come off compromised servers, so a symbolic link is
 * attacker-shaped input: `secure -> /etc/shadow` must not export the shadow file, `x -> /` must not
 * walk the whole machine, `secure -> /proc/kmsg` must not block a read for ever.
 */
import path from 'node:path'

/** True when `real` (a canonical path) is `realRoot` itself or lies below it. */
export function isInside(real: string, realRoot: string): boolean {
  if (real === realRoot) return true
  const prefix = realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep
  return real.startsWith(prefix)
}

/**
 * Kernel pseudo-filesystems: their "files" are endless (`/dev/zero`), block (`/proc/kmsg`) or are
 * not logs at all, whatever `stat` says (`/proc/kmsg` is a regular file of size 0).
 */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'] as const

/** The pseudo-filesystem a canonical path lies in (`/proc`, `/sys`, `/dev`), or null. */
export function pseudoFilesystemOf(real: string): string | null {
  for (const root of PSEUDO_ROOTS) if (isInside(real, root)) return root
  return null
}
