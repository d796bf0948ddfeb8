/**
 * Where `vigil serve` keeps its store when `--db` is not given: the desktop app's own file
 * (Electron's userData for the app name `vigil`, as scripts/start.js finds it), so triage made in
 * the browser survives a crash or a restart and is the same triage the desktop app shows.
 */
import { join } from 'node:path'

/**
 * The desktop store's path from the environment given (never the process's own: tests pass
 * theirs), or null when the environment names no home folder (then the store is in memory).
 */
export function desktopStorePath(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string | null {
  const home = env.HOME ?? env.USERPROFILE
  const base =
    platform === 'darwin'
      ? home && join(home, 'Library', 'Application Support')
      : platform === 'win32'
        ? (env.APPDATA ?? (home && join(home, 'AppData', 'Roaming')))
        : (env.XDG_CONFIG_HOME ?? (home && join(home, '.config')))
  return base ? join(base, 'vigil', 'vigil.sqlite') : null
}
