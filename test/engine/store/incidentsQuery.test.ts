// Incidents: findings grouped by episode, strongest first, with their span, names, ATT&CK ids and
// triage count; filtered like the grid.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findingsQueryOf } from '../../../src/engine/store/findingsQuery'
import { incidentsQueryOf, type IncidentsQuery } from '../../../src/engine/store/incidentsQuery'
import { Store } from '../../../src/engine/store/Store'
import { TEST_FILE, makeEvent, makeScore } from './makeEvent'

const FILE = TEST_FILE

const BRUTE = '30 failed logins from 203.0.113.9 in 2 min against 1 account (root)'
const SPRAY = '7 accounts tried from 198.51.100.4, 1 try each'

/** 30 brute-force lines (one of them HIGH+), 7 spraying lines on two hosts, 5 unflagged lines. */
function fill(store: Store): number[] {
  const sourceId = store.addSource('/logs', 0)
  const t0 = Date.UTC(2025, 2, 1, 3, 0, 0)
  const events = [
    ...Array.from({ length: 30 }, (_, i) => makeEvent({ ts: t0 + i * 4_000, source_line: i + 1, user: 'root', src_ip: '203.0.113.9', host: 'bastion' })),
    ...Array.from({ length: 7 }, (_, i) => makeEvent({ ts: t0 + 600_000 + i * 60_000, source_line: 31 + i, user: `user,${i}`, src_ip: '198.51.100.4', host: i < 4 ? 'web1' : 'web2' })),
    ...Array.from({ length: 5 }, (_, i) => makeEvent({ ts: t0 + 9_000_000 + i, source_line: 38 + i, user: 'alice', event: 'auth_success', outcome: 'success' })),
  ].map((event, i) => ({ key: `k${i}`, event }))
  const { inserted } = store.commitFile({ ...FILE, sourceId }, events)
  const scores = inserted.map(({ id }, i) => {
    if (i < 30) return { eventId: id, score: makeScore(i === 12 ? 0.97 : 0.96, { reasons: [BRUTE], episode: 'brute_force:b1' }) }
    if (i < 37) return { eventId: id, score: makeScore(0.8, { threat_type: 'password_spraying', mitre_techniques: ['T1110.003'], reasons: [SPRAY, 'second reason'], episode: 'password_spraying:s1' }) }
    return { eventId: id, score: makeScore(0.1) }
  })
  store.writeScores(scores, '18.1', null)
  return inserted.map((r) => r.id)
}

describe('incidentsQuery', () => {
  let store: Store
  let q: IncidentsQuery
  let ids: number[]
  beforeEach(() => {
    store = Store.open(':memory:')
    ids = fill(store)
    q = incidentsQueryOf(store)
  })
  afterEach(() => store.close())

  it('groups an episode’s lines into one incident, strongest first, with span, names and ATT&CK', () => {
    const [brute, spray, ...rest] = q.list({})
    expect(rest).toEqual([])
    expect(brute).toEqual({
      episode: 'brute_force:b1',
      threat_type: 'brute_force',
      reason: BRUTE,
      lines: 30,
      first_ts: Date.UTC(2025, 2, 1, 3, 0, 0),
      last_ts: Date.UTC(2025, 2, 1, 3, 0, 0) + 29 * 4_000,
      max_score: 0.97,
      severity: 'CRITICAL',
      mitre_techniques: ['T1110.001'],
      hosts: ['bastion'],
      host_count: 1,
      users: ['root'],
      user_count: 1,
      src_ips: ['203.0.113.9'],
      src_ip_count: 1,
      untriaged: 30,
      status: 'new',
      top_finding_id: ids[12],
    })
    expect(spray).toMatchObject({ threat_type: 'password_spraying', reason: SPRAY, lines: 7, severity: 'MEDIUM', hosts: ['web1', 'web2'], host_count: 2, user_count: 7, src_ip_count: 1, top_finding_id: ids[36] })
    // Names are cut to five, commas in them kept.
    expect(spray.users).toEqual(['user,0', 'user,1', 'user,2', 'user,3', 'user,4'])
  })

  it('follows the grid filter and the triage state, and lists an incident’s ids for triage', () => {
    expect(q.list({ minSeverity: 'HIGH' }).map((i) => [i.threat_type, i.lines])).toEqual([['brute_force', 30]])
    expect(q.list({ filterModel: { host: { filterType: 'text', type: 'equals', filter: 'web2' } } }).map((i) => [i.threat_type, i.lines])).toEqual([['password_spraying', 3]])
    // Lines below LOW belong to no episode: never an incident.
    expect(q.list({ minSeverity: 'NONE' }).map((i) => i.lines)).toEqual([30, 7])

    const sprayIds = q.ids({ episode: 'password_spraying:s1' })
    expect(sprayIds.sort((a, b) => a - b)).toEqual(ids.slice(30, 37))
    for (const id of sprayIds.slice(0, 3)) store.setTriage(id, { status: 'false_positive' }, 0)
    expect(q.list({}).find((i) => i.threat_type === 'password_spraying')).toMatchObject({ untriaged: 4, status: 'mixed' })
    for (const id of sprayIds.slice(3)) store.setTriage(id, { status: 'false_positive' }, 0)
    expect(q.list({}).find((i) => i.threat_type === 'password_spraying')).toMatchObject({ untriaged: 0, status: 'false_positive' })
  })

  it('keys an incident by its episode: two episodes with one sentence are two, a reworded reason keeps one', () => {
    const other = Store.open(':memory:')
    try {
      const sourceId = other.addSource('/logs', 0)
      const t0 = Date.UTC(2025, 2, 2, 3, 0, 0)
      // Two brute forces an hour apart that the rule describes with the same sentence (same
      // counts), and a third whose sentence changed half way (a rescored tail, a reworded rule).
      const events = Array.from({ length: 12 }, (_, i) => makeEvent({ ts: t0 + i * 600_000, source_line: i + 1 })).map((event, i) => ({ key: `m${i}`, event }))
      const { inserted } = other.commitFile({ ...FILE, sourceId }, events)
      const episodeOf = (i: number): string => (i < 4 ? 'brute_force:first' : i < 8 ? 'brute_force:second' : 'brute_force:third')
      const reasonOf = (i: number): string => (i < 8 ? BRUTE : i < 10 ? '4 failed logins from 203.0.113.9' : '4 failed passwords from 203.0.113.9 (root)')
      other.writeScores(inserted.map(({ id }, i) => ({ eventId: id, score: makeScore(i === 9 ? 0.9 : 0.8, { reasons: [reasonOf(i)], episode: episodeOf(i) }) })), '18.1', null)
      const incidents = incidentsQueryOf(other).list({})
      expect(incidents.map((i) => [i.episode, i.lines, i.reason])).toEqual([
        // The strongest line's sentence names the incident.
        ['brute_force:third', 4, '4 failed logins from 203.0.113.9'],
        ['brute_force:first', 4, BRUTE],
        ['brute_force:second', 4, BRUTE],
      ])
      // The grid's incident filter and triage follow the episode too.
      const lines = findingsQueryOf(other).page({ incident: { episode: 'brute_force:third' } }, 0, 100)
      expect(lines.total).toBe(4)
      expect(lines.rows.map((f) => f.reasons[0]).sort()).toEqual([...Array(2).fill('4 failed logins from 203.0.113.9'), ...Array(2).fill('4 failed passwords from 203.0.113.9 (root)')])
      expect(incidentsQueryOf(other).ids({ episode: 'brute_force:second' }).sort((a, b) => a - b)).toEqual(inserted.slice(4, 8).map((r) => r.id))
    } finally {
      other.close()
    }
  })
})
