/**
 * The group panel's counts from the running totals equal the GROUP BY's, for every column the
 * totals answer and every floor, on the demo (20,044 events scanned); other filters and columns
 * fall back to the GROUP BY.
 */
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/engine/api/createEngine'
import type { Engine } from '../../../src/engine/api/Engine'
import { groupsFromTotals } from '../../../src/engine/store/groupsFromTotals'
import { GroupsQuery } from '../../../src/engine/store/groupsQuery'
import { StatementCache } from '../../../src/engine/store/statementCache'
import { SEVERITIES } from '../../../src/shared/finding'
import { GROUP_COLUMNS, MAX_GROUPS } from '../../../src/shared/groups'

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
    const grouped = new GroupsQuery(db, () => undefined, false)
    const statements = new StatementCache(db, 20)
    const answered: string[] = []
    for (const minSeverity of SEVERITIES) {
      for (const column of GROUP_COLUMNS) {
        const fast = groupsFromTotals(statements, { minSeverity }, column, MAX_GROUPS)
        if (fast === null) continue
        answered.push(`${minSeverity}:${column}`)
        expect(fast, `${minSeverity} ${column}`).toEqual(grouped.groups({ minSeverity }, column))
        expect(groupsFromTotals(statements, { minSeverity }, column, 2)).toEqual(grouped.groups({ minSeverity }, column, 2))
      }
    }
    expect(answered).toEqual([
      ...['host', 'user', 'src_ip', 'event', 'severity', 'threat_type', 'status', 'source'].map((c) => `NONE:${c}`),
      ...['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].flatMap((s) => ['host', 'user', 'src_ip', 'severity', 'threat_type', 'status'].map((c) => `${s}:${c}`)),
    ])
    // The demo's LOW-and-above findings (1,713, as `vigil scan` reports them), and each of its events at NONE (20,044).
    expect(groupsFromTotals(statements, { minSeverity: 'LOW' }, 'host', MAX_GROUPS)?.total).toBe(1713)
    expect(groupsFromTotals(statements, { minSeverity: 'NONE' }, 'user', MAX_GROUPS)?.total).toBe(20_044)
    expect(groupsFromTotals(statements, { minSeverity: 'LOW' }, 'status', MAX_GROUPS)?.groups).toEqual([
      { value: 'new', count: 1713 - 4 },
      { value: 'escalated', count: 2 },
      { value: 'false_positive', count: 1 },
      { value: 'investigating', count: 1 },
    ])
  })

  it('keep the group column’s own filter out, and leave any other filter to the GROUP BY', () => {
    const statements = new StatementCache(engine.store['db'], 20)
    const own = { minSeverity: 'LOW' as const, filterModel: { host: { filterType: 'text' as const, type: 'equals' as const, filter: 'bastion-01' } } }
    expect(groupsFromTotals(statements, own, 'host', MAX_GROUPS)).toEqual(groupsFromTotals(statements, { minSeverity: 'LOW' }, 'host', MAX_GROUPS))
    expect(groupsFromTotals(statements, own, 'user', MAX_GROUPS)).toBeNull()
    expect(groupsFromTotals(statements, { minSeverity: 'LOW', quickFilter: 'root' }, 'host', MAX_GROUPS)).toBeNull()
    expect(groupsFromTotals(statements, { minSeverity: 'LOW', from: 0 }, 'host', MAX_GROUPS)).toBeNull()
    expect(groupsFromTotals(statements, { minSeverity: 'LOW' }, 'source', MAX_GROUPS)).toBeNull()
    expect(groupsFromTotals(statements, { minSeverity: 'LOW' }, 'event', MAX_GROUPS)).toBeNull()
  })
})
