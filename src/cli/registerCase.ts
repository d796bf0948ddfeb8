/**
 * `--db FILE` makes FILE a case: `vigil scan` and `vigil watch` add it to the recent cases that
 * `vigil serve` and the desktop app list (the cases folder, src/engine/cases/CaseBook.ts).
 */
import { basename } from 'node:path'
import { CaseBook, casesDirOf } from '../engine/cases/CaseBook'
import { desktopStorePath } from './serve/defaultStore'

/** Registers the store; nothing when no cases folder is known (no home, no VIGIL_CASES_DIR). */
export function registerCase(dbPath: string, env: Record<string, string | undefined>, log: (message: string) => void): void {
  const dir = casesDirOf(env, desktopStorePath(env))
  if (dir === null) return
  try {
    new CaseBook(dir).ofStore(dbPath, basename(dbPath).replace(/\.(sqlite3?|db)$/i, ''))
  } catch (e) {
    // The recent list is a convenience: a config folder that cannot be written never fails a scan.
    log(`vigil: ${dbPath} was not added to the recent cases (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
}
