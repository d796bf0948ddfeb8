/**
 * The fixture corpus (test/fixtures/parse/auth-corpus.jsonl): one real-shaped line per message kind
 * of issue 3, each with the fields it must yield. Every listed field is checked exactly; host,
 * raw and source_line are checked for all.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { normalizedEventSchema } from '../../../src/shared/event'
import { parseLines } from '../../../src/engine/parse/parseLines'

interface CorpusRow {
  kind: string
  line: string
  expect: Record<string, unknown>
}

const corpusPath = path.resolve(import.meta.dirname, '../../fixtures/parse/auth-corpus.jsonl')
const rows: CorpusRow[] = readFileSync(corpusPath, 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as CorpusRow)

// Reference time: a week after the lines (Jan 5): year 2026.
const referenceMs = Date.UTC(2026, 0, 12)

describe('auth corpus: one line per message kind', () => {
  it('holds a line for every kind (and no duplicates)', () => {
    expect(rows.length).toBeGreaterThanOrEqual(190)
    expect(new Set(rows.map((r) => r.kind)).size).toBe(rows.length)
  })

  it.each(rows.map((r) => [r.kind, r] as const))('%s', (_kind, row) => {
    const events = parseLines([row.line], { format: 'auth', relPath: 'auth.log', hostHint: 'fallback', firstLine: 7, referenceMs, timeZone: 'UTC' })
    expect(events).toHaveLength(1)
    const ev = events[0]
    expect(normalizedEventSchema.safeParse(ev).success).toBe(true)
    expect(ev.raw).toBe(row.line)
    expect(ev.source_line).toBe(7)
    if (!('host' in row.expect)) expect(ev.host).toBe('web-01')
    const { ts, ...fields } = row.expect
    const actual: Record<string, unknown> = {}
    for (const key of Object.keys(fields)) actual[key] = (ev as Record<string, unknown>)[key]
    expect(actual).toEqual(fields)
    if (typeof ts === 'string') expect(new Date(ev.ts).toISOString()).toBe(ts)
    else expect(new Date(ev.ts).toISOString()).toBe('2026-01-05T03:12:00.000Z')
  })
})
