// `vigil scan --db FILE` and `vigil watch --db FILE` add FILE to the recent cases `vigil serve` lists;
// without a cases folder (no home, no VIGIL_CASES_DIR) nothing is written.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/index'
import type { CliIO } from '../../src/cli/io'
import { CaseBook } from '../../src/engine/cases/CaseBook'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function workDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vigil-regcase-'))
  dirs.push(d)
  writeFileSync(join(d, 'auth.log'), '2025-03-01T12:00:01.000000+00:00 web1 sshd[4001]: Failed password for root from 203.0.113.7 port 50001 ssh2\n')
  return d
}

const io = (cwd: string, env: Record<string, string>, signal?: AbortSignal): CliIO => ({ out: () => undefined, err: () => undefined, cwd, env, ...(signal && { signal }) })

describe('--db FILE registers a case', () => {
  it('vigil scan --db adds the store to the recent cases, once', async () => {
    const d = workDir()
    const env = { VIGIL_CASES_DIR: join(d, 'cases') }
    expect(await main(['scan', d, '--db', 'evidence.sqlite', '--out', join(d, 'a.csv'), '--seed', '7'], io(d, env))).toBe(0)
    expect(await main(['scan', d, '--db', 'evidence.sqlite', '--out', join(d, 'b.csv'), '--seed', '7'], io(d, env))).toBe(0)
    expect(new CaseBook(join(d, 'cases')).list().map((c) => [c.id, c.name, c.path])).toEqual([['evidence', 'evidence', join(d, 'evidence.sqlite')]])
  })

  it('vigil watch --db adds the store too', async () => {
    const d = workDir()
    const stop = new AbortController()
    const running = main(['watch', d, '--db', join(d, 'live.db')], io(d, { VIGIL_CASES_DIR: join(d, 'cases') }, stop.signal))
    const t0 = Date.now()
    while (!existsSync(join(d, 'cases', 'cases.json')) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20))
    stop.abort()
    expect(await running).toBe(0)
    expect(new CaseBook(join(d, 'cases')).list().map((c) => c.path)).toEqual([join(d, 'live.db')])
  })

  it('without a cases folder nothing is written', async () => {
    const d = workDir()
    expect(await main(['scan', d, '--db', 'evidence.sqlite', '--out', join(d, 'a.csv')], io(d, {}))).toBe(0)
    expect(existsSync(join(d, 'cases'))).toBe(false)
  })
})
