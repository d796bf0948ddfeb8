/**
 * The flags shared by the commands that train the engine (scan, watch, serve, eval):
 * --rule-threshold, --autoencoder-epochs, --batch-size and --timezone reach the engine, and bad
 * values are usage errors (exit 2, one line).
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/index'
import type { CliIO } from '../../src/cli/io'
import { RULE_THRESHOLD_NAMES } from '../../src/cli/options'
import { DEFAULT_RULE_THRESHOLDS } from '../../src/engine/detect/rules/thresholds'
import { severityRank, type Severity } from '../../src/shared/finding'
import { previousWeekAuth } from '../integration/fixtureFolder'

function capture(cwd: string, signal?: AbortSignal): CliIO & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return { out: (t) => void (out += t), err: (t) => void (err += t), cwd, env: {}, signal, stdout: () => out, stderr: () => err }
}

type Row = Record<string, string>
const rowsOf = (file: string): Row[] => parse(readFileSync(file, 'utf8'), { columns: true }) as Row[]
const medium = (r: Row): boolean => severityRank(r.severity as Severity) >= severityRank('MEDIUM')

const ATTACKER = '185.220.101.47'
const iso6 = (ms: number): string => new Date(ms).toISOString().replace('Z', '000+00:00')

describe('engine flags (CLI)', () => {
  let work: string
  let bruteDir: string
  let syslogDir: string
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'vigil-cli-flags-'))
    // web1's routine week, then twelve failed passwords from one address in 33 s: a small brute
    // force (8 in 120 s fires; fewer than the 20 of a slow session).
    bruteDir = mkdtempSync(join(tmpdir(), 'vigil-cli-brute-'))
    writeFileSync(join(bruteDir, 'auth.log.1'), `${previousWeekAuth().join('\n')}\n`)
    const t0 = Date.UTC(2025, 2, 1, 3, 12)
    const burst = Array.from({ length: 12 }, (_, k) => `${iso6(t0 + k * 3000)} web1 sshd[${2100 + k}]: Failed password for root from ${ATTACKER} port ${50000 + k} ssh2`)
    writeFileSync(join(bruteDir, 'auth.log'), `${burst.join('\n')}\n`)
    // RFC 3164 lines carry no zone: the zone they were written in decides the instant.
    syslogDir = mkdtempSync(join(tmpdir(), 'vigil-cli-tz-'))
    const log = join(syslogDir, 'auth.log')
    writeFileSync(
      log,
      [
        'Mar  1 03:12:00 web1 sshd[2001]: Accepted publickey for alice from 10.0.0.5 port 40080 ssh2: ED25519 SHA256:abc0',
        'Mar  1 03:12:01 web1 sshd[2001]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)',
        '',
      ].join('\n'),
    )
    const collected = new Date(Date.UTC(2025, 2, 2, 12, 0))
    utimesSync(log, collected, collected)
  })
  afterAll(() => {
    for (const d of [work, bruteDir, syslogDir]) rmSync(d, { recursive: true, force: true })
  })

  it('--rule-threshold bruteFailures=1000 keeps a small brute force below MEDIUM', async () => {
    const io = capture(work)
    expect(await main(['scan', bruteDir, '--all', '--out', 'default.csv'], io)).toBe(0)
    const burst = rowsOf(join(work, 'default.csv')).filter((r) => r.src_ip === ATTACKER)
    expect(burst).toHaveLength(12)
    expect(burst.every((r) => r.threat_type === 'brute_force' && medium(r))).toBe(true)

    const tuned = capture(work)
    expect(await main(['scan', bruteDir, '--all', '--out', 'tuned.csv', '--rule-threshold', 'bruteFailures=1000'], tuned)).toBe(0)
    const quiet = rowsOf(join(work, 'tuned.csv')).filter((r) => r.src_ip === ATTACKER)
    expect(quiet).toHaveLength(12)
    expect(quiet.some((r) => r.threat_type === 'brute_force' || medium(r))).toBe(false)
    expect(tuned.stderr()).toBe('')
  })

  it('--rule-threshold is repeatable: the last value of a name wins, other names add up', async () => {
    const brute = async (name: string, ...values: string[]): Promise<boolean[]> => {
      const io = capture(work)
      expect(await main(['scan', bruteDir, '--all', '--out', name, ...values.flatMap((v) => ['--rule-threshold', v])], io)).toBe(0)
      return rowsOf(join(work, name)).filter((r) => r.src_ip === ATTACKER).map((r) => r.threat_type === 'brute_force')
    }
    // The later value: 1000 failures in 120 s, out of reach.
    expect(await brute('last.csv', 'bruteFailures=8', 'bruteFailures=1000')).toEqual(Array(12).fill(false))
    // Both kept: out of reach in 120 s, but 10 in the session is enough.
    expect(await brute('both.csv', 'bruteSessionFailures=10', 'bruteFailures=1000')).toEqual(Array(12).fill(true))
  })

  it('--autoencoder-epochs and --batch-size reach the autoencoder (seeded: same flags, same scores)', async () => {
    const scan = async (name: string, ...flags: string[]): Promise<string[]> => {
      const io = capture(work)
      expect(await main(['scan', bruteDir, '--all', '--out', name, '--detectors', 'autoencoder', ...flags], io), io.stderr()).toBe(0)
      return rowsOf(join(work, name)).map((r) => r.autoencoder_score)
    }
    const base = await scan('ae-default.csv')
    expect(base.every((s) => s !== '')).toBe(true)
    const oneEpoch = await scan('ae-1.csv', '--autoencoder-epochs', '1')
    const oneEpochAgain = await scan('ae-1b.csv', '--autoencoder-epochs', '1')
    const smallBatches = await scan('ae-b32.csv', '--batch-size', '32')
    expect(oneEpochAgain).toEqual(oneEpoch)
    expect(oneEpoch).not.toEqual(base)
    expect(smallBatches).not.toEqual(base)
    expect(smallBatches).not.toEqual(oneEpoch)
  })

  it('--timezone says which zone zone-less syslog times are in', async () => {
    const stamps = async (...flags: string[]): Promise<string[]> => {
      const name = `tz-${flags.join('-').replace(/\W/g, '_') || 'none'}.csv`
      expect(await main(['scan', syslogDir, '--all', '--out', name, ...flags], capture(work))).toBe(0)
      return rowsOf(join(work, name)).map((r) => r.timestamp).sort()
    }
    expect(await stamps('--timezone', 'UTC')).toEqual(['2025-03-01T03:12:00.000Z', '2025-03-01T03:12:01.000Z'])
    expect(await stamps('--timezone', 'Asia/Tokyo')).toEqual(['2025-02-28T18:12:00.000Z', '2025-02-28T18:12:01.000Z'])
    expect(await stamps('--timezone', 'america/new_york')).toEqual(['2025-03-01T08:12:00.000Z', '2025-03-01T08:12:01.000Z'])
  })

  it('watch takes --timezone (and the other engine flags) too', async () => {
    const stop = new AbortController()
    const io = capture(work, stop.signal)
    const exit = main(['watch', syslogDir, '--jsonl', '--min-severity', 'NONE', '--timezone', 'Asia/Tokyo', '--rule-threshold', 'lateralHosts=5', '--autoencoder-epochs', '1'], io)
    const t0 = Date.now()
    while (io.stdout().trimEnd().split('\n').filter((l) => l !== '').length < 2 && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 20))
    stop.abort()
    expect(await exit).toBe(0)
    const records = io.stdout().trimEnd().split('\n').map((l) => JSON.parse(l) as { timestamp: string })
    expect(records.map((r) => r.timestamp).sort()).toEqual(['2025-02-28T18:12:00.000Z', '2025-02-28T18:12:01.000Z'])
  })

  it('exits 2 with a one-line reason for a bad name or value, in every command that trains', async () => {
    const names = Object.keys(DEFAULT_RULE_THRESHOLDS)
    expect(RULE_THRESHOLD_NAMES).toEqual(names)
    const cases: [string[], RegExp][] = [
      [['--rule-threshold', 'bruteFailurez=10'], /unknown rule threshold "bruteFailurez"/],
      [['--rule-threshold', 'bruteFailures=many'], /bruteFailures needs a positive number/],
      [['--rule-threshold', 'bruteFailures=0'], /bruteFailures needs a positive number/],
      [['--rule-threshold', 'bruteFailures'], /bruteFailures needs a positive number/],
      [['--timezone', 'Mars/Olympus'], /expected an IANA time zone/],
      [['--timezone', ''], /expected an IANA time zone/],
      [['--autoencoder-epochs', '0'], /epochs/],
      [['--autoencoder-epochs', '2.5'], /epochs/],
      [['--batch-size', 'big'], /rows/],
    ]
    for (const command of [['scan', bruteDir], ['watch', bruteDir], ['serve', bruteDir, '--no-open'], ['eval', bruteDir]]) {
      for (const [flags, reason] of cases) {
        const argv = [...command, ...flags]
        const io = capture(work)
        expect(await main(argv, io), argv.join(' ')).toBe(2)
        const lines = io.stderr().trimEnd().split('\n')
        expect(lines, argv.join(' ')).toHaveLength(1)
        expect(lines[0], argv.join(' ')).toMatch(reason)
        // A bad threshold names every valid one.
        if (flags[0] === '--rule-threshold') for (const n of names) expect(lines[0]).toContain(n)
      }
    }
  })
})
