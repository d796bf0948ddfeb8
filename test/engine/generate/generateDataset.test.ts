import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ATTACK_KINDS } from '../../../src/engine/generate/attackKinds'
import { DatasetWriter } from '../../../src/engine/generate/DatasetWriter'
import { type GenerateResult, generateDataset } from '../../../src/engine/generate/generateDataset'
import { labelsOf, linesOf } from './readGenerated'

const tmp = mkdtempSync(join(tmpdir(), 'vigil-gen-'))
const OPTIONS = { events: 12_000, seed: 3, hosts: 3, days: 7 }
let first: GenerateResult
let dirA: string

function digest(root: string, files: readonly string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, createHash('sha256').update(readFileSync(join(root, f))).digest('hex')]))
}

beforeAll(async () => {
  dirA = join(tmp, 'a')
  first = await generateDataset({ outDir: dirA, ...OPTIONS })
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('generateDataset', () => {
  it('is deterministic: the same seed writes the same bytes, another seed does not', async () => {
    const again = await generateDataset({ outDir: join(tmp, 'b'), ...OPTIONS })
    expect(again.files).toEqual(first.files)
    expect(digest(join(tmp, 'b'), again.files)).toEqual(digest(dirA, first.files))
    const other = await generateDataset({ outDir: join(tmp, 'c'), ...OPTIONS, seed: 4 })
    expect(digest(join(tmp, 'c'), other.files)['labels.csv']).not.toEqual(digest(dirA, first.files)['labels.csv'])
  })

  it('writes the folder layout: rotated and compressed auth.log per host, portal JSON lines, daily cloud documents', () => {
    for (const host of ['bastion-01', 'web-01', 'db-01']) {
      expect(first.files).toEqual(expect.arrayContaining([`${host}/auth.log`, `${host}/auth.log.1`, `${host}/auth.log.2.gz`, `${host}/auth.log.3.gz`]))
    }
    expect(first.files).toContain('portal/audit.jsonl')
    expect(first.files.filter((f) => /^cloud\/audit-\d{4}-\d{2}-\d{2}\.json$/.test(f))).toHaveLength(7)
    expect(first.files).toContain('labels.csv')
    expect(first.hosts).toEqual(['bastion-01', 'web-01', 'db-01'])
  })

  it('honours the requested size approximately and counts what it wrote', () => {
    expect(first.events).toBeGreaterThan(OPTIONS.events * 0.95)
    expect(first.events).toBeLessThan(OPTIONS.events * 1.05)
    const written = first.files.filter((f) => f !== 'labels.csv').reduce((n, f) => n + linesOf(dirA, f).length, 0)
    expect(written).toBe(first.events)
  })

  it('uses RFC 3164 timestamps on legacy hosts and rsyslog ISO 8601 on modern ones, in time order', () => {
    const legacy = linesOf(dirA, 'bastion-01/auth.log.1')
    const modern = linesOf(dirA, 'web-01/auth.log.1')
    for (const l of legacy) expect(l).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d bastion-01 [\w-]+(\[\d+\])?: /)
    for (const l of modern) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00 web-01 [\w-]+(\[\d+\])?: /)
    const times = modern.map((l) => Date.parse(l.slice(0, 32)))
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1])
  })

  it('sets each file mtime to just after its last line (RFC 3164 year inference relies on it)', () => {
    const lines = linesOf(dirA, 'web-01/auth.log.2.gz')
    const last = Date.parse(lines[lines.length - 1].slice(0, 32))
    const mtime = statSync(join(dirA, 'web-01/auth.log.2.gz')).mtimeMs
    expect(mtime).toBeGreaterThan(last)
    expect(mtime - last).toBeLessThanOrEqual(2000)
    expect(new Date(mtime).getUTCFullYear()).toBe(2026)
  })

  it('injects every attack kind, each episode labeled, after the baseline days', () => {
    const labels = labelsOf(dirA)
    expect(new Set(labels.map((l) => l.attack))).toEqual(new Set(ATTACK_KINDS))
    expect(first.episodes.map((e) => e.attack).sort()).toEqual([...ATTACK_KINDS].sort())
    expect(labels).toHaveLength(first.labeledLines)
    const baselineEnd = first.startMs + 3 * 86_400_000
    for (const e of first.episodes) {
      expect(e.startMs).toBeGreaterThanOrEqual(baselineEnd)
      expect(e.endMs).toBeLessThan(first.endMs)
      expect(e.lines).toBe(labels.filter((l) => l.episode === e.episode).length)
    }
  })

  it('labels point at lines that exist and show the attack', () => {
    const byKind = new Map<string, string[]>()
    for (const l of labelsOf(dirA)) {
      const lines = linesOf(dirA, l.file)
      expect(l.line).toBeGreaterThanOrEqual(1)
      expect(l.line).toBeLessThanOrEqual(lines.length)
      const list = byKind.get(l.attack) ?? []
      list.push(lines[l.line - 1])
      byKind.set(l.attack, list)
    }
    const share = (kind: string, re: RegExp): number => byKind.get(kind)!.filter((x) => re.test(x)).length / byKind.get(kind)!.length
    expect(share('brute_force', /sshd\[\d+\]: /)).toBe(1)
    expect(byKind.get('brute_force')!.filter((x) => /Failed password for (invalid user )?\S+ from /.test(x)).length).toBeGreaterThan(150)
    expect(share('user_enumeration', /[Ii]nvalid user|check pass; user unknown|authentication failure|Connection closed|Received disconnect|Disconnecting/)).toBe(1)
    expect(byKind.get('user_enumeration')!.filter((x) => /Invalid user /.test(x)).length).toBeGreaterThanOrEqual(40)
    expect(byKind.get('credential_compromise')!.some((x) => /Accepted password for /.test(x))).toBe(true)
    expect(byKind.get('credential_compromise')!.some((x) => /Failed password for /.test(x))).toBe(true)
    expect(byKind.get('privileged_login')!.some((x) => /Accepted \w+ for /.test(x))).toBe(true)
    expect(byKind.get('privilege_escalation')!.some((x) => /user NOT in sudoers|incorrect password attempts/.test(x))).toBe(true)
    expect(byKind.get('privilege_escalation')!.some((x) => /FAILED SU \(to root\)/.test(x))).toBe(true)
    expect(byKind.get('privilege_escalation')!.some((x) => /su\[\d+\]: \(to root\)/.test(x))).toBe(true)
    expect(byKind.get('persistence')!.some((x) => /usermod\[\d+\]: add '[\w-]+' to group 'sudo'/.test(x))).toBe(true)
    expect(byKind.get('persistence')!.some((x) => /authorized_keys/.test(x))).toBe(true)
    expect(byKind.get('lateral_movement')!.some((x) => /Accepted \w+ for \w+ from 10\.0\.1\.\d+ /.test(x))).toBe(true)
    expect(byKind.get('log_tampering')!.some((x) => /COMMAND=.*(\/var\/log|history -c|bash_history|rsyslog)/.test(x))).toBe(true)
    const travel = byKind.get('impossible_travel')!.map((x) => JSON.parse(x))
    expect(travel.some((r) => r.country ?? r.source?.geo?.country_iso_code)).toBe(true)
    const exfil = byKind.get('data_exfiltration')!.map((x) => JSON.parse(x))
    expect(exfil.filter((r) => (r.bytes ?? r.source?.bytes ?? 0) > 1_000_000).length).toBeGreaterThanOrEqual(20)
    expect(share('password_spraying', /Failed password|authentication failure|"outcome":"failure"|Invalid user|check pass|Connection closed|Received disconnect|input_userauth|PAM \d more|ignoring max/)).toBe(1)
  })

  it('writes cloud documents as {"events": [...]} and portal records as JSON lines', () => {
    const doc = JSON.parse(readFileSync(join(dirA, first.files.find((f) => f.startsWith('cloud/'))!), 'utf8'))
    expect(Array.isArray(doc.events)).toBe(true)
    expect(doc.events[0]['@timestamp']).toMatch(/^2026-\d\d-\d\dT/)
    const portal = linesOf(dirA, 'portal/audit.jsonl').map((l) => JSON.parse(l))
    const kinds = new Set(portal.map((r) => r.event_type))
    expect(kinds).toEqual(new Set(['login', 'logout', 'file_access', 'api_call']))
    const login = portal.find((r) => r.event_type === 'login')
    expect(login).toMatchObject({ user: expect.any(String), src_ip: expect.any(String), country: expect.any(String), lat: expect.any(Number), lon: expect.any(Number) })
  })

  it('works for one host and one day (no lateral movement without a third host)', async () => {
    const r = await generateDataset({ outDir: join(tmp, 'tiny'), events: 3_000, seed: 1, hosts: 1, days: 1 })
    const kinds = new Set(labelsOf(join(tmp, 'tiny')).map((l) => l.attack))
    expect(kinds).toEqual(new Set(ATTACK_KINDS.filter((k) => k !== 'lateral_movement')))
    // Two hosts allow one hop only, which is no walk; three hosts are walked whole.
    await generateDataset({ outDir: join(tmp, 'two'), events: 3_000, seed: 1, hosts: 2, days: 2 })
    expect(labelsOf(join(tmp, 'two')).some((l) => l.attack === 'lateral_movement')).toBe(false)
    await generateDataset({ outDir: join(tmp, 'three'), events: 3_000, seed: 1, hosts: 3, days: 2 })
    const hops = labelsOf(join(tmp, 'three')).filter((l) => l.attack === 'lateral_movement')
    expect(new Set(hops.map((l) => l.file.split('/')[0])).size).toBe(2)
    expect(r.files.filter((f) => f.startsWith('bastion-01/'))).toEqual(['bastion-01/auth.log'])
    for (const e of r.episodes) expect(e.endMs).toBeLessThan(r.endMs)
  })

  it('opens no file before its folder exists (an early labels stream failed now and then, and hung)', async () => {
    const dir = join(tmp, 'later', 'deep')
    const writer = new DatasetWriter(dir, [], Date.UTC(2026, 2, 2), 1)
    await new Promise((r) => setTimeout(r, 50))
    expect(existsSync(dir)).toBe(false)
    await writer.init()
    expect((await writer.close()).files).toEqual(['labels.csv'])
    expect(readFileSync(join(dir, 'labels.csv'), 'utf8')).toBe('file,line,attack,episode\n')
  })

  it('puts extra invalid user names into a failed SSH login, verbatim', async () => {
    const names = ['=HYPERLINK("http://x","y")', '<img src=x onerror=alert(1)>']
    const r = await generateDataset({ outDir: join(tmp, 'hostile'), ...OPTIONS, events: 5_000, extraInvalidUsers: names, labelsFile: '.labels.csv' })
    expect(r.files).toContain('.labels.csv')
    const all = r.files.filter((f) => f.includes('auth.log')).flatMap((f) => linesOf(join(tmp, 'hostile'), f))
    for (const name of names) {
      expect(all.some((l) => l.includes(`Failed password for invalid user ${name} from `))).toBe(true)
      expect(all.some((l) => l.includes(`Invalid user ${name} from `))).toBe(true)
    }
  })
})

describe('generateDataset cancellation', () => {
  it('stops when the signal aborts, leaving closed files whose labels point at written lines', async () => {
    const controller = new AbortController()
    const dir = join(tmp, 'cancel')
    const r = await generateDataset({ outDir: dir, ...OPTIONS, onProgress: (d) => d === 4 && controller.abort(), signal: controller.signal })
    expect(r.cancelled).toBe(true)
    expect(r.events).toBeLessThan(OPTIONS.events)
    const written = r.files.filter((f) => f !== 'labels.csv').reduce((n, f) => n + linesOf(dir, f).length, 0)
    expect(written).toBe(r.events)
    for (const l of labelsOf(dir)) expect(l.line).toBeLessThanOrEqual(linesOf(dir, l.file).length)
  })
})
