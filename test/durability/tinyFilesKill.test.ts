/**
 * Durability of grouped commits (issue 9, item 8): `vigil scan --db` of 3,000 one-line files is
 * killed with SIGKILL at seeded moments after its first group of 1,000 files is committed, then a
 * scan runs to its end. A group's files and their offsets commit together, so the killed store
 * holds whole groups only, and the finished one exactly one event per line: none lost, none doubled.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tinyFilesFolder } from '../../src/engine/probes/hostileFolders'
import { ensureCliBuilt, seeded, VIGIL_BIN } from './cliBuild'

const FILES = 3_000
const GROUP = 1_000
const ROUNDS = 2

/** Events committed in the store at `db` so far (null while it is not there or not readable yet). */
function committedEvents(db: string): number | null {
  if (!existsSync(db)) return null
  try {
    const store = new Database(db, { readonly: true, fileMustExist: true })
    try {
      return (store.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n
    } finally {
      store.close()
    }
  } catch {
    return null // being created
  }
}

/**
 * `vigil scan --db` of `dir`; with `kill`, SIGKILLed `kill.delayMs` after the store first holds
 * `kill.afterEvents` events (a group committed): into the reading of the next groups.
 */
function scan(dir: string, db: string, out: string, kill: { afterEvents: number; delayMs: number } | null): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, VIGIL_CASES_DIR: join(db, '..', 'cases') }
    const child = spawn(process.execPath, [VIGIL_BIN, 'scan', dir, '--db', db, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'], env })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    let timer: NodeJS.Timeout | null = null
    const poll =
      kill === null
        ? null
        : setInterval(() => {
            if (timer !== null || (committedEvents(db) ?? -1) < kill.afterEvents) return
            timer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs)
          }, 10)
    child.on('exit', (code, signal) => {
      if (poll) clearInterval(poll)
      if (timer) clearTimeout(timer)
      resolve({ code, signal, stderr })
    })
  })
}

function storeOf(db: string): { raws: string[]; offsets: { rel_path: string; offset: number }[] } {
  const store = new Database(db, { readonly: true })
  try {
    return {
      raws: (store.prepare('SELECT raw FROM events').all() as { raw: string }[]).map((r) => r.raw).sort(),
      offsets: store.prepare('SELECT rel_path, "offset" FROM files WHERE "offset" > 0').all() as { rel_path: string; offset: number }[],
    }
  } finally {
    store.close()
  }
}

describe('durability: SIGKILL while many small files are stored in groups', () => {
  let work: string
  beforeAll(() => {
    ensureCliBuilt()
    work = mkdtempSync(join(tmpdir(), 'vigil-tinykill-'))
  })
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it(`a scan of ${FILES.toLocaleString('en-US')} one-line files killed after its first group keeps whole groups; the next scan stores exactly one event per line`, async () => {
    const { dir } = tinyFilesFolder(join(work, 'many'), FILES)
    const onDisk: string[] = []
    for (const host of readdirSync(dir)) for (const name of readdirSync(join(dir, host))) onDisk.push(readFileSync(join(dir, host, name), 'utf8').trimEnd())
    onDisk.sort()
    const random = seeded(20_261_208)
    const killedAt: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const db = join(work, `vigil-${round}.db`)
      const out = join(work, 'out.csv')
      const killed = await scan(dir, db, out, { afterEvents: GROUP, delayMs: Math.round(random() * 40) })
      if (killed.signal === null && killed.code !== 0) throw new Error(`scan failed (${killed.code}): ${killed.stderr}`)
      // Whole groups only: each stored file with its offset, as many files as events.
      const after = storeOf(db)
      killedAt.push(after.raws.length)
      expect(after.raws.length % GROUP, `round ${round}: ${after.raws.length} events`).toBe(0)
      expect(after.offsets.length).toBe(after.raws.length)
      for (const f of after.offsets) expect(f.offset, f.rel_path).toBe(statSync(join(dir, f.rel_path)).size)

      const last = await scan(dir, db, out, null)
      expect(last.code, last.stderr).toBe(0)
      const final = storeOf(db)
      expect(final.raws.length).toBe(FILES)
      expect(final.raws).toEqual(onDisk)
      expect(final.offsets.length).toBe(FILES)
    }
    // At least one kill landed while groups were still being stored.
    expect(killedAt.some((n) => n > 0 && n < FILES), killedAt.join(' ')).toBe(true)
  }, 240_000)
})
