/**
 * The group panel's counts from the running totals equal the GROUP BY's, for every column and
 * every floor, on the demo (20,044 events scanned) and on a hand-counted store kept through live
 * batches, rescores and a closed folder; other filters fall back to the GROUP BY.
 */
import { resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/engine/api/createEngine'
import type { Engine } from '../../../src/engine/api/Engine'
import { groupsFromTotals } from '../../../src/engine/store/groupsFromTotals'
import { filledColumns } from '../../../src/engine/store/groupTotals'
import { GroupsQuery } from '../../../src/engine/store/groupsQuery'
import { StatementCache } from '../../../src/engine/store/statementCache'
import { Store } from '../../../src/engine/store/Store'
import { SEVERITIES, type Severity } from '../../../src/shared/finding'
import { GROUP_COLUMNS, MAX_GROUPS, type GroupColumn } from '../../../src/shared/groups'
import { waitUntil } from '../api/watchHelpers'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'
import { pivotsStale, totalsAndFresh } from './rollupTotals'

const DEMO = resolve(import.meta.dirname, '../../../resources/demo-logs')

describe('groups from the running totals', () => {
  let engine: Engine
  beforeAll(async () => {
    engine = createEngine({ log: () => undefined })
    expect((await engine.open(DEMO)).ok).toBe(true)
  }, 120_000)
  afterAll(() => engine.close())

  it('equal the GROUP BY for every column and floor they answer', () => {
    // Some lines triaged (three statuses, one set back to new), so the status groups are not all "new".
    const top = engine.findings('LOW').slice(0, 6)
    engine.triageMany([top[0].id, top[1].id], { status: 'escalated' })
    engine.triageMany([top[2].id], { status: 'false_positive' })
    engine.triageMany([top[3].id, top[4].id], { status: 'investigating' })
    engine.triageMany([top[4].id], { status: 'new' })
    const db = engine.store['db']
    const statements = new StatementCache(db, 20)
    // Each column is counted when first asked (a scan leaves them to that).
    expect(filledColumns(db).size).toBe(0)
    expect(answeredAll(db)).toEqual(SEVERITIES.flatMap((s) => GROUP_COLUMNS.map((c) => `${s}:${c}`)))
    expect([...filledColumns(db)]).toEqual(['event', 'host', 'source', 'src_ip', 'user'])
    // The demo's LOW-and-above findings (1,713, as `vigil scan` reports them), and each of its events at NONE (20,044).
    expect(groupsFromTotals(db, statements, { minSeverity: 'LOW' }, 'host', MAX_GROUPS)?.total).toBe(1713)
    expect(groupsFromTotals(db, statements, { minSeverity: 'NONE' }, 'user', MAX_GROUPS)?.total).toBe(20_044)
    expect(groupsFromTotals(db, statements, { minSeverity: 'LOW' }, 'status', MAX_GROUPS)?.groups).toEqual([
      { value: 'new', count: 1713 - 4 },
      { value: 'escalated', count: 2 },
      { value: 'false_positive', count: 1 },
      { value: 'investigating', count: 1 },
    ])
  })

  it('are counted by a serving engine when idle after its scan, so the first group-by finds them (and the first pivot its totals)', async () => {
    const serving = createEngine({ log: () => undefined, watch: { settleMs: 50 } })
    try {
      expect((await serving.open(DEMO)).ok).toBe(true)
      const db = serving.store.connection
      expect(pivotsStale(serving.store)).toBe(true)
      await waitUntil(() => filledColumns(db).size === 5, 'the five columns counted', 60_000)
      expect(answeredAll(db)).toEqual(SEVERITIES.flatMap((s) => GROUP_COLUMNS.map((c) => `${s}:${c}`)))
      await waitUntil(() => !pivotsStale(serving.store), 'the pivot totals refilled', 60_000)
      // Refilled, they equal a fresh GROUP BY over the store.
      const { running, fresh } = totalsAndFresh(serving.store)
      expect(running).toEqual(fresh)
    } finally {
      await serving.close()
    }
  }, 120_000)

  it('keep the group column’s own filter out, and leave any other filter to the GROUP BY', () => {
    const db = engine.store['db']
    const statements = new StatementCache(db, 20)
    const own = { minSeverity: 'LOW' as const, filterModel: { host: { filterType: 'text' as const, type: 'equals' as const, filter: 'bastion-01' } } }
    expect(groupsFromTotals(db, statements, own, 'host', MAX_GROUPS)).toEqual(groupsFromTotals(db, statements, { minSeverity: 'LOW' }, 'host', MAX_GROUPS))
    expect(groupsFromTotals(db, statements, own, 'user', MAX_GROUPS)).toBeNull()
    expect(groupsFromTotals(db, statements, { minSeverity: 'LOW', quickFilter: 'root' }, 'host', MAX_GROUPS)).toBeNull()
    expect(groupsFromTotals(db, statements, { minSeverity: 'LOW', from: 0 }, 'host', MAX_GROUPS)).toBeNull()
  })
})


type Db = ConstructorParameters<typeof GroupsQuery>[0]

/** Every column at every floor from the totals, equal to the GROUP BY's (whole, and cut at 2 and 1 groups); the answered keys. */
function answeredAll(db: Db): string[] {
  const grouped = new GroupsQuery(db, () => undefined, false)
  const statements = new StatementCache(db, 20)
  const answered: string[] = []
  for (const minSeverity of SEVERITIES) {
    for (const column of GROUP_COLUMNS) {
      const fast = groupsFromTotals(db, statements, { minSeverity }, column, MAX_GROUPS)
      if (fast === null) continue
      answered.push(`${minSeverity}:${column}`)
      expect(fast, `${minSeverity} ${column}`).toEqual(grouped.groups({ minSeverity }, column))
      for (const limit of [2, 1]) expect(groupsFromTotals(db, statements, { minSeverity }, column, limit)).toEqual(grouped.groups({ minSeverity }, column, limit))
    }
  }
  return answered
}

/** host, user, address, event, file, score: 5 findings (score ≥ 0.5) and 3 below LOW; events 4–6 in a second folder. */
const LINES: [string, string | null, string | null, string, string, number][] = [
  ['web-01', 'root', '10.0.0.1', 'auth_failure', 'auth.log', 0.99],
  ['web-01', 'root', '10.0.0.1', 'auth_failure', 'auth.log', 0.9],
  ['web-01', 'bob', '10.0.0.2', 'auth_success', 'auth.log', 0.8],
  ['db-01', 'root', '', 'auth_failure', 'secure', 0.75],
  ['db-01', null, null, 'session_open', 'secure', 0.6],
  ['db-01', null, null, 'session_open', 'secure', 0.1],
  ['bastion', 'carol', '10.0.0.3', 'auth_failure', 'auth.log', 0.5],
  ['bastion', 'carol', '10.0.0.3', 'auth_failure', 'auth.log', 0.2],
]

describe('group totals kept through live batches, rescores and a closed folder', () => {
  const ALL = SEVERITIES.flatMap((s) => GROUP_COLUMNS.map((c) => `${s}:${c}`))
  let store: Store
  let db: Db
  const ids = new Map<number, number>()
  const commit = (root: string, relPath: string, lines: number[]): void => {
    const sourceId = store.addSource(root, 0)
    const events = lines.map((i) => {
      const [host, user, src_ip, event, source_file] = LINES[i]
      return { key: `k${i}`, event: makeEvent({ source_line: i + 1, host, user, src_ip, event: event as 'auth_failure', source_file }) }
    })
    const { inserted } = store.commitFile({ ...TEST_FILE, sourceId, relPath }, events)
    for (const r of inserted) ids.set(lines[r.index], r.id)
  }
  const score = (lines: number[], scores = lines.map((i) => LINES[i][5])): void =>
    store.writeScores(lines.map((i, j) => ({ eventId: ids.get(i) as number, score: makeScore(scores[j]) })), '18.1', null)
  const groups = (minSeverity: Severity, column: GroupColumn): [string | null, number][] =>
    (groupsFromTotals(db, new StatementCache(db, 5), { minSeverity }, column, MAX_GROUPS)?.groups ?? []).map((g) => [g.value, g.count])

  beforeEach(() => {
    store = Store.open(':memory:')
    db = store['db']
    ids.clear()
    commit('/logs', 'auth.log', [0, 1, 2, 6, 7])
    commit('/logs2', 'secure', [3, 4, 5])
    score([0, 1, 2, 6, 7])
  })
  afterEach(() => store.close())

  it('are counted when first asked, only once every stored event is scored, and equal a hand count', () => {
    // Events 4–6 are stored, not scored: every event cannot be counted from the events table yet.
    expect(groupsFromTotals(db, new StatementCache(db, 5), { minSeverity: 'NONE' }, 'event', MAX_GROUPS)).toBeNull()
    expect(filledColumns(db).size).toBe(0)
    score([3, 4, 5])
    expect(answeredAll(db)).toEqual(ALL)
    expect(groups('NONE', 'event')).toEqual([['auth_failure', 5], ['session_open', 2], ['auth_success', 1]])
    expect(groups('LOW', 'event')).toEqual([['auth_failure', 4], ['auth_success', 1], ['session_open', 1]])
    expect(groups('NONE', 'source')).toEqual([['auth.log', 5], ['secure', 3]])
    expect(groups('MEDIUM', 'source')).toEqual([['auth.log', 3], ['secure', 1]])
    // No address (NULL or empty) is one group, after the addresses of its count.
    expect(groups('NONE', 'src_ip')).toEqual([[null, 3], ['10.0.0.1', 2], ['10.0.0.3', 2], ['10.0.0.2', 1]])
    expect(groups('HIGH', 'src_ip')).toEqual([['10.0.0.1', 2]])
  })

  it('stay equal to the GROUP BY through a live batch, a rescore of some events, a closed folder and a rescore of all', () => {
    score([3, 4, 5])
    expect(answeredAll(db)).toEqual(ALL)
    // A live batch of new lines: added to the totals.
    LINES.push(['web-01', 'dave', '10.0.0.9', 'session_open', 'auth.log', 0.97])
    commit('/logs', 'auth.log', [8])
    score([8])
    expect(answeredAll(db)).toEqual(ALL)
    expect(groups('CRITICAL', 'event')).toEqual([['auth_failure', 1], ['session_open', 1]])
    // Two lines scored again: their old counts off, the new ones on.
    score([0, 7], [0.1, 0.96])
    expect(answeredAll(db)).toEqual(ALL)
    expect(groups('CRITICAL', 'user')).toEqual([['carol', 1], ['dave', 1]])
    // The second folder closed: its lines' counts off.
    store.removeSource('/logs2')
    expect(answeredAll(db)).toEqual(ALL)
    expect(groups('NONE', 'event')).toEqual([['auth_failure', 4], ['auth_success', 1], ['session_open', 1]])
    expect(groups('NONE', 'source')).toEqual([['auth.log', 6]])
    // Every event scored again: the totals are counted afresh when next asked.
    const every = [0, 1, 2, 6, 7, 8]
    store.writeScoreList(every.map((i) => ids.get(i) as number), every.map(() => makeScore(0.6)), '18.1', null)
    expect(filledColumns(db).size).toBe(0)
    expect(answeredAll(db)).toEqual(ALL)
    expect(groups('LOW', 'source')).toEqual([['auth.log', 6]])
    expect(groups('MEDIUM', 'source')).toEqual([])
    LINES.pop()
  })
})
