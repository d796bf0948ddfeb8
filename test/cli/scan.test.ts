import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/index'
import type { CliIO } from '../../src/cli/io'
import { fixtureEventCount, makeIntegrationFolder } from '../integration/fixtureFolder'

const HEADER =
  'timestamp,host,source_file,source_line,event,outcome,user,target_user,src_ip,score,severity,threat_type,mitre_techniques,mitre_tactics,reasons,status,note,raw'

function capture(cwd: string): CliIO & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    cwd,
    env: {},
    stdout: () => out,
    stderr: () => err,
  }
}

describe('vigil scan (CLI)', () => {
  let dir: string
  let work: string
  beforeAll(() => {
    dir = makeIntegrationFolder()
    work = mkdtempSync(join(tmpdir(), 'vigil-cli-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
    rmSync(work, { recursive: true, force: true })
  })

  it('scans a folder, writes anomalies.csv and prints the summary', async () => {
    const io = capture(work)
    const out = join(work, 'out.csv')
    expect(await main(['scan', dir, '--out', out, '--seed', '7'], io)).toBe(0)
    const bytes = readFileSync(out)
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false)
    const text = bytes.toString('utf8')
    expect(text.startsWith(`${HEADER},`)).toBe(true)
    const rows = parse(text) as string[][]
    const lines = io.stdout().trimEnd().split('\n')
    expect(lines[0]).toMatch(/^Scanned 4 files \(2 hosts\), [\d,]+ events in [\d.]+ s \([\d,]+ events\/s\); [\d,]+ lines? unparsed$/)
    expect(lines[1]).toMatch(/^Anomalies: [\d,]+ \(CRITICAL \d+, HIGH \d+, MEDIUM \d+, LOW \d+\)$/)
    expect(lines[2]).toMatch(/^Threats: /)
    expect(lines[3]).toMatch(/^Top users: .* {3}Top source IPs: /)
    // The incidents: a count line, then one line per incident (at most five), strongest first.
    const incidentCount = Number(/^Incidents: (\d+) at MEDIUM or above \(CRITICAL \d+, HIGH \d+, MEDIUM \d+\); the strongest:$/.exec(lines[4])?.[1])
    expect(incidentCount).toBeGreaterThanOrEqual(2)
    const listed = lines.slice(5, -1)
    expect(listed).toHaveLength(Math.min(incidentCount, 5) + (incidentCount > 5 ? 1 : 0))
    expect(listed.some((l) => /^ {2}(CRITICAL|HIGH) +brute_force +/.test(l))).toBe(true)
    expect(lines.at(-1)).toBe(`Wrote ${out} (${rows.length - 1} rows)`)
    expect(rows.length).toBeGreaterThan(1)
    expect(io.stderr()).toBe('')
  })

  it('writes anomalies.csv in the working folder by default, every event with --all, and a JSON report', async () => {
    const io = capture(work)
    expect(await main(['scan', dir, '--all', '--json', 'report.json'], io)).toBe(0)
    const rows = parse(readFileSync(join(work, 'anomalies.csv'), 'utf8')) as string[][]
    // The two lines repeated in the rotated copy are stored once.
    expect(rows.length - 1).toBe(fixtureEventCount())
    const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8'))
    expect(report.findings).toHaveLength(rows.length - 1)
    expect(report.summary.files).toBe(4)
    // Incidents: every finding at LOW or above belongs to exactly one.
    const flagged = report.findings.filter((f: { severity: string }) => f.severity !== 'NONE').length
    expect(report.incidents.reduce((n: number, i: { lines: number }) => n + i.lines, 0)).toBe(flagged)
    expect(report.incidents[0]).toMatchObject({ first_seen: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), severity: expect.stringMatching(/CRITICAL|HIGH/) })
    expect(io.stdout()).toContain('Wrote anomalies.csv (')
  })

  it('writes the HTML report and the Navigator layer with --report and --navigator, counts as the summary and the CSV', async () => {
    const io = capture(work)
    const [out, report, layer] = ['r.csv', 'report.html', 'layer.json'].map((f) => join(work, f))
    expect(await main(['scan', dir, '--out', out, '--seed', '7', '--report', report, '--navigator', layer], io)).toBe(0)
    const rows = (parse(readFileSync(out, 'utf8')) as string[][]).length - 1
    const html = readFileSync(report, 'utf8')
    const card = (label: string): number => Number(html.match(new RegExp(`<span class="dim">${label}</span><b>([\\d,]+)</b>`))?.[1].replace(/,/g, ''))
    expect(card('Events')).toBe(fixtureEventCount())
    expect(card('Findings')).toBe(rows)
    expect(io.stdout()).toContain(`Wrote ${report} (HTML report)`)
    const parsed = JSON.parse(readFileSync(layer, 'utf8'))
    expect(parsed.domain).toBe('enterprise-attack')
    expect(parsed.techniques.some((t: { techniqueID: string }) => t.techniqueID === 'T1110.001')).toBe(true)
  })

  it('is incremental with --db: a second scan reads nothing new and exports the same rows', async () => {
    const db = join(work, 'vigil.sqlite')
    const a = capture(work)
    expect(await main(['scan', dir, '--db', db, '--out', 'a.csv'], a)).toBe(0)
    const b = capture(work)
    expect(await main(['scan', dir, '--db', db, '--out', 'b.csv'], b)).toBe(0)
    expect(readFileSync(join(work, 'b.csv'), 'utf8')).toBe(readFileSync(join(work, 'a.csv'), 'utf8'))
  })

  it('lists unreadable files on stderr and goes on', async () => {
    const withBroken = makeIntegrationFolder()
    symlinkSync(join(withBroken, 'missing-target'), join(withBroken, 'secure'))
    try {
      const io = capture(work)
      expect(await main(['scan', withBroken, '--out', 'broken.csv'], io)).toBe(0)
      expect(io.stderr()).toMatch(/secure/)
      expect(io.stdout()).toMatch(/^Scanned 4 files/)
    } finally {
      rmSync(withBroken, { recursive: true, force: true })
    }
  })

  it('exits 2 with a one-line reason for a missing path or bad arguments', async () => {
    const cases: string[][] = [
      ['scan', join(work, 'no-such-folder')],
      ['scan'],
      ['scan', dir, '--contamination', '7'],
      ['scan', dir, '--detectors', 'iforest,magic'],
      ['scan', dir, '--format', 'xml'],
      ['scan', dir, '--seed', 'abc'],
      ['scan', dir, '--out', join(work, 'no-such-dir', 'x.csv')],
      ['frobnicate'],
    ]
    for (const argv of cases) {
      const io = capture(work)
      expect(await main(argv, io), argv.join(' ')).toBe(2)
      expect(io.stderr().trimEnd().split('\n'), argv.join(' ')).toHaveLength(1)
    }
    expect(existsSync(join(work, 'no-such-dir'))).toBe(false)
  })

  it('exits 2 for a folder without logs, 0 for --version', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vigil-empty-'))
    try {
      const io = capture(work)
      expect(await main(['scan', empty], io)).toBe(2)
      expect(io.stderr()).toMatch(/no log files found/)
      const v = capture(work)
      expect(await main(['--version'], v)).toBe(0)
      expect(v.stdout()).toMatch(/^\d+\.\d+\.\d+\n$/)
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })
})
