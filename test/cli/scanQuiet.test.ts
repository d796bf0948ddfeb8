import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/index'
import type { CliIO } from '../../src/cli/io'

function capture(cwd: string): CliIO & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return { out: (t) => void (out += t), err: (t) => void (err += t), cwd, env: {}, stdout: () => out, stderr: () => err }
}

describe('a healthy scan prints no error', () => {
  const work = mkdtempSync(join(tmpdir(), 'vigil-quiet-'))
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  // The quick-filter index used to start (1.5 s after the scan) while the CSV export was still
  // iterating its statement: "This database connection is busy executing a query" on stderr.
  it('scans 100,000 generated events and exports every one without a word on stderr', async () => {
    const logs = join(work, 'logs')
    expect(await main(['generate', '--out', logs, '--events', '100000', '--seed', '3'], capture(work))).toBe(0)
    // labels.csv (the answer key) is not a log: the scan names it on stderr when it skips it.
    rmSync(join(logs, 'labels.csv'))
    const io = capture(work)
    const out = join(work, 'all.csv')
    const json = join(work, 'report.json')
    expect(await main(['scan', logs, '--all', '--out', out, '--json', json], io)).toBe(0)
    expect(io.stderr()).toBe('')
    const rows = Number(/\((\d[\d,]*) rows\)/.exec(io.stdout())?.[1].replace(/,/g, ''))
    expect(rows).toBeGreaterThanOrEqual(100_000)
    expect(readFileSync(out, 'utf8').split('\r\n').length - 2).toBe(rows)
    expect((JSON.parse(readFileSync(json, 'utf8')) as { findings: unknown[] }).findings).toHaveLength(rows)
  }, 180_000)
})
