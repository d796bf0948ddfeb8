import { describe, expect, it } from 'vitest'
import { incidentKeyOf, incidentRefOf, incidentRowId, namesOf, namesText, sameIncident } from '../../../src/renderer/lib/incidents'
import { toFindingsFilter } from '../../../src/renderer/lib/queryModel'
import { findingsFilterSchema } from '../../../src/shared/findingsFilter'
import { incidentSchema, type Incident } from '../../../src/shared/incident'

const incident: Incident = incidentSchema.parse({
  episode: 'user_enumeration:q2bJ0X6cM1n4Tz8A',
  threat_type: 'user_enumeration',
  reason: '112 invalid user names tried from 113.160.219.21 in 5 min (guest, steam, support)',
  lines: 226,
  first_ts: 1_774_599_055_729,
  last_ts: 1_774_599_337_893,
  max_score: 0.96,
  severity: 'CRITICAL',
  mitre_techniques: ['T1087', 'T1110'],
  hosts: ['web-01'],
  host_count: 1,
  users: ['<img src=x onerror=alert(1)>', 'admin', 'admin1', 'admin134', 'guest'],
  user_count: 110,
  src_ips: [],
  src_ip_count: 0,
  untriaged: 226,
  status: 'new',
  top_finding_id: 16048,
})

describe('incidents in the UI', () => {
  it('names the few hosts, users and addresses it lists and counts the rest', () => {
    expect(namesOf(incident, 'users')).toEqual({ names: incident.users, more: 105 })
    expect(namesText(incident, 'users')).toBe('<img src=x onerror=alert(1)>, admin, admin1, admin134, guest +105')
    expect(namesOf(incident, 'hosts')).toEqual({ names: ['web-01'], more: 0 })
    expect(namesText(incident, 'hosts')).toBe('web-01')
    expect(namesText(incident, 'src_ips')).toBe('')
  })

  it('is keyed by its episode, for the filter, triage and the grid row, whatever its sentence says', () => {
    const key = incidentKeyOf(incident)
    expect(key).toEqual({ episode: 'user_enumeration:q2bJ0X6cM1n4Tz8A' })
    expect(sameIncident(key, incident)).toBe(true)
    const reworded: Incident = { ...incident, reason: `${incident.reason}.` }
    expect(sameIncident(key, reworded)).toBe(true)
    expect(sameIncident(key, { episode: 'user_enumeration:other' })).toBe(false)
    expect(sameIncident(key, null)).toBe(false)
    expect(incidentRowId(reworded)).toBe(incidentRowId(incident))
    // The saved view keeps the key and what the chip shows.
    expect(incidentRefOf(incident)).toEqual({ episode: incident.episode, threat_type: 'user_enumeration', reason: incident.reason })
  })

  it('narrows the findings filter to an incident only when one is open', () => {
    const plain = toFindingsFilter([{ colId: 'score', sort: 'desc' }], {}, ' root ', 'HIGH')
    expect(plain).toEqual({ sortModel: [{ colId: 'score', sort: 'desc' }], filterModel: {}, quickFilter: 'root', minSeverity: 'HIGH' })
    expect('incident' in toFindingsFilter([], {}, '', 'LOW', null)).toBe(false)
    const narrowed = toFindingsFilter([], { host: { filterType: 'text', type: 'equals', filter: 'web-01' } }, '', 'LOW', incident)
    expect(narrowed.incident).toEqual(incidentKeyOf(incident))
    expect(findingsFilterSchema.safeParse(narrowed).success).toBe(true)
  })
})
