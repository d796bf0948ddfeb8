// The quick filter over the raw line: phrases, prefixes, both query paths (trigram index over the
// findings, LIKE over every event) agreeing; and column filters that match their own column only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findingsQueryOf, type FindingsQuery } from '../../../src/engine/store/findingsQuery'
import { incidentsQueryOf } from '../../../src/engine/store/incidentsQuery'
import { Store } from '../../../src/engine/store/Store'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'

/** Six lines, hand-written: what each search must find is counted from them. */
const LINES: { raw: string; src_ip: string | null; score: number; reasons: string[] }[] = [
  { raw: 'sshd[1]: Accepted password for root from 10.0.0.1 port 59098 ssh2', src_ip: '10.0.0.1', score: 0.96, reasons: ['login after failures'] },
  { raw: 'sshd[2]: Accepted publickey for bob from 10.0.0.2 port 22 ssh2', src_ip: '10.0.0.2', score: 0.9, reasons: ['new address'] },
  { raw: 'sshd[3]: Failed password for root from 10.0.0.1 port 59098 ssh2', src_ip: '10.0.0.1', score: 0.8, reasons: ['brute force'] },
  { raw: 'sshd[4]: Failed password for root from 10.0.0.1 port 5909 ssh2', src_ip: '10.0.0.1', score: 0.7, reasons: ['brute force'] },
  // No source address, but its reason names one: a Source IP filter must not find it.
  { raw: 'sudo: carol : command not allowed ; NotAccepted', src_ip: null, score: 0.6, reasons: ['carol tried sudo after 10.0.0.1 logged in'] },
  // Below LOW: only the all-events (LIKE) path sees it.
  { raw: 'sshd[6]: Accepted password for dave from 10.0.0.6 port 59098 ssh2', src_ip: '10.0.0.6', score: 0.1, reasons: [] },
]

describe('quick filter over the raw line', () => {
  let store: Store
  let q: FindingsQuery
  beforeEach(() => {
    store = Store.open(':memory:')
    const sourceId = store.addSource('/logs', 0)
    const events = LINES.map((l, i) => ({ key: `k${i}`, event: makeEvent({ source_line: i + 1, raw: l.raw, src_ip: l.src_ip, user: null }) }))
    const { inserted } = store.commitFile({ ...TEST_FILE, sourceId }, events)
    store.writeScores(inserted.map(({ id }, i) => ({ eventId: id, score: makeScore(LINES[i].score, { reasons: LINES[i].reasons }) })), '18.1', null)
    q = findingsQueryOf(store)
  })
  afterEach(() => store.close())

  const lines = (quickFilter: string, minSeverity: 'LOW' | 'NONE' = 'LOW', extra = {}) =>
    q.page({ quickFilter, minSeverity, ...extra }, 0, 100).rows.map((f) => f.source_line).sort()

  it('finds words, phrases and prefixes in the raw line, through the index and through LIKE alike', () => {
    expect(lines('Accepted')).toEqual([1, 2, 5])
    expect(lines('"port 59098"')).toEqual([1, 3])
    // Word starts only: "NotAccepted" has "Accept" inside a word.
    expect(lines('Accept*')).toEqual([1, 2])
    expect(lines('accept* root')).toEqual([1])
    expect(lines('"port 5909"')).toEqual([1, 3, 4])
    // Every event (NONE): the same answers plus line 6, which is below LOW.
    expect(lines('Accepted', 'NONE')).toEqual([1, 2, 5, 6])
    expect(lines('"port 59098"', 'NONE')).toEqual([1, 3, 6])
    expect(lines('Accept*', 'NONE')).toEqual([1, 2, 6])
    // Two-letter words never reach the trigram index: LIKE over the raw line answers them.
    expect(lines('"22 "')).toEqual([2])
    expect(q.explain({ quickFilter: '"port 59098"' }).join(' ')).toMatch(/findings_text/)
  })

  it('counts incidents over the same search', () => {
    const incidents = incidentsQueryOf(store).list({ quickFilter: '"port 59098"' })
    expect(incidents.reduce((n, i) => n + i.lines, 0)).toBe(2)
  })

  it('lets a Source IP filter match the Source IP only (not the reasons, never an empty address)', () => {
    const ipContains = { filterModel: { src_ip: { filterType: 'text' as const, type: 'contains' as const, filter: '10.0.0.1' } } }
    expect(lines('', 'LOW', ipContains)).toEqual([1, 3, 4])
    const ipEquals = { filterModel: { src_ip: { filterType: 'text' as const, type: 'equals' as const, filter: '10.0.0.1' } } }
    expect(lines('', 'LOW', ipEquals)).toEqual([1, 3, 4])
    // The quick filter, by contrast, searches the reasons too.
    expect(lines('10.0.0.1')).toEqual([1, 3, 4, 5])
  })
})
