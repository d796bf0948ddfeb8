import { mkdtempSync, rmSync, chmodSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'

/** A fresh temp folder (0755, so a test may read it as another user), removed after each test. */
export function useTempDir(): () => string {
  const made: string[] = []
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-parse-'))
    chmodSync(dir, 0o755)
    made.push(dir)
    return dir
  }
}
