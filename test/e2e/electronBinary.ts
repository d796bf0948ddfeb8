/**
 * The Electron executable, if installed. Reads node_modules/electron/path.txt instead of
 * `require('electron')`, which would try to download the binary (impossible on this machine).
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export const ELECTRON_MISSING =
  'Electron binary not installed here (it cannot be downloaded on this machine): launch test skipped'

export function findElectron(): string | null {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const pathFile = join(dir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const relative = readFileSync(pathFile, 'utf8').trim()
    const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist')
    const executable = join(base, relative)
    return existsSync(executable) ? executable : null
  } catch {
    return null
  }
}
