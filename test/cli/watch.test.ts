/**
 * `vigil watch` in process (main() with an io whose output is awaited and which is stopped by an
 * AbortController): severity filter, resume from a store, polling, usage errors.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/engine/api/createEngine'
import { main } from '../../src/cli/index'
import type { CliIO } from '../../src/cli/io'
import { severityRank } from '../../src/shared/finding'
import { makeIntegrationFolder } from '../integration/fixtureFolder'

function liveIO(cwd: string) {
  const stop = new AbortController()
  let out = ''
  let err = ''
  let writes = 0
  const io: CliIO = {
    out: (t) => {
      out += t
      writes++
    },
    err: (t) => void (err += t),
    cwd,
    env: {},
    signal: stop.signal,
  }
  return { io, stop: () => stop.abort(), stdout: () => out, stderr: () => err, writes: () => writes }
}

async function until(cond: () => boolean, what: () => string, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out: ${what()}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const records = (out: string): Record<string, unknown>[] => out.trimEnd().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)

let port = 50_000
const sshd = (user: string): string => `2025-03-01T10:00:00.000000+00:00 web1 sshd[77]: Accepted publickey for ${user} from 10.0.0.5 port ${port++} ssh2`

describe('vigil watch', () => {
  const dirs: string[] = []
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'vigil-cli-watch-'))
    dirs.push(d)
    return d
  }
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('prints what is there at or above --min-severity (default MEDIUM), one JSON line per event', async () => {
    const dir = makeIntegrationFolder()
    dirs.push(dir)
    const reference = createEngine({ log: () => undefined })
    await reference.scan([dir])
    const expectedHigh = reference.findings('HIGH').length
    const expectedMedium = reference.findings('MEDIUM').length
    await reference.close()
    expect(expectedHigh).toBeGreaterThan(0)

    for (const [args, expected, min] of [
      [['--min-severity', 'HIGH'], expectedHigh, 'HIGH'],
      [[], expectedMedium, 'MEDIUM'],
    ] as const) {
      const live = liveIO(dir)
      const exit = main(['watch', dir, '--jsonl', ...args], live.io)
      await until(() => records(live.stdout()).length >= expected, () => `${expected} records, have ${records(live.stdout()).length}`)
      live.stop()
      expect(await exit).toBe(0)
      const recs = records(live.stdout())
      expect(recs).toHaveLength(expected)
      expect(recs.every((r) => severityRank(r.severity as 'HIGH') >= severityRank(min))).toBe(true)
    }
  })

  it('with --db resumes from the stored offsets: a restart prints only lines written since', async () => {
    const dir = tmp()
    const db = join(tmp(), 'store.db')
    const log = join(dir, 'auth.log')
    writeFileSync(log, `${sshd('alice')}\n`)
    const first = liveIO(dir)
    let exit = main(['watch', dir, '--jsonl', '--min-severity', 'NONE', '--db', db], first.io)
    await until(() => records(first.stdout()).length === 1, first.stderr)
    const a = sshd('bob')
    appendFileSync(log, `${a}\n`)
    await until(() => records(first.stdout()).length === 2, first.stderr)
    first.stop()
    expect(await exit).toBe(0)

    // Written while not watching, then a restart: printed once, nothing earlier again.
    const b = sshd('carol')
    appendFileSync(log, `${b}\n`)
    const second = liveIO(dir)
    exit = main(['watch', dir, '--jsonl', '--min-severity', 'NONE', '--db', db], second.io)
    await until(() => records(second.stdout()).length === 1, second.stderr)
    const c = sshd('dave')
    appendFileSync(log, `${c}\n`)
    await until(() => records(second.stdout()).length === 2, second.stderr)
    second.stop()
    expect(await exit).toBe(0)
    expect(records(first.stdout()).map((r) => r.user)).toEqual(['alice', 'bob'])
    expect(records(second.stdout()).map((r) => [r.user, r.source_line])).toEqual([
      ['carol', 3],
      ['dave', 4],
    ])
  })

  it('--poll watches by polling; a burst is written in few writes (one per scored batch)', async () => {
    const dir = tmp()
    const log = join(dir, 'auth.log')
    writeFileSync(log, `${sshd('alice')}\n`)
    const live = liveIO(dir)
    const exit = main(['watch', dir, '--jsonl', '--min-severity', 'NONE', '--poll', '50'], live.io)
    await until(() => records(live.stdout()).length === 1, live.stderr)
    const before = live.writes()
    appendFileSync(log, `${Array.from({ length: 200 }, (_, i) => sshd(`u${i}`)).join('\n')}\n`)
    await until(() => records(live.stdout()).length === 201, () => `201 records, have ${records(live.stdout()).length}`)
    live.stop()
    expect(await exit).toBe(0)
    expect(live.writes() - before).toBeLessThan(10)
  })

  it('refuses a missing path and a bad --poll value (exit 2)', async () => {
    const dir = tmp()
    const missing = liveIO(dir)
    expect(await main(['watch', join(dir, 'nope')], missing.io)).toBe(2)
    expect(missing.stderr()).toMatch(/nope: no such file or folder/)
    const bad = liveIO(dir)
    expect(await main(['watch', dir, '--poll', 'fast'], bad.io)).toBe(2)
  })
})
