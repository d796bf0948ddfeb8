import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { Store, type FileState, type KeyedEvent } from '../../../src/engine/store/Store'
import { RowPacker, unpackRows } from '../../../src/engine/store/packedRows'
import { ROWS_PER_MESSAGE } from '../../../src/engine/store/writerThread'
import { makeEvent, makeScore } from './makeEvent'

const fileState = (sourceId: number, relPath: string, lines: number): FileState => ({
  sourceId, relPath, dev: 1, ino: lines, size: 100, mtimeMs: 1000, offset: 100, compressed: false, format: 'auth',
  lines, events: lines, unparsed: 0, lastEventTs: null, status: 'scanned', message: null, csvHeader: null,
})

const keyed = (n: number, prefix: string, file = 'auth.log'): KeyedEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `${prefix}${i}`,
    event: makeEvent({ source_file: file, source_line: i + 1, ts: Date.UTC(2025, 2, 1, 12, 0, i), user: i % 3 ? `u${i % 7}` : null, raw: `line ${i} é ✓ 'quoted'` }),
  }))

/** Everything a scan leaves in a store, read back whole. */
function contents(s: Store): unknown {
  const db = s['db']
  return {
    events: s.allEvents(),
    files: s.files().map(({ id, ...f }) => ({ id, ...f })),
    findings: s.findings('NONE'),
    settings: db.prepare("SELECT key, value FROM settings WHERE key NOT LIKE 'store.%' ORDER BY key").all(),
    pending: db.prepare('SELECT event_id FROM findings_text_pending ORDER BY event_id').all(),
  }
}

describe('a scratch store loads on its writer thread (writerThread.ts)', () => {
  const stores: Store[] = []
  afterEach(() => {
    for (const s of stores.splice(0)) s.close()
  })

  /** The same first scan into a store that writes on this connection and into a scratch store. */
  function load(s: Store): { inserted: unknown[]; observed: number[]; inSpan: unknown[] } {
    stores.push(s)
    const src = s.addSource('/logs', 1)
    s.markFileProblem(src, 'secure', 'unreadable', 'permission denied')
    const observed: number[] = []
    expect(s.beginBulkLoad((_, id) => observed.push(id))).toBe(true)
    const a = keyed(150, 'a')
    // The second file repeats 40 keys of the first (an overlapping rotated copy): the thread confirms them.
    const b = [...keyed(60, 'b', 'auth.log.1'), ...a.slice(10, 50)]
    const inserted = [s.commitFile(fileState(src, 'auth.log', 150), a), s.commitFile(fileState(src, 'auth.log.1', 100), b)]
    // A file read in batches in one span, with a setting written and read back inside it.
    s.beginSpan()
    inserted.push(s.commitFile(fileState(src, 'big.log', 0), keyed(70, 'c', 'big.log')))
    s.setSetting('ingest.fingerprint.1:9', { len: 9, hash: 'x' })
    expect(s.getSetting('ingest.fingerprint.1:9')).toEqual({ len: 9, hash: 'x' })
    inserted.push(s.commitFile(fileState(src, 'big.log', 140), keyed(70, 'd', 'big.log')))
    // What a scan asks inside a span (commit groups span many files) reads what was written in it.
    s.markFileProblem(src, 'messages', 'skipped', 'not a log')
    const big = s.file(src, 'big.log')
    if (big === undefined) throw new Error('big.log not stored')
    s.setFileStatus(big.id, 'watching', null)
    const inSpan = [s.file(src, 'big.log'), s.file(src, 'messages'), s.files(src).map((f) => [f.relPath, f.status, f.lines])]
    s.commitSpan()
    // The problem file read after all: it keeps its row (and id).
    inserted.push(s.commitFile(fileState(src, 'secure', 5), keyed(5, 'e', 'secure')))
    const ids = new Float64Array(observed)
    const model = s.reserveModel(5)
    s.writeScoreList(ids, observed.map((id) => makeScore(id % 9 === 0 ? 0.9 : 0.1)), 'v17', model, true)
    s.finishBulkLoad()
    return { inserted, observed, inSpan }
  }

  it('stores the same events, files, scores and settings under the same ids as the same connection does', () => {
    const plain = load(Store.open(':memory:'))
    const threaded = load(Store.openScratch())
    expect(threaded).toEqual(plain)
    expect(plain.observed).toHaveLength(150 + 60 + 140 + 5)
    const [p, t] = stores
    expect(t.scratchFile).not.toBeNull()
    expect(contents(t)).toEqual(contents(p))
    expect(t.files().find((f) => f.relPath === 'secure')).toMatchObject({ status: 'scanned', events: 5 })
    expect(threaded.inSpan[2]).toEqual([['auth.log', 'scanned', 150], ['auth.log.1', 'scanned', 100], ['big.log', 'watching', 140], ['messages', 'skipped', 0], ['secure', 'unreadable', 0]])
    expect(t.findings('LOW')).toHaveLength(plain.observed.filter((id) => id % 9 === 0).length)
  })

  it('keeps an index of the findings alone while its indexes are pending: the summary and the export read it; built indexes replace it', () => {
    const s = Store.openScratch()
    stores.push(s)
    const src = s.addSource('/logs', 1)
    s.beginBulkLoad()
    const { inserted } = s.commitFile(fileState(src, 'auth.log', 200), keyed(200, 'a'))
    const ids = inserted.map((i) => i.id)
    // Ids 50, 100, 150, 200 CRITICAL; 20, 40, 60, 80, 120, 140, 160, 180 MEDIUM; the other 188 NONE.
    s.writeScoreList(ids, ids.map((id) => makeScore(id % 50 === 0 ? 0.95 : id % 20 === 0 ? 0.7 : 0.2)), 'v17', null, true)
    s.finishBulkLoad(false)
    const db = s['db']
    const names = (): string[] => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'scores' AND sql IS NOT NULL").pluck().all() as string[])
    expect(names()).toEqual(['pending_findings'])
    expect(db.prepare('SELECT COUNT(*) FROM scores INDEXED BY pending_findings WHERE severity_rank >= 1').pluck().get()).toBe(12)
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT severity, COUNT(*) FROM scores WHERE severity_rank >= 1 GROUP BY severity').all() as { detail: string }[]
    expect(plan.map((r) => r.detail).join(' ')).toContain('pending_findings')
    expect(s.stats().findings).toEqual({ LOW: 0, MEDIUM: 8, HIGH: 0, CRITICAL: 4 })
    expect(s.findings('LOW').map((f) => f.id)).toEqual([50, 100, 150, 200, 20, 40, 60, 80, 120, 140, 160, 180])
    // The store used on: a write builds the real indexes, and the findings' own goes.
    s.commitFile(fileState(src, 'other.log', 1), keyed(1, 'b', 'other.log'))
    expect(names()).not.toContain('pending_findings')
    expect(names()).toContain('scores_severity')
  })

  it('posts a big commit and a big score list in chunks of ROWS_PER_MESSAGE rows, with the same result', () => {
    const n = ROWS_PER_MESSAGE * 2 + 5
    const results = [Store.open(':memory:'), Store.openScratch()].map((s) => {
      stores.push(s)
      const src = s.addSource('/logs', 1)
      s.beginBulkLoad()
      const { inserted } = s.commitFile(fileState(src, 'auth.log', n), keyed(n, 'a'))
      const ids = inserted.map((i) => i.id)
      s.writeScoreList(ids, ids.map((id) => makeScore(id % 1000 === 0 ? 0.95 : 0.2)), 'v17', null, true)
      s.finishBulkLoad(false)
      return { inserted: inserted.length, last: inserted[n - 1], stats: s.stats(), pending: s.findingsTextPending() }
    })
    expect(results[1]).toEqual(results[0])
    // Ids 1000, 2000, ... are the CRITICAL ones.
    const critical = Math.floor(n / 1000)
    expect(results[0]).toMatchObject({ inserted: n, last: { id: n, index: n - 1 }, pending: critical })
    expect(results[0].stats.findings.CRITICAL).toBe(critical)
  })

  it('undoes a span and the settings written in it, and reads on after it', () => {
    const s = Store.openScratch()
    stores.push(s)
    const src = s.addSource('/logs', 1)
    s.setSetting('kept', 1)
    s.beginBulkLoad()
    s.commitFile(fileState(src, 'auth.log', 3), keyed(3, 'a'))
    s.beginSpan()
    s.commitFile(fileState(src, 'big.log', 4), keyed(4, 'b', 'big.log'))
    s.setSetting('kept', 2)
    s.setSetting('dropped', true)
    s.rollbackSpan()
    expect(s.getSetting('kept')).toBe(1)
    expect(s.getSetting('dropped')).toBeUndefined()
    expect(s.eventCount()).toBe(3)
    s.finishBulkLoad()
    expect(s.file(src, 'big.log')).toBeUndefined()
    expect(s.getSetting('kept')).toBe(1)
  })

  it('reports a failed write at the next call', () => {
    const s = Store.openScratch()
    stores.push(s)
    const src = s.addSource('/logs', 1)
    s.beginBulkLoad()
    s.commitFile(fileState(src, 'auth.log', 2), keyed(2, 'a'))
    // A score for an event id that was never given breaks no constraint (foreign keys are off in a
    // bulk load); a raw NULL does: scores.score is NOT NULL.
    s.writeScoreList([1], [makeScore(Number.NaN)], 'v17', null, true)
    expect(() => s.eventCount()).toThrow(/storing failed: NOT NULL constraint failed: scores.score/)
    expect(() => s.finishBulkLoad()).toThrow(/storing failed/)
  })
})

describe('packed rows', () => {
  it('unpack to the values packed: NULLs, numbers (NaN and -0 too) and strings of any characters', () => {
    const rows: unknown[][] = [
      [1, null, 'a', ''],
      [-0, 2.5, '\u0000\ud83d\ude00 é', 'x'.repeat(1000)],
      [Number.NaN, null, null, "it's"],
    ]
    const packer = new RowPacker(4, 1)
    for (const r of rows) packer.next().splice(0, 4, ...r)
    const back: unknown[][] = []
    unpackRows(packer.finish(), () => {
      back.push(new Array(4))
      return back[back.length - 1]
    })
    expect(back).toEqual(rows)
    expect(Object.is(back[1][0], -0)).toBe(true)
    expect(() => {
      const p = new RowPacker(1)
      p.next()[0] = {}
      p.finish()
    }).toThrow(/NULLs, numbers and strings/)
  })

  it('unpack to the values packed when strings repeat, over any number of messages from one packer', () => {
    const value = fc.oneof(fc.constant(null), fc.double(), fc.constantFrom('', 'web-01', 'sshd', 'é✓'), fc.string())
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(value, value, value), { maxLength: 20 }), { minLength: 1, maxLength: 4 }), (messages) => {
        const packer = new RowPacker(3, 2)
        // One row array for every row of every message, as the writer thread's row writer hands out.
        const row = new Array<unknown>(3)
        for (const rows of messages) {
          for (const r of rows) packer.next().splice(0, 3, ...r)
          const back: unknown[][] = []
          let filling = false
          unpackRows(packer.finish(), () => {
            if (filling) back.push([...row])
            filling = true
            return row
          })
          if (filling) back.push([...row])
          expect(back).toEqual(rows)
        }
      }),
    )
    // A file's rows: the host and program are sent once a message.
    const packer = new RowPacker(3, 4)
    for (let i = 0; i < 4; i++) packer.next().splice(0, 3, 'web-01', `line ${i}`, 'sshd')
    expect(packer.finish().text).toBe('web-01line 0sshdline 1line 2line 3')
  })
})
