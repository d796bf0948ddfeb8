/**
 * The bundled demo, as a newcomer runs it (`vigil scan resources/demo-logs`): every attack kind of
 * its labels is found at MEDIUM or above, every line is stored — on a machine in another time zone,
 * in another year, after a checkout that gave every file a new modification time. The folder's
 * `.vigil.json` (UTC, collected 2026-03-30) is what makes that so.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO, VIGIL_BIN, ensureCliBuilt } from '../durability/cliBuild'

const DEMO = join(REPO, 'resources/demo-logs')
const SEVERE = new Set(['MEDIUM', 'HIGH', 'CRITICAL'])

function touchAll(dir: string, when: Date): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) touchAll(p, when)
    else utimesSync(p, when, when)
  }
}

function lineCount(dir: string): number {
  let n = 0
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || name.endsWith('.md')) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) n += lineCount(p)
    else if (name.endsWith('.json')) n += (JSON.parse(readFileSync(p, 'utf8')) as { events: unknown[] }).events.length
    else {
      const bytes = readFileSync(p)
      n += (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').split('\n').filter((l) => l !== '').length
    }
  }
  return n
}

describe('the demo logs', () => {
  let work: string
  beforeAll(() => {
    ensureCliBuilt()
    work = mkdtempSync(join(tmpdir(), 'vigil-demo-'))
    cpSync(DEMO, join(work, 'demo-logs'), { recursive: true })
    touchAll(join(work, 'demo-logs'), new Date('2027-05-01T12:00:00Z'))
  })
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it.each(['UTC', 'America/Los_Angeles', 'Asia/Tokyo'])('in %s, a year later: every attack kind at MEDIUM+, every line stored', (tz) => {
    const out = join(work, `anomalies-${tz.replace('/', '_')}.csv`)
    const res = spawnSync(process.execPath, [VIGIL_BIN, 'scan', join(work, 'demo-logs'), '--all', '--out', out], { encoding: 'utf8', env: { ...process.env, TZ: tz } })
    expect(res.status, res.stderr).toBe(0)
    const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(lineCount(join(work, 'demo-logs')))
    expect(new Set(rows.map((r) => r.timestamp.slice(0, 7)))).toEqual(new Set(['2026-03']))

    const labels = parse(readFileSync(join(DEMO, '.labels.csv')), { columns: true }) as { file: string; line: string; attack: string }[]
    const severity = new Map(rows.map((r) => [`${r.source_file}:${r.source_line}`, r.severity]))
    const kinds = new Set(labels.map((l) => l.attack))
    const found = new Set(labels.filter((l) => SEVERE.has(severity.get(`${l.file}:${l.line}`) ?? '')).map((l) => l.attack))
    expect(kinds.size).toBe(11)
    expect([...kinds].filter((k) => !found.has(k))).toEqual([])
  }, 60_000)
})
