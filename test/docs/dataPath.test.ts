/**
 * The ingest README walks one log line from disk to the grid, file by file, for a newcomer. Files
 * move (issue 10 moved a dozen): every path it names must still be there, or the walk lies.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', '..')
const README = join(ROOT, 'src/engine/ingest/README.md')

/** The walk: from its heading to the contract that follows it. */
function walk(): string {
  const text = readFileSync(README, 'utf8')
  const start = text.indexOf('**One line from disk to the grid**')
  const end = text.indexOf('**Contract.**', start)
  if (start < 0 || end < 0) throw new Error(`${README}: the walk "**One line from disk to the grid**" … "**Contract.**" is gone`)
  return text.slice(start, end)
}

/** Backquoted paths: a file name with an extension, or a folder path with a slash (`detect/iforest`). */
function namedPaths(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/`([^`\s]+)`/g)) {
    const token = m[1]
    if (/^[\w./-]+\.(ts|tsx|md)$/.test(token) || /^[a-z]+\/[\w/]+$/.test(token)) out.push(token)
  }
  return out
}

describe('the data path in src/engine/ingest/README.md', () => {
  it('names at least the steps through ingest, parse, store, detect, api and the renderer', () => {
    const paths = namedPaths(walk())
    for (const folder of ['ingest/', 'parse/', 'store/', 'detect/', 'api/', 'src/renderer/']) {
      expect(paths.some((p) => p.startsWith(folder)), folder).toBe(true)
    }
  })

  it('names only files and folders that exist (from src/engine/, or from the repo root for src/…)', () => {
    const missing = namedPaths(walk()).filter((p) => !existsSync(p.startsWith('src/') ? join(ROOT, p) : join(ROOT, 'src/engine', p)))
    expect(missing).toEqual([])
  })
})
