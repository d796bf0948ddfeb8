// The analyst's tags and colour: kept with the triage by event key, read back on findings,
// filterable through the Tags column (words and `color:<name>`), replaced and cleared as asked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findingsQueryOf } from '../../../src/engine/store/findingsQuery'
import { Store } from '../../../src/engine/store/Store'
import { parseTags, tagsText } from '../../../src/shared/tags'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'

describe('tags and colours', () => {
  let store: Store
  let ids: number[]
  beforeEach(() => {
    store = Store.open(':memory:')
    const sourceId = store.addSource('/logs', 0)
    const events = Array.from({ length: 4 }, (_, i) => ({ key: `k${i}`, event: makeEvent({ source_line: i + 1 }) }))
    const { inserted } = store.commitFile({ ...TEST_FILE, sourceId }, events)
    ids = inserted.map((r) => r.id)
    store.writeScores(ids.map((eventId, i) => ({ eventId, score: makeScore(0.9 - i / 100) })), '18.1', null)
  })
  afterEach(() => store.close())

  const tagged = (filter: string): number[] =>
    findingsQueryOf(store)
      .page({ filterModel: { tags: { filterType: 'text', type: 'contains', filter } } }, 0, 10)
      .rows.map((f) => f.source_line)
      .sort()

  it('stores, filters, replaces and clears them, keeping status and note', () => {
    store.setTriage(ids[0], { status: 'escalated', note: 'ticket' }, 1)
    store.setTriage(ids[0], { tags: ['c2', 'beacon'], color: 'red' }, 2)
    store.setTriageMany([ids[1], ids[2]], { tags: ['c2'] }, 3)
    store.setTriage(ids[3], { color: 'green' }, 4)
    expect(store.finding(ids[0])).toMatchObject({ status: 'escalated', note: 'ticket', tags: ['c2', 'beacon'], color: 'red' })
    expect(store.finding(ids[1])).toMatchObject({ status: 'new', tags: ['c2'] })
    expect(store.finding(ids[1])?.color).toBeUndefined()
    expect(tagged('c2')).toEqual([1, 2, 3])
    expect(tagged('beacon')).toEqual([1])
    expect(tagged('color:red')).toEqual([1])
    expect(tagged('color:')).toEqual([1, 4])
    // A status change keeps the marks; null clears the colour; [] clears the tags.
    store.setTriage(ids[0], { status: 'resolved' }, 5)
    expect(store.finding(ids[0])).toMatchObject({ status: 'resolved', tags: ['c2', 'beacon'], color: 'red' })
    store.setTriage(ids[0], { color: null, tags: [] }, 6)
    const cleared = store.finding(ids[0])
    expect([cleared?.tags, cleared?.color, cleared?.note]).toEqual([undefined, undefined, 'ticket'])
    expect(tagged('color:red')).toEqual([])
    // Live findings read the marks of a key triaged before.
    expect(store.triageOfKeys(['k3', 'k1']).get('k3')).toEqual({ status: 'new', note: '', color: 'green' })
  })

  it('adds tags to each selected line, which keeps its own (bulk triage)', () => {
    store.setTriage(ids[0], { tags: ['c2', 'beacon'], note: 'mine' }, 1)
    store.setTriage(ids[1], { tags: ['urgent'] }, 1)
    expect(store.setTriageMany([ids[0], ids[1], ids[2], 999_999], { status: 'escalated', addTags: ['c2', 'spray'] }, 2)).toBe(3)
    expect(store.finding(ids[0])).toMatchObject({ status: 'escalated', note: 'mine', tags: ['c2', 'beacon', 'spray'] })
    expect(store.finding(ids[1])).toMatchObject({ status: 'escalated', tags: ['urgent', 'c2', 'spray'] })
    expect(store.finding(ids[2])).toMatchObject({ status: 'escalated', tags: ['c2', 'spray'] })
    expect(store.finding(ids[3])).toMatchObject({ status: 'new' })
    expect(store.finding(ids[3])?.tags).toBeUndefined()
    expect(tagged('spray')).toEqual([1, 2, 3])
  })

  it('parses typed tags into distinct words and writes them with the colour first', () => {
    expect(parseTags(' c2, beacon;c2  urgent  bad<tag> ')).toEqual(['c2', 'beacon', 'urgent'])
    expect(tagsText(['c2'], 'red')).toBe('color:red c2')
    expect(tagsText(undefined, null)).toBe('')
  })
})
