/**
 * Durability: `vigil scan` and `vigil watch` (the built CLI, as child processes) are killed with
 * SIGKILL at seeded random moments, 20 times, while lines keep being appended and the log is
 * rotated once; a last scan then runs to its end. The store must hold exactly one event per line
 * on disk: offsets and the events they cover are committed together, so no kill loses or repeats one.
 */
import { spawn } from 'node:child_process'
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureCliBuilt, seeded, VIGIL_BIN } from './cliBuild'

const KILLS = 20
let counter = 0
function freshLines(host: string, n: number): string {
  let out = ''
  for (let i = 0; i < n; i++) {
    const c = counter++
    const ts = new Date(Date.UTC(2025, 2, 1, 8, 0, 0) + c * 250).toISOString().replace('Z', '000+00:00')
    out += `${ts} ${host} sshd[${2000 + (c % 300)}]: Failed password for user${c % 41} from 10.1.${c % 7}.${c % 250} port ${10_000 + c} ssh2\n`
  }
  return out
}

function run(args: string[], killAfterMs: number | null): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    // `--db FILE` registers a case: in the test's folder, never the machine's config folder.
    const env = { ...process.env, VIGIL_CASES_DIR: join(dirname(args[args.indexOf('--db') + 1] ?? tmpdir()), 'cases') }
    const child = spawn(process.execPath, [VIGIL_BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer)
      resolve({ code, signal, stderr })
    })
  })
}

function linesOnDisk(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.includes('.log') || e.name === 'secure') out.push(...readFileSync(p, 'utf8').split('\n').filter((l) => l !== ''))
    }
  }
  walk(dir)
  return out.sort()
}

describe('durability: SIGKILL at random moments, then restart', () => {
  let work: string
  beforeAll(() => {
    ensureCliBuilt()
    work = mkdtempSync(join(tmpdir(), 'vigil-durability-'))
  })
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it(`${KILLS} kills of scan and watch, then a clean scan: exactly one event per line`, async () => {
    const dir = join(work, 'logs')
    mkdirSync(join(dir, 'web2'), { recursive: true })
    const db = join(work, 'vigil.db')
    const files = [join(dir, 'auth.log'), join(dir, 'web2', 'secure'), join(dir, 'app.log')]
    files.forEach((f, i) => writeFileSync(f, freshLines(`host${i}`, 600)))
    const random = seeded(20_261_121)
    const outcomes: string[] = []
    for (let k = 0; k < KILLS; k++) {
      const mode = k % 2 === 0 ? 'scan' : 'watch'
      const target = files[Math.floor(random() * files.length)]
      appendFileSync(target, freshLines('burst', 150))
      if (k === 9) {
        // logrotate's rename + create, with lines still going to the renamed file.
        renameSync(files[0], `${files[0]}.1`)
        appendFileSync(`${files[0]}.1`, freshLines('host0', 40))
        writeFileSync(files[0], freshLines('host0', 10))
      }
      const killAfter = Math.round(150 + random() * 2_200)
      const args = mode === 'scan' ? ['scan', dir, '--db', db, '--out', join(work, 'out.csv')] : ['watch', dir, '--db', db, '--min-severity', 'CRITICAL']
      // While a watch runs, a writer keeps appending (complete lines) to every file.
      const writer = mode === 'watch' ? setInterval(() => files.forEach((f, i) => appendFileSync(f, freshLines(`host${i}`, 5))), 40) : null
      const res = await run(args, killAfter)
      if (writer) clearInterval(writer)
      outcomes.push(`${mode}@${killAfter}ms:${res.signal ?? res.code}`)
      if (res.signal === null && res.code !== 0) throw new Error(`${mode} failed (${res.code}): ${res.stderr}`)
    }
    const last = await run(['scan', dir, '--db', db, '--out', join(work, 'out.csv')], null)
    expect(last.code, last.stderr).toBe(0)
    expect(outcomes.filter((o) => o.endsWith('SIGKILL')).length).toBeGreaterThanOrEqual(KILLS / 2)

    const expected = linesOnDisk(dir)
    const store = new Database(db, { readonly: true })
    try {
      const raws = (store.prepare('SELECT raw FROM events').all() as { raw: string }[]).map((r) => r.raw).sort()
      expect(raws.length).toBe(expected.length)
      expect(raws).toEqual(expected)
      const unscored = store.prepare('SELECT COUNT(*) AS n FROM events e LEFT JOIN scores s ON s.event_id = e.id WHERE s.event_id IS NULL').get() as { n: number }
      expect(unscored.n).toBe(0)
      const offsets = store.prepare('SELECT rel_path, "offset" FROM files').all() as { rel_path: string; offset: number }[]
      for (const f of offsets) expect(f.offset, f.rel_path).toBe(statSync(join(dir, f.rel_path)).size)
    } finally {
      store.close()
    }
  })
})
