/**
 * Every record shape of the demo's JSON sources (resources/demo-logs/cloud, .../portal) maps to the
 * event kind its type/action says: API calls and file access never become logins.
 */
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { NormalizedEvent } from '../../../src/shared/event'
import type { DiscoveredFile } from '../../../src/engine/ingest/discoverFiles'
import { parseFile } from '../../../src/engine/parse/parseFile'

const demo = path.resolve(import.meta.dirname, '../../../resources/demo-logs')

function discovered(rel: string): DiscoveredFile {
  const absPath = path.join(demo, rel)
  const st = statSync(absPath)
  return { absPath, relPath: rel, size: st.size, mtimeMs: st.mtimeMs, dev: st.dev, ino: st.ino, compressed: false }
}

async function eventsOf(folder: string): Promise<NormalizedEvent[]> {
  const out: NormalizedEvent[] = []
  for (const name of readdirSync(path.join(demo, folder)).sort()) {
    const parsed = await parseFile(discovered(`${folder}/${name}`), { timeZone: 'UTC' })
    expect(parsed.problem).toBeNull()
    expect(parsed.format).toBe('json')
    out.push(...parsed.events)
  }
  return out
}

type Shape = Record<string, unknown>

/** `type/action/outcome` of a record as the test sees it (the raw JSON, not the parser's view). */
function shapeOf(ev: NormalizedEvent): { key: string; record: Shape } {
  const record = JSON.parse(ev.raw) as Shape
  const event = record.event as Shape | undefined
  if (event !== undefined) return { key: `${String(event.category)}/${String(event.type)}/${String(event.action)}/${String(event.outcome)}`, record }
  return { key: `${String(record.event_type)}/${String(record.outcome)}`, record }
}

describe('demo cloud audit (ECS documents)', () => {
  it('maps every category/type/action/outcome combination to its kind', async () => {
    const events = await eventsOf('cloud')
    expect(events.length).toBeGreaterThan(1000)
    const kinds = new Map<string, Set<string>>()
    for (const ev of events) {
      const { key, record } = shapeOf(ev)
      const set = kinds.get(key) ?? new Set()
      set.add(`${ev.event}/${ev.outcome}`)
      kinds.set(key, set)
      expect(ev.user).toBe((record.user as Shape).name)
      expect(ev.src_ip).toBe((record.source as Shape).ip)
      expect(ev.bytes).toBe(((record.source as Shape).bytes as number | undefined) ?? null)
    }
    const expected: Record<string, string> = {}
    for (const action of ['ListBuckets', 'DescribeInstances', 'GetCallerIdentity', 'ListObjectsV2', 'DescribeSecurityGroups', 'GetMetricData', 'GetObject', 'PutObject']) {
      expected[`api/api_call/${action}/success`] = 'api_call/success'
    }
    expected['authentication/login/ConsoleLogin/success'] = 'auth_success/success'
    expected['authentication/login/ConsoleLogin/failure'] = 'auth_failure/failure'
    const actual = Object.fromEntries([...kinds].map(([k, v]) => [k, [...v].join(' | ')]))
    // Every shape found in the files is one the table knows, with exactly the expected kind.
    expect(actual).toEqual(Object.fromEntries(Object.keys(actual).map((k) => [k, expected[k] ?? 'a shape this test does not know'])))
    expect(Object.keys(actual)).toContain('api/api_call/ListBuckets/success')
    expect(Object.keys(actual)).toContain('authentication/login/ConsoleLogin/success')
  })
})

describe('demo portal audit (flat JSON lines)', () => {
  it('maps every event_type/outcome combination to its kind', async () => {
    const events = await eventsOf('portal')
    expect(events.length).toBeGreaterThan(1000)
    const expected: Record<string, string> = {
      'login/success': 'auth_success/success',
      'login/failure': 'auth_failure/failure',
      'logout/success': 'session_close/success',
      'file_access/success': 'file_access/success',
      'api_call/success': 'api_call/success',
      'api_call/failure': 'api_call/failure',
    }
    const seen = new Set<string>()
    for (const ev of events) {
      const { key, record } = shapeOf(ev)
      seen.add(key)
      expect(`${key} → ${ev.event}/${ev.outcome}`).toBe(`${key} → ${expected[key]}`)
      expect(ev.user).toBe(record.user)
      expect(ev.src_ip).toBe(record.src_ip)
      expect(ev.bytes).toBe((record.bytes as number | undefined) ?? (record.bytes_out as number | undefined) ?? null)
      if (record.country !== undefined) expect([ev.country, ev.lat, ev.lon]).toEqual([record.country, record.lat, record.lon])
    }
    expect([...seen].sort()).toEqual(Object.keys(expected).sort())
  })
})
