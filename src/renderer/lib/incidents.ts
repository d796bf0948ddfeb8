/** Small pure helpers of the incidents view: an incident's key and row id, and its lists of names. */
import type { Incident, IncidentKey, IncidentRef } from '../../shared/incident'

/** What identifies an incident in `incidents.triage` and the findings filter: its episode. */
export function incidentKeyOf(incident: IncidentKey): IncidentKey {
  return { episode: incident.episode }
}

/** What the saved view keeps of an open incident: its key, and the chip's text. */
export function incidentRefOf(incident: Incident): IncidentRef {
  return { episode: incident.episode, threat_type: incident.threat_type, reason: incident.reason }
}

/** The grid's row id: stable across reloads (and rescoring that rewords a reason), so selection survives a refresh. */
export function incidentRowId(incident: IncidentKey): string {
  return incident.episode
}

export function sameIncident(a: IncidentKey | null | undefined, b: IncidentKey | null | undefined): boolean {
  return !!a && !!b && a.episode === b.episode
}

export type NameList = 'hosts' | 'users' | 'src_ips'
const COUNT_OF: Record<NameList, 'host_count' | 'user_count' | 'src_ip_count'> = {
  hosts: 'host_count',
  users: 'user_count',
  src_ips: 'src_ip_count',
}

/** The names an incident lists (a few) and how many more it has than it names. */
export function namesOf(incident: Incident, list: NameList): { names: string[]; more: number } {
  const names = incident[list]
  return { names, more: Math.max(0, incident[COUNT_OF[list]] - names.length) }
}

/** `root, admin +105`: the names as text, for a tooltip or a screen reader. */
export function namesText(incident: Incident, list: NameList): string {
  const { names, more } = namesOf(incident, list)
  return more > 0 ? `${names.join(', ')} +${more}` : names.join(', ')
}
