// Group-by in SQL: counts per value equal a hand count of the fixture, biggest first, blanks as
// null, the group column's own filter left out, every other filter (floor, quick filter) kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findingsQueryOf } from '../../../src/engine/store/findingsQuery'
import { groupsQueryOf, type GroupsQuery } from '../../../src/engine/store/groupsQuery'
import { Store } from '../../../src/engine/store/Store'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'

/** host, user, score: 7 findings (score ≥ 0.5) and 1 below LOW. */
const LINES: [string, string | null, number][] = [
  ['web-01', 'root', 0.99],
  ['web-01', 'root', 0.9],
  ['web-01', 'bob', 0.8],
  ['db-01', 'root', 0.75],
  ['db-01', null, 0.6],
  ['db-01', null, 0.55],
  ['bastion', 'carol', 0.5],
  ['bastion', 'carol', 0.1],
]

describe('groupsQuery', () => {
  let store: Store
  let q: GroupsQuery
  let ids: number[]
  beforeEach(() => {
    store = Store.open(':memory:')
    const sourceId = store.addSource('/logs', 0)
    const events = LINES.map(([host, user], i) => ({ key: `k${i}`, event: makeEvent({ source_line: i + 1, host, user }) }))
    const { inserted } = store.commitFile({ ...TEST_FILE, sourceId }, events)
    ids = inserted.map((r) => r.id)
    store.writeScores(inserted.map(({ id }, i) => ({ eventId: id, score: makeScore(LINES[i][2]) })), '18.1', null)
    q = groupsQueryOf(store)
  })
  afterEach(() => store.close())

  it('counts the findings per value, biggest first, blanks as null', () => {
    expect(q.groups({}, 'host')).toEqual({
      column: 'host',
      groups: [
        { value: 'db-01', count: 3 },
        { value: 'web-01', count: 3 },
        { value: 'bastion', count: 1 },
      ],
      groupCount: 3,
      total: 7,
    })
    expect(q.groups({}, 'user').groups).toEqual([
      { value: 'root', count: 3 },
      { value: null, count: 2 },
      { value: 'bob', count: 1 },
      { value: 'carol', count: 1 },
    ])
    expect(q.groups({ minSeverity: 'NONE' }, 'user').groups.find((g) => g.value === 'carol')).toEqual({ value: 'carol', count: 2 })
    expect(q.groups({}, 'user', 2)).toMatchObject({ groupCount: 4, total: 7, groups: [{ value: 'root' }, { value: null }] })
  })

  it('keeps the other filters, leaves out its own column filter, and agrees with the grid', () => {
    const userIsRoot = { user: { filterType: 'text' as const, type: 'equals' as const, filter: 'root' } }
    expect(q.groups({ filterModel: userIsRoot }, 'host').groups).toEqual([
      { value: 'web-01', count: 2 },
      { value: 'db-01', count: 1 },
    ])
    // Grouped by user with a user filter: every user still listed (the filter is the opened group).
    expect(q.groups({ filterModel: userIsRoot }, 'user').groupCount).toBe(4)
    // Opening a group is a filter on its column: the grid's count is the group's count.
    const grid = findingsQueryOf(store)
    for (const g of q.groups({}, 'user').groups) {
      const f = g.value === null ? { filterType: 'text' as const, type: 'blank' as const } : { filterType: 'text' as const, type: 'equals' as const, filter: g.value }
      expect(grid.count({ filterModel: { user: f } }), String(g.value)).toBe(g.count)
    }
    store.setTriage(ids[0], { status: 'escalated' }, 1)
    expect(q.groups({}, 'status').groups).toEqual([
      { value: 'new', count: 6 },
      { value: 'escalated', count: 1 },
    ])
    expect(q.groups({ quickFilter: 'web-01' }, 'user').total).toBe(3)
    expect(q.groups({}, 'source').groups).toEqual([{ value: 'auth.log', count: 7 }])
  })
})
