/** What to open at start: folders named on the command line, or the demo logs with `--demo`. */
import { resolve } from 'node:path'

export interface StartupOptions {
  /** Absolute path of resources/demo-logs. */
  demoDir: string
  cwd: string
  /**
   * Paths that are the app itself, not folders to open: `electron .` passes the app folder and
   * `electron out/main/index.js` (Playwright) the main script, at positions that vary by launcher.
   */
  appPaths: readonly string[]
}

/** Absolute paths to open, in command-line order, without duplicates. argv[0] is the executable. */
export function foldersToOpen(argv: readonly string[], options: StartupOptions): string[] {
  const args = argv.slice(1)
  const ignored = new Set(options.appPaths.map((p) => resolve(options.cwd, p)))
  const folders = args
    .filter((arg) => !arg.startsWith('-'))
    .map((arg) => resolve(options.cwd, arg))
    .filter((path) => !ignored.has(path))
  if (args.includes('--demo')) folders.unshift(options.demoDir)
  return [...new Set(folders)]
}
