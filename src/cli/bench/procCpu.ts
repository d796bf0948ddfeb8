/** CPU time of a running process, read from /proc (Linux), for bench figures beside wall time. */
import { readFileSync } from 'node:fs'

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

/** User and system CPU seconds `pid` (all its threads) has used so far; null once it is gone. */
export function cpuSeconds(pid: number): { user: number; system: number } | null {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // Fields after the command name, which may hold spaces and parentheses: ") S ppid ..."; utime and stime are the 14th and 15th fields.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const user = Number(rest[11])
  const system = Number(rest[12])
  if (!Number.isFinite(user) || !Number.isFinite(system)) return null
  return { user: user / TICKS_PER_SECOND, system: system / TICKS_PER_SECOND }
}
