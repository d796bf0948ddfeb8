/** The built `vigil` command for tests that run it as a child process (kill -9 and restart). */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const REPO = resolve(__dirname, '../..')
export const VIGIL_BIN = join(REPO, 'bin/vigil.js')
const BUILT = join(REPO, 'out/cli/index.js')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

/**
 * Builds out/cli (the CLI half of `npm run build`, about 2 s) when it is missing or older than
 * the engine, CLI or shared sources, so the child processes run the code under test.
 */
export function ensureCliBuilt(): void {
  const sources = Math.max(...['src/engine', 'src/cli', 'src/shared'].map((d) => newestMtime(join(REPO, d))))
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= sources) return
  const res = spawnSync(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.cli.config.ts', '--logLevel', 'error'], {
    cwd: REPO,
    encoding: 'utf8',
  })
  if (res.status !== 0) throw new Error(`building the CLI failed:\n${res.stderr}${res.stdout}`)
}

/** A small seeded generator (mulberry32): the same kill moments on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
