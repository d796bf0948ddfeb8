/**
 * Whole JSON documents are read as one stream (no 64 KiB line cut inside them), whatever their
 * layout; records with no usable time and values out of physical range are counted and reported.
 */
import { utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { NormalizedEvent } from '../../../src/shared/event'
import { discoverFiles } from '../../../src/engine/ingest/discoverFiles'
import { DocumentRecords } from '../../../src/engine/parse/json/DocumentRecords'
import { unwrapRecords } from '../../../src/engine/parse/json/unwrap'
import { parseFile, type ParsedFile } from '../../../src/engine/parse/parseFile'
import { JsonDocumentSink } from '../../../src/engine/parse/sinks/JsonDocumentSink'
import { createZoneConverter } from '../../../src/engine/parse/time/zone'
import { useTempDir } from '../ingest/tempDir'

const tempDir = useTempDir()
const MTIME = Date.UTC(2026, 0, 12)
const T0 = Date.UTC(2026, 0, 5, 3, 0)

async function parseNamed(name: string, content: string, streaming = false): Promise<ParsedFile & { streamed: NormalizedEvent[] }> {
  const abs = path.join(tempDir(), name)
  writeFileSync(abs, content)
  utimesSync(abs, new Date(MTIME), new Date(MTIME))
  const { files } = await discoverFiles(abs)
  const streamed: NormalizedEvent[] = []
  const parsed = await parseFile(files[0], { timeZone: 'UTC', ...(streaming ? { onEvents: (evs: NormalizedEvent[]) => void streamed.push(...evs) } : {}) })
  return { ...parsed, streamed }
}

/** Record i of a login log: failures from 203.0.113.x, a success every tenth. */
function login(i: number): Record<string, unknown> {
  return {
    timestamp: new Date(T0 + i * 1000).toISOString(),
    event_type: i % 10 === 9 ? 'login_success' : 'login_failed',
    user: `user${i % 7}`,
    src_ip: `203.0.113.${i % 250}`,
    message: `attempt ${i} ${'x'.repeat(120)}`,
  }
}

function splitRecords(text: string, cut: (text: string) => number[]): unknown[] {
  const out: unknown[] = []
  const reader = new DocumentRecords({ record: (r) => out.push(r) })
  let at = 0
  for (const end of [...cut(text), text.length]) {
    reader.write(text.slice(at, end))
    at = end
  }
  reader.end()
  expect(reader.error).toBeNull()
  return out
}

const whole = (): number[] => []

describe('JSON documents, streamed', () => {
  it('reads a one-line 2,000-record {"events":[...]} document (394 KB, one line) as 2,000 records', async () => {
    const records = Array.from({ length: 2000 }, (_, i) => login(i))
    const text = JSON.stringify({ events: records })
    expect(text.length).toBeGreaterThan(300_000)
    expect(text.includes('\n')).toBe(false)
    for (const streaming of [false, true]) {
      const p = await parseNamed('events.json', text, streaming)
      const events = streaming ? p.streamed : p.events
      expect([p.format, p.lines, p.unparsed, p.truncatedLines, p.problem, events.length]).toEqual(['json', 1, 0, 0, null, 2000])
      expect(events.map((e) => e.source_line)).toEqual(records.map((_, i) => i + 1))
      expect(events[1234]).toMatchObject({ ts: T0 + 1234_000, user: 'user2', src_ip: '203.0.113.234', event: 'auth_failure', outcome: 'failure' })
      expect(events[9]).toMatchObject({ ts: T0 + 9000, user: 'user2', src_ip: '203.0.113.9', event: 'auth_success' })
      expect(events.filter((e) => e.event === 'auth_failure')).toHaveLength(1800)
      expect(JSON.parse(events[1999].raw)).toEqual(records[1999])
    }
  })

  it('finds the records of every layout: arrays, Records, events, logs, hits.hits with _source, concatenated values, a lone record', () => {
    const [a, b] = [login(0), login(1)]
    const layouts: [string, unknown[]][] = [
      [JSON.stringify([a, b], null, 2), [a, b]],
      [JSON.stringify({ Records: [a, b] }), [a, b]],
      [JSON.stringify({ meta: { events: [1] }, events: [a, b], tail: [true] }, null, 4), [a, b]],
      [JSON.stringify({ logs: [a, b] }, null, 1), [a, b]],
      [JSON.stringify({ took: 3, hits: { total: { value: 2 }, hits: [{ _index: 'x', _source: a }, { _index: 'y', _source: b }] } }), [a, b]],
      [`${JSON.stringify(a, null, 2)}\n${JSON.stringify(b, null, 2)}\n`, [a, b]],
      [JSON.stringify(a, null, 2), [a]],
      [JSON.stringify({ events: [] }), []],
      // A record whose own field is called `data`: not a wrapper (6 keys, as unwrap.ts judges).
      [JSON.stringify({ ...a, data: [{ k: 1 }] }), [{ ...a, data: [{ k: 1 }] }]],
      [JSON.stringify({ data: [a, b] }), [a, b]],
    ]
    for (const [text, expected] of layouts) {
      expect(splitRecords(text, whole)).toEqual(expected)
      expect(splitRecords(text, (t) => Array.from({ length: t.length - 1 }, (_, i) => i + 1))).toEqual(expected)
    }
  })

  it('refuses to assemble a record past the bound: the document is then read on line by line', () => {
    const out: unknown[] = []
    const reader = new DocumentRecords({ record: (r) => out.push(r) }, 100)
    reader.write(JSON.stringify([{ a: 1 }, { big: 'y'.repeat(200) }, { b: 2 }]))
    expect(out).toEqual([{ a: 1 }])
    expect(reader.error?.message).toBe('a value of more than 0 MB starting at byte 9')
    expect(reader.resumeOffset).toBe(9)
    const wrapper = new DocumentRecords({ record: (r) => out.push(r) }, 100)
    wrapper.write(JSON.stringify({ meta: { pad: 'z'.repeat(200) }, events: [] }))
    expect(wrapper.error?.message).toBe('a value of more than 0 MB starting at byte 8')
  })

  it('gives the same events for any layout of the same records, cut into any chunks (property)', () => {
    const utc = createZoneConverter('UTC')
    const record = fc.record({
      timestamp: fc.integer({ min: T0, max: T0 + 86_400_000 * 30 }).map((ms) => new Date(ms).toISOString()),
      event_type: fc.constantFrom('login_failed', 'login_success', 'sudo'),
      user: fc.string({ maxLength: 12 }),
      src_ip: fc.ipV4(),
      extra: fc.jsonValue({ maxDepth: 3 }),
    })
    const wrap = fc.constantFrom(
      (rs: unknown[]) => rs,
      (rs: unknown[]) => ({ Records: rs }),
      (rs: unknown[]) => ({ events: rs, count: rs.length }),
      (rs: unknown[]) => ({ logs: rs }),
      (rs: unknown[]) => ({ took: 1, hits: { hits: rs.map((r) => ({ _id: 'i', _source: r })) } }),
    )
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 12 }), wrap, fc.integer({ min: 0, max: 4 }), fc.array(fc.nat(), { maxLength: 8 }), (records, wrapIn, indent, cuts) => {
        const text = JSON.stringify(wrapIn(records), null, indent)
        const at = [...new Set(cuts.map((c) => c % text.length))].sort((x, y) => x - y)
        const collect = (pieces: string[]): NormalizedEvent[] => {
          const out: NormalizedEvent[] = []
          const sink = new JsonDocumentSink({ relPath: 'd.json', hostHint: 'h', referenceMs: MTIME, zone: utc, judgeLog: true, emit: (e) => void out.push(e) })
          for (const p of pieces) sink.write(p)
          sink.finish()
          expect(sink.brokenAtLine).toBeNull()
          return out
        }
        const reference = collect([JSON.stringify(records)])
        const pieces = [0, ...at].map((from, i, all) => text.slice(from, all[i + 1] ?? text.length))
        expect(collect(pieces)).toEqual(reference)
        expect(reference.map((e) => e.source_line)).toEqual(records.map((_, i) => i + 1))
        expect(reference).toHaveLength((unwrapRecords(JSON.parse(text)) ?? []).length)
      }),
      { numRuns: 200, seed: 20261207 },
    )
  })

  it('gives the same events parsed whole (one JSON.parse) as streamed, for any document, wrapper or not (property)', () => {
    const utc = createZoneConverter('UTC')
    const record = fc.record(
      {
        timestamp: fc.integer({ min: T0, max: T0 + 86_400_000 }).map((ms) => new Date(ms).toISOString()),
        event_type: fc.constantFrom('login_failed', 'login_success'),
        user: fc.string({ maxLength: 8 }),
        src_ip: fc.ipV4(),
        extra: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ['event_type'] },
    )
    const member = fc.oneof(fc.array(fc.oneof(record, fc.jsonValue({ maxDepth: 1 })), { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), record)
    const key = fc.constantFrom('Records', 'events', 'logs', 'data', 'items', 'value', 'meta', 'count', '__proto__', '7', 'timestamp')
    const hits = fc.record({ took: fc.nat(), hits: fc.record({ total: fc.nat(), hits: fc.array(fc.oneof(fc.record({ _id: fc.string(), _source: record }), record, fc.jsonValue({ maxDepth: 1 })), { maxLength: 4 }) }) })
    const documentValue: fc.Arbitrary<unknown> = fc.oneof(
      fc.array(fc.oneof(record, fc.jsonValue({ maxDepth: 1 })), { maxLength: 6 }),
      fc.dictionary(key, member, { maxKeys: 7 }),
      hits,
      record,
      fc.jsonValue({ maxDepth: 2 }),
    )
    const events = (pieces: string[], wholeParseMaxChars: number): { events: NormalizedEvent[]; broken: number | null; data: string | null } => {
      const out: NormalizedEvent[] = []
      const sink = new JsonDocumentSink({ relPath: 'd.json', hostHint: 'h', referenceMs: MTIME, zone: utc, judgeLog: true, emit: (e) => void out.push(e) }, wholeParseMaxChars)
      for (const p of pieces) sink.write(p)
      sink.finish()
      return { events: out, broken: sink.brokenAtLine, data: sink.notALog() }
    }
    fc.assert(
      fc.property(fc.array(documentValue, { minLength: 1, maxLength: 2 }), fc.integer({ min: 0, max: 3 }), fc.array(fc.nat(), { maxLength: 6 }), (values, indent, cuts) => {
        // Two values one after another (jq output) are not one JSON value: both paths stream them.
        const text = values.map((v) => JSON.stringify(v, null, indent)).join('\n')
        const at = [...new Set(cuts.map((c) => c % Math.max(text.length, 1)))].sort((x, y) => x - y)
        const pieces = [0, ...at].map((from, i, all) => text.slice(from, all[i + 1] ?? text.length))
        const streamed = events(pieces, 0)
        expect(events(pieces, 1 << 20)).toEqual(streamed)
        expect(streamed.broken).toBeNull()
      }),
      {
        numRuns: 300,
        seed: 20261207,
        // Rare shapes, always tried: a loose wrapper holding a non-object (so the object is one
        // record), and a strict array and hits held after a loose one (restored into `data`).
        examples: [
          [[{ data: [login(0), []] }], 0, []],
          [[{ timestamp: login(3).timestamp, data: [login(0), 1], events: [login(1)], hits: { hits: [login(2)] } }], 2, [5]],
        ],
      },
    )
  })

  it('keeps every record of a wrapper named twice (JSON.parse would keep only the last): such a document streams', () => {
    const utc = createZoneConverter('UTC')
    const read = (text: string, wholeParseMaxChars: number): NormalizedEvent[] => {
      const out: NormalizedEvent[] = []
      const sink = new JsonDocumentSink({ relPath: 'd.json', hostHint: 'h', referenceMs: MTIME, zone: utc, emit: (e) => void out.push(e) }, wholeParseMaxChars)
      sink.write(text)
      sink.finish()
      return out
    }
    const [a, b, c] = [login(0), login(1), login(2)].map((r) => JSON.stringify(r))
    for (const text of [`{"Records":[${a}],"Records":[${b}, ${c}]}`, `{"hits":{"hits":[${a}],\n "hits" : [${b},${c}]}}`]) {
      const whole = read(text, 1 << 20)
      expect(whole.map((e) => e.user)).toEqual(['user0', 'user1', 'user2'])
      expect(whole).toEqual(read(text, 0))
    }
  })

  it('streams a document that outgrows the whole-parse bound mid-way, and still finds a break by its line', () => {
    const utc = createZoneConverter('UTC')
    const good = JSON.stringify([login(0), login(1), login(2)], null, 2).slice(0, -2)
    const doc = `${good},\n  {"timestamp": oops}\n]\n`
    for (const bound of [0, 200, 1 << 20]) {
      const out: NormalizedEvent[] = []
      const sink = new JsonDocumentSink({ relPath: 'd.json', hostHint: 'h', referenceMs: MTIME, zone: utc, judgeLog: true, emit: (e) => void out.push(e) }, bound)
      for (let i = 0; i < doc.length; i += 97) sink.write(doc.slice(i, i + 97))
      sink.finish()
      expect([out.map((e) => e.user), sink.brokenAtLine, sink.recordCount]).toEqual([['user0', 'user1', 'user2'], doc.split('\n').findIndex((l) => l.includes('oops')) + 1, 3])
    }
  })

  it('counts and reports records with no valid time instead of silently giving them a neighbour\'s time', async () => {
    const bad = ['-1', '"garbage"', '1e400', '"10000-01-01T00:00:00Z"', '1e22']
    const lines = [`{"timestamp":"2026-01-05T03:00:00Z","event_type":"login_failed","user":"a","src_ip":"203.0.113.1"}`]
    for (const t of bad) lines.push(`{"timestamp":${t},"event_type":"login_failed","user":"b","src_ip":"203.0.113.2"}`)
    lines.push(`{"event_type":"login_failed","user":"c","src_ip":"203.0.113.3"}`)
    const doc = `[\n${lines.join(',\n')}\n]\n`
    const p = await parseNamed('times.json', doc)
    expect(p.events).toHaveLength(7)
    expect(p.problem).toEqual({ file: 'times.json', code: 'data_errors', message: 'times.json: 6 records with no valid time (each shown at the time of the record before it)' })
    expect(p.events.map((e) => e.ts)).toEqual(Array(7).fill(T0))
    const jsonl = await parseNamed('times.jsonl', `${lines.join('\n')}\n`)
    expect(jsonl.problem?.message).toBe('times.jsonl: 6 records with no valid time (each shown at the time of the record before it)')
  })

  it('keeps out-of-range numbers in raw only and reports them as data errors', async () => {
    const doc = JSON.stringify({
      events: [
        { timestamp: '2026-01-05T03:00:00Z', user: 'dave', src_ip: '203.0.113.5', event_type: 'transfer', bytes: 1.2e29 },
        { timestamp: '2026-01-05T03:01:00Z', user: 'dave', src_ip: '203.0.113.5', event_type: 'transfer', bytes: 5000, src_port: 70000, lat: 91 },
      ],
    })
    const p = await parseNamed('net.json', doc)
    expect(p.events.map((e) => [e.bytes, e.src_port, e.lat])).toEqual([
      [null, null, null],
      [5000, null, null],
    ])
    expect(p.events[0].raw).toContain('1.2e+29')
    expect(p.problem?.code).toBe('data_errors')
    expect(p.problem?.message).toBe('net.json: 3 values out of physical range, a data error kept in raw and not scored (first: bytes 1.2e+29 in record 1)')
  })

  it('keeps what a broken document held: its records, then its remaining lines one by one', async () => {
    const good = JSON.stringify([login(0), login(1)], null, 2).slice(0, -2) // cut before "\n]"
    const doc = `${good},\n  {"timestamp": "2026-01-05T03:00:09Z", "user": oops\n  }\n]\n`
    const p = await parseNamed('broken.json', doc)
    expect(p.events.slice(0, 2).map((e) => e.user)).toEqual(['user0', 'user1'])
    const brokenLine = doc.split('\n').findIndex((l) => l.includes('oops')) + 1
    expect(p.events.slice(2).map((e) => [e.event, e.source_line])).toEqual([
      ['other', brokenLine],
      ['other', brokenLine + 1],
      ['other', brokenLine + 2],
    ])
    expect(p.problem?.code).toBe('corrupt')
    expect(p.problem?.message).toMatch(new RegExp(`^broken\\.json: the JSON document breaks near line ${brokenLine} \\(.+\\); 2 records read before it, the lines from there on read one by one$`))
  })
})
