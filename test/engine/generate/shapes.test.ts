/**
 * Shapes: the default folder is what it always was; the others vary fleet, span and calendar,
 * attack sizes, the reach of lateral movement, benign habits that look like attacks, and the day
 * attacks start.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type GenerateResult, generateDataset } from '../../../src/engine/generate/generateDataset'
import { type ShapeName, parseStartDate, shapeOptions } from '../../../src/engine/generate/shapes'
import { habitualOrigin } from '../../../src/engine/generate/habits'
import { country } from '../../../src/engine/generate/geo'
import { Random } from '../../../src/engine/generate/sampling'
import { NO_VARIETY, buildWorld } from '../../../src/engine/generate/world'
import { labelsOf, linesOf } from './readGenerated'

const tmp = mkdtempSync(join(tmpdir(), 'vigil-shapes-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

let n = 0
async function generate(shape: ShapeName, events: number, seed: number, over: { hosts?: number; days?: number } = {}): Promise<{ dir: string; r: GenerateResult }> {
  const dir = join(tmp, `${shape}-${seed}-${n++}`)
  return { dir, r: await generateDataset({ outDir: dir, ...shapeOptions({ shape, events, seed, ...over }) }) }
}

const DAY = 86_400_000

describe('shapes', () => {
  it('keeps the default folder byte for byte (seed 42): the shape adds nothing to it', async () => {
    expect(shapeOptions({ shape: 'default', events: 5000, seed: 42 })).toEqual({ events: 5000, seed: 42, hosts: 4, days: 14, variety: NO_VARIETY })
    const { dir, r } = await generate('default', 5000, 42)
    const hash = createHash('sha256')
    for (const f of r.files) hash.update(f).update(readFileSync(join(dir, f)))
    // Recorded from the generator before shapes existed.
    expect(hash.digest('hex')).toBe(GOLDEN_DEFAULT_5000_SEED_42)
  })

  it('reads a start date only when it is a real calendar day', () => {
    expect(parseStartDate('2026-12-22')).toBe(Date.UTC(2026, 11, 22))
    expect(parseStartDate('2026-02-30')).toBeNull()
    expect(parseStartDate('22.12.2026')).toBeNull()
    expect(shapeOptions({ shape: 'fleet3', events: 1000, seed: 1, days: 9 })).toMatchObject({ hosts: 3, days: 9, startMs: Date.UTC(2026, 11, 22) })
  })

  it('fleet3 spans Christmas and New Year: syslog lines without a year, and fewer people at work on the holidays', async () => {
    const { dir, r } = await generate('fleet3', 20_000, 1)
    expect(r.hosts).toEqual(['bastion-01', 'web-01', 'db-01'])
    expect(new Date(r.startMs).toISOString().slice(0, 10)).toBe('2026-12-22')
    expect(new Date(r.endMs).toISOString().slice(0, 10)).toBe('2027-01-07')
    // Human logins (not cron, ansible, backup or CI) per day on the bastion: a holiday is quiet.
    const bastion = r.files.filter((f) => f.startsWith('bastion-01/')).flatMap((f) => linesOf(dir, f))
    const human = (day: string): number => bastion.filter((l) => l.startsWith(day) && / Accepted \w+ for (?!root|ansible|backup|deploy)/.test(l)).length
    expect(human('Dec 25')).toBeLessThan(human('Dec 22') / 3)
    expect(human('Dec 22')).toBeGreaterThan(8)
    expect(bastion.some((l) => l.startsWith('Jan  5'))).toBe(true)
  })

  it('varies attack sizes from tiny to huge across seeds', async () => {
    const sizes: number[] = []
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { r } = await generate('varied', 8000, seed, { days: 9 })
      sizes.push(r.episodes.find((e) => e.attack === 'brute_force')!.lines)
    }
    expect(Math.min(...sizes)).toBeLessThan(120)
    expect(Math.max(...sizes)).toBeGreaterThan(1500)
  })

  it('moves laterally across both hosts of a two-host fleet, and starts attacks on day one when asked', async () => {
    const two = await generate('fleet2', 8000, 2, { days: 9 })
    const lateral = two.r.episodes.find((e) => e.attack === 'lateral_movement')
    expect(lateral?.targets.sort()).toEqual(['bastion-01', 'web-01'])
    const first = await generate('dayone', 8000, 2, { days: 9 })
    expect(Math.min(...first.r.episodes.map((e) => e.startMs))).toBeLessThan(first.r.startMs + 2 * DAY)
  })

  it('has habits that look like attacks: admins walking hosts from the bastion, night shifts, a traveller on the company VPN', async () => {
    const { dir, r } = await generate('varied', 20_000, 1)
    const labeled = new Set(labelsOf(dir).map((l) => `${l.file}:${l.line}`))
    // An admin enters at least three hosts from the bastion's address within minutes, unlabeled.
    const fromBastion = new Map<string, Set<string>>()
    for (const host of r.hosts.slice(1)) {
      for (const file of ['auth.log', 'auth.log.1']) {
        linesOf(dir, `${host}/${file}`).forEach((l, i) => {
          const m = / Accepted \w+ for (\S+) from 10\.0\.1\.10 /.exec(l)
          if (m && !labeled.has(`${host}/${file}:${i + 1}`)) fromBastion.set(m[1], (fromBastion.get(m[1]) ?? new Set()).add(host))
        })
      }
    }
    expect(Math.max(...[...fromBastion.values()].map((s) => s.size))).toBeGreaterThanOrEqual(3)
    // Someone logs in over SSH at night, unlabeled, on many nights: a shift.
    const nights = new Set<string>()
    for (const host of r.hosts) {
      linesOf(dir, `${host}/auth.log.1`).forEach((l, i) => {
        const m = /^(\w{3} [ \d]\d|\d{4}-\d\d-\d\d)[ T](0[0-4]):\d\d.* Accepted \w+ for (?!root|ansible|backup)(\S+)/.exec(l)
        if (m && !labeled.has(`${host}/auth.log.1:${i + 1}`)) nights.add(`${m[3]} ${m[1]}`)
      })
    }
    expect(nights.size).toBeGreaterThanOrEqual(3)
    // The traveller: one day, portal logins from the office's public address and from a far country.
    // (The impossible-travel attacks, labeled, are left out: they are not the traveller.)
    const logins = linesOf(dir, 'portal/audit.jsonl')
      .map((l) => JSON.parse(l) as { timestamp: string; event_type: string; user: string; src_ip: string; country: string; outcome: string })
      .filter((e, i) => e.event_type === 'login' && e.outcome === 'success' && !labeled.has(`portal/audit.jsonl:${i + 1}`))
    const byUserDay = new Map<string, Set<string>>()
    for (const e of logins) {
      const k = `${e.user} ${e.timestamp.slice(0, 10)}`
      byUserDay.set(k, (byUserDay.get(k) ?? new Set()).add(e.country))
    }
    const far = new Set(['BR', 'AU', 'JP', 'SG', 'ZA', 'KR', 'US'])
    expect([...byUserDay.values()].some((c) => c.has('DE') && [...c].some((x) => far.has(x)))).toBe(true)
    // Flights take time: between a login from the traveller's own addresses at home and one from
    // the hotel (either way) lie at least 10 hours; only the company VPN (the office's address) is used in between.
    const traveller = logins.find((e) => far.has(e.country))!.user
    const own = logins.filter((e) => e.user === traveller && e.src_ip !== '217.229.18.34').sort((a, b) => a.timestamp.localeCompare(b.timestamp))
    for (let i = 1; i < own.length; i++) {
      if (far.has(own[i].country) === far.has(own[i - 1].country)) continue
      expect(Date.parse(own[i].timestamp) - Date.parse(own[i - 1].timestamp)).toBeGreaterThanOrEqual(10 * 3_600_000)
    }
  })
})

describe('a traveller', () => {
  it('flies: from 2 hours before leaving until 14 hours after, and around the return, only the company VPN is used', () => {
    const world = buildWorld(new Random(1), { seed: 1, events: 10_000, hosts: 2, days: 10 })
    const user = world.users[5]
    const za = country('ZA')
    user.trip = { from: 3, to: 6, ip: '41.13.240.4', country: za, point: { lat: za.lat, lon: za.lon } }
    const at = (day: number, hours: number): string[] => {
      const rng = new Random(7)
      return Array.from({ length: 40 }, () => habitualOrigin(world, rng, user, world.startMs + day * DAY + hours * 3_600_000)?.ip ?? 'usual')
    }
    const office = world.officeEgress
    expect(new Set(at(2, 21))).toEqual(new Set(['usual']))
    expect(new Set([...at(2, 23), ...at(3, 13.9), ...at(5, 22.5), ...at(6, 13.9)])).toEqual(new Set([office]))
    expect(new Set(at(4, 12))).toEqual(new Set([office, '41.13.240.4']))
    expect(new Set(at(6, 14.1))).toEqual(new Set(['usual']))
  })
})

const GOLDEN_DEFAULT_5000_SEED_42 = 'd12d5a8722cd79d78dc8098621e78a2a410f4e4df97842beaed32b48997bd59b'
