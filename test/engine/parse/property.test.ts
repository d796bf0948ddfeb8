/**
 * Every parser is total: any string in, one event out (per non-blank line), never a throw, raw kept.
 * Random strings, random JSON, and real-shaped lines mutated at random.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizedEventSchema, type NormalizedEvent } from '../../../src/shared/event'
import type { LogFormat } from '../../../src/shared/sources'
import { discoverFiles } from '../../../src/engine/ingest/discoverFiles'
import { parseFile } from '../../../src/engine/parse/parseFile'
import { parseLines } from '../../../src/engine/parse/parseLines'
import { useTempDir } from '../ingest/tempDir'

const tempDir = useTempDir()
const corpus: string[] = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/parse/auth-corpus.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => (JSON.parse(l) as { line: string }).line)

const isBlank = (s: string): boolean => /^[\s\uFEFF\0]*$/.test(s)

function parseOne(line: string, format: LogFormat): NormalizedEvent[] {
  // CSV rows need their header (in a file it is the first line, which is not an event).
  return parseLines([line], { format, relPath: 'x.log', hostHint: 'h', firstLine: 1, referenceMs: Date.UTC(2026, 0, 12), timeZone: 'UTC', csvHeader: 'timestamp,user,ip,success' })
}

function checkTotal(line: string, format: LogFormat): void {
  const evs = parseOne(line, format)
  if (isBlank(line)) {
    expect(evs).toEqual([])
    return
  }
  expect(evs.length).toBeGreaterThanOrEqual(1)
  for (const ev of evs) {
    const checked = normalizedEventSchema.safeParse(ev)
    expect(checked.success).toBe(true)
    expect(Number.isFinite(ev.ts)).toBe(true)
  }
  // Syslog and JSON lines keep the line itself as raw (JSON wrappers expand into records).
  if (format === 'auth') {
    expect(evs).toHaveLength(1)
    expect(evs[0].raw).toBe(line)
  }
}

/** A real-shaped line changed at random: characters replaced, inserted, deleted, cut, doubled. */
const mutatedLine = fc
  .tuple(
    fc.constantFrom(...corpus),
    fc.array(
      fc.tuple(fc.constantFrom('replace', 'insert', 'delete', 'cut', 'double', 'swapcase'), fc.nat(), fc.string({ unit: 'binary', maxLength: 4 })),
      { maxLength: 5 },
    ),
  )
  .map(([line, edits]) => {
    let s = line
    for (const [op, at, text] of edits) {
      const i = s.length === 0 ? 0 : at % s.length
      if (op === 'replace') s = s.slice(0, i) + text + s.slice(i + text.length)
      else if (op === 'insert') s = s.slice(0, i) + text + s.slice(i)
      else if (op === 'delete') s = s.slice(0, i) + s.slice(i + 1 + (at % 7))
      else if (op === 'cut') s = s.slice(0, i)
      else if (op === 'double') s = s.slice(0, i) + s.slice(i - (at % 20), i) + s.slice(i)
      else s = s.slice(0, i) + s.slice(i).toUpperCase()
    }
    return s.replace(/[\r\n]/g, ' ')
  })

const FORMATS: LogFormat[] = ['auth', 'json', 'csv', 'unknown']

describe('total parsers (property-based)', () => {
  it('any string → one valid event per line, raw kept, no throw (all readers)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(...FORMATS), (raw, format) => {
        checkTotal(raw.replace(/[\r\n]/g, ' '), format)
      }),
      { numRuns: 2000, seed: 7 },
    )
  })

  it('mutated real-shaped auth lines → one valid event, raw kept', () => {
    fc.assert(
      fc.property(mutatedLine, (line) => checkTotal(line, 'auth')),
      { numRuns: 3000, seed: 11 },
    )
  })

  it('random JSON values as JSON lines → valid events, never a throw', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => checkTotal(JSON.stringify(value) ?? 'null', 'json')),
      { numRuns: 1500, seed: 13 },
    )
  })

  it('syslog header fields survive any message text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 86_399 }),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
        fc.stringMatching(/^[a-zA-Z][\w-]{0,15}$/),
        fc.option(fc.integer({ min: 1, max: 4_194_304 }), { nil: null }),
        fc.string({ maxLength: 120 }).map((s) => s.replace(/[\r\n]/g, ' ')),
        (mon, day, secs, host, prog, pid, msg) => {
          const hh = String(Math.floor(secs / 3600)).padStart(2, '0')
          const mm = String(Math.floor((secs % 3600) / 60)).padStart(2, '0')
          const ss = String(secs % 60).padStart(2, '0')
          const line = `${mon} ${String(day).padStart(2, ' ')} ${hh}:${mm}:${ss} ${host} ${prog}${pid === null ? '' : `[${pid}]`}: ${msg}`
          const [ev] = parseOne(line, 'auth')
          expect(ev.raw).toBe(line)
          expect(ev.host).toBe(host)
          expect(ev.program).toBe(prog)
          expect(ev.pid).toBe(pid)
          const d = new Date(ev.ts)
          expect([d.getUTCDate(), d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds()]).toEqual([day, secs])
        },
      ),
      { numRuns: 1000, seed: 17 },
    )
  })

  it('parseFile never throws on random bytes and accounts for every line', async () => {
    const root = tempDir()
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom('auth.log', 'a.jsonl', 'b.csv', 'c.json'), async (bytes, name) => {
        const file = path.join(root, name)
        writeFileSync(file, bytes)
        const { files } = await discoverFiles(file)
        const r = await parseFile(files[0])
        if (r.problem !== null) expect(['binary', 'corrupt', 'not_a_log']).toContain(r.problem.code)
        expect(r.unparsed).toBe(r.events.filter((e) => e.event === 'other').length)
        for (const ev of r.events) expect(normalizedEventSchema.safeParse(ev).success).toBe(true)
      }),
      { numRuns: 150, seed: 19 },
    )
  })
})
