// The grid's SQL query: paging, sorting, every filter kind, the quick filter, counts that follow
// the store, and the plans that keep "sort by score, filter by user" an index walk.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildWhere, findingsQueryOf, type FindingsQuery } from '../../../src/engine/store/findingsQuery'
import { Store } from '../../../src/engine/store/Store'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'

const FILE = TEST_FILE

/** 40 events: users u0..u3, hosts h0/h1, scores 0.00..0.975 by line. */
function fill(store: Store): number[] {
  const sourceId = store.addSource('/logs', 0)
  const events = Array.from({ length: 40 }, (_, i) => ({
    key: `k${i}`,
    event: makeEvent({ ts: Date.UTC(2025, 2, 1, 12, 0, i), source_line: i + 1, user: `u${i % 4}`, host: `h${i % 2}`, src_ip: `10.0.0.${i}` }),
  }))
  const { inserted } = store.commitFile({ ...FILE, sourceId }, events)
  store.writeScores(
    inserted.map(({ id }, i) => ({ eventId: id, score: makeScore(i / 40, { reasons: i / 40 >= 0.5 ? [`reason ${i}`, 'second'] : [] }) })),
    '18.1',
    null,
  )
  return inserted.map((r) => r.id)
}

describe('findingsQuery', () => {
  let store: Store
  let q: FindingsQuery
  let ids: number[]
  beforeEach(() => {
    store = Store.open(':memory:')
    ids = fill(store)
    q = findingsQueryOf(store)
  })
  afterEach(() => store.close())

  it('pages the findings at or above LOW, highest score first, with the total', () => {
    const all = q.page({}, 0, 100)
    expect(all.total).toBe(20)
    expect(all.rows.map((f) => f.source_line)).toEqual(Array.from({ length: 20 }, (_, i) => 40 - i))
    const page = q.page({}, 5, 10)
    expect(page.rows.map((f) => f.source_line)).toEqual([35, 34, 33, 32, 31])
    expect(page.total).toBe(20)
    expect(q.page({ minSeverity: 'NONE' }, 0, 1).total).toBe(40)
    expect(q.page({ minSeverity: 'CRITICAL' }, 0, 10).rows.map((f) => f.score)).toEqual([0.975, 0.95])
  })

  it('sorts by any whitelisted column, both ways, ties by id', () => {
    const byTime = q.page({ minSeverity: 'NONE', sortModel: [{ colId: 'time', sort: 'asc' }] }, 0, 3).rows
    expect(byTime.map((f) => f.source_line)).toEqual([1, 2, 3])
    const byUser = q.page({ minSeverity: 'NONE', sortModel: [{ colId: 'user', sort: 'desc' }, { colId: 'time', sort: 'asc' }] }, 0, 3).rows
    expect(byUser.map((f) => [f.user, f.source_line])).toEqual([['u3', 4], ['u3', 8], ['u3', 12]])
    const bySeverity = q.page({ sortModel: [{ colId: 'severity', sort: 'asc' }] }, 0, 1).rows
    expect(bySeverity[0].severity).toBe('LOW')
    const byRules = q.page({ sortModel: [{ colId: 'rules', sort: 'asc' }] }, 0, 1).rows
    expect(byRules[0].detector_scores.rules).toBe(0.5)
  })

  it('filters text, numbers, sets, ATT&CK ids, status and the quick filter', () => {
    const rows = (f: Parameters<FindingsQuery['page']>[0]) => q.page(f, 0, 100).rows.map((r) => r.source_line)
    expect(rows({ filterModel: { user: { filterType: 'text', type: 'equals', filter: 'u1' } } })).toEqual([38, 34, 30, 26, 22])
    expect(rows({ filterModel: { user: { filterType: 'text', type: 'notEqual', filter: 'u1' } } })).toHaveLength(15)
    expect(rows({ filterModel: { src_ip: { filterType: 'text', type: 'endsWith', filter: '.39' } } })).toEqual([40])
    expect(rows({ filterModel: { src_ip: { filterType: 'text', type: 'startsWith', filter: '10.0.0.3' } } })).toEqual([40, 39, 38, 37, 36, 35, 34, 33, 32, 31])
    expect(rows({ filterModel: { score: { filterType: 'number', type: 'inRange', filter: 0.9, filterTo: 0.8 } } })).toEqual([37, 36, 35, 34, 33])
    expect(rows({ filterModel: { score: { filterType: 'number', type: 'greaterThanOrEqual', filter: 0.95 } } })).toEqual([40, 39])
    expect(rows({ filterModel: { severity: { filterType: 'set', values: ['CRITICAL', 'HIGH'] } } })).toEqual([40, 39, 38, 37, 36, 35])
    expect(rows({ filterModel: { mitre: { filterType: 'text', type: 'equals', filter: 'T1110.001' } } })).toHaveLength(20)
    expect(rows({ filterModel: { mitre: { filterType: 'text', type: 'equals', filter: 'T1110' } } })).toEqual([])
    expect(rows({ filterModel: { why: { filterType: 'text', type: 'contains', filter: 'reason 3' } } })).toEqual([40, 39, 38, 37, 36, 35, 34, 33, 32, 31])
    expect(
      rows({ filterModel: { user: { filterType: 'text', operator: 'OR', conditions: [{ filterType: 'text', type: 'equals', filter: 'u0' }, { filterType: 'text', type: 'equals', filter: 'u2' }] } } }),
    ).toHaveLength(10)
    expect(rows({ filterModel: { time: { filterType: 'number', type: 'lessThan', filter: Date.UTC(2025, 2, 1, 12, 0, 22) } } })).toEqual([22, 21])
    // Quick filter: every word must match some column, case-insensitively.
    expect(rows({ quickFilter: 'U1 h0' })).toEqual([])
    expect(rows({ quickFilter: 'U1 h1' })).toEqual([38, 34, 30, 26, 22])
    store.setTriage(ids[38], { status: 'false_positive' }, 1)
    expect(rows({ filterModel: { status: { filterType: 'text', type: 'contains', filter: 'False positive' } } })).toEqual([39])
    expect(rows({ filterModel: { status: { filterType: 'text', type: 'equals', filter: 'new' } } })).toHaveLength(19)
  })

  it('answers quick-filter words of three characters or more from the trigram index, as LIKE would', () => {
    const rows = (f: Parameters<FindingsQuery['page']>[0]) => q.page(f, 0, 100).rows.map((r) => r.source_line)
    // What the LIKE path gives over every event (NONE), cut to the findings: the index must agree.
    const findings = new Set(rows({}))
    for (const word of ['reason 3', 'REASON', '10.0.0.3', 'T1110', 'brute', 'auth.LOG', 'CRIT', 'second', 'nothing like it', '"quo']) {
      const viaLike = rows({ quickFilter: word, minSeverity: 'NONE' }).filter((l) => findings.has(l))
      expect(rows({ quickFilter: word }), word).toEqual(viaLike)
    }
    expect(rows({ quickFilter: '10.0.0.3' })).toEqual([40, 39, 38, 37, 36, 35, 34, 33, 32, 31])
    expect(q.explain({ quickFilter: '10.0.0.3' }).join(' ')).toMatch(/findings_text/)
    // Rescored below LOW: out of the index; back above: in again.
    store.writeScores([{ eventId: ids[39], score: makeScore(0.1) }], '18.1', null)
    expect(rows({ quickFilter: '10.0.0.39' })).toEqual([])
    store.writeScores([{ eventId: ids[39], score: makeScore(0.99, { reasons: ['back again'] }) }], '18.1', null)
    expect(rows({ quickFilter: 'back again' })).toEqual([40])
    expect(rows({ quickFilter: 'reason 39' })).toEqual([])
  })

  it('indexes findings text lazily: score writes queue it, a chunked sync or a search indexes it', () => {
    store.syncFindingsText()
    expect(store.findingsTextPending()).toBe(0)
    store.writeScores(ids.slice(0, 5).map((eventId, i) => ({ eventId, score: makeScore(0.9, { reasons: [`late ${i}`] }) })), '18.1', null)
    expect(store.findingsTextPending()).toBe(5)
    expect(store.syncFindingsText(2)).toBe(2)
    expect(store.findingsTextPending()).toBe(3)
    // A search does not wait for the idle sync: it indexes what is pending first.
    expect(q.page({ quickFilter: 'late' }, 0, 100).total).toBe(5)
    expect(store.findingsTextPending()).toBe(0)
  })

  it('takes every value literally (LIKE wildcards and quotes are data)', () => {
    expect(q.page({ quickFilter: '%' }, 0, 10).total).toBe(0)
    // As a LIKE pattern `10.0.0._` would match every address; literally, nothing has it.
    expect(q.page({ quickFilter: '10.0.0._' }, 0, 10).total).toBe(0)
    expect(q.page({ quickFilter: 'auth_failure' }, 0, 10).total).toBe(20)
    expect(q.page({ filterModel: { host: { filterType: 'text', type: 'contains', filter: "h0' OR '1'='1" } } }, 0, 10).total).toBe(0)
    const built = buildWhere({ quickFilter: "x'; DROP TABLE events; --", filterModel: { user: { filterType: 'text', type: 'equals', filter: "'" } } })
    expect(built.where).not.toContain('DROP')
    expect(built.params).toContain("'")
    expect(store.eventCount()).toBe(40)
  })

  it('counts follow the store (the cache is keyed by its changes)', () => {
    expect(q.count({})).toBe(20)
    store.writeScores([{ eventId: ids[0], score: makeScore(0.99) }], '18.1', null)
    expect(q.count({})).toBe(21)
    expect(q.page({}, 0, 1).rows[0].id).toBe(ids[0])
  })

  it('walks all matching rows for an export, in order', () => {
    const all = [...q.iterate({ sortModel: [{ colId: 'time', sort: 'desc' }] })]
    expect(all.map((f) => f.source_line)).toEqual(Array.from({ length: 20 }, (_, i) => 40 - i))
  })

  it('answers the grid default and "sort by score, filter by user" from indexes', () => {
    expect(q.explain({ sortModel: [{ colId: 'score', sort: 'desc' }] }).join(' ')).toMatch(/USING COVERING INDEX scores_score_rank/)
    const byUser = q.explain({ sortModel: [{ colId: 'score', sort: 'desc' }], filterModel: { user: { filterType: 'text', type: 'equals', filter: 'u1' } } })
    expect(byUser.join(' ')).toMatch(/INDEX events_user|INDEX scores_score_rank/)
    expect(q.explain({ sortModel: [{ colId: 'time', sort: 'desc' }] }).join(' ')).toMatch(/INDEX events_ts/)
  })

  it('walks an index in the order of every other sortable column instead of sorting all findings', () => {
    const cases: [string, RegExp][] = [
      ['event', /INDEX events_event/],
      ['threat_type', /INDEX findings_threat/],
      ['mitre', /INDEX findings_mitre/],
    ]
    for (const [colId, index] of cases) {
      for (const sort of ['asc', 'desc'] as const) {
        const plan = q.explain({ sortModel: [{ colId: colId as 'event', sort }] }).join(' | ')
        expect(plan, `${colId} ${sort}`).toMatch(index)
        expect(plan, `${colId} ${sort}`).not.toMatch(/TEMP B-TREE/)
      }
    }
    // The partial (findings-only) indexes give the same rows and order as a plain sort would.
    const byMitre = q.page({ sortModel: [{ colId: 'mitre', sort: 'asc' }] }, 0, 100).rows
    expect(byMitre).toHaveLength(20)
    expect(byMitre.map((f) => f.id)).toEqual([...byMitre].sort((a, b) => a.id - b.id).map((f) => f.id))
    expect(q.page({ sortModel: [{ colId: 'event', sort: 'asc' }], minSeverity: 'MEDIUM' }, 0, 100).total).toBe(q.page({ minSeverity: 'MEDIUM' }, 0, 100).total)
  })
})
