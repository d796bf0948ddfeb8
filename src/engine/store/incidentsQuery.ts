/**
 * The incidents view in SQL: the findings that match the grid's filter, grouped by episode (see
 * shared/incident.ts), strongest first. One GROUP BY over the matching findings; the threat type
 * and sentence are the strongest line's; names of hosts, users and addresses are cut to a few in
 * JavaScript.
 */
import { threatTypeOf } from '../../shared/threat'
import type Database from 'better-sqlite3'
import type { FindingsFilter } from '../../shared/api'
import { SEVERITIES, type Severity } from '../../shared/finding'
import { INCIDENT_NAMES, type Incident, type IncidentKey } from '../../shared/incident'
import { EPISODE_WHERE, FIRST_REASON_SQL, buildWhere, registerSearchFunctions } from './findingsQuery'
import type { Store } from './Store'
import { StatementCache } from './statementCache'

/** More incidents than this are not listed (the grid of lines still has every finding). */
export const MAX_INCIDENTS = 2_000

interface Row {
  episode: string
  lines: number
  first_ts: number
  last_ts: number
  max_score: number
  max_rank: number
  /** JSON arrays (json_group_array), NULLs included. */
  techniques: string
  hosts: string
  host_count: number
  users: string
  user_count: number
  src_ips: string
  src_ip_count: number
  untriaged: number
  status: Incident['status']
  top_key: number
}

/**
 * The strongest line of a group in one aggregate: the score (4 decimals, as stored) above the id,
 * the newest id among equal scores — the line the grid's default order (score, then newest) puts
 * first; MAX over it and back out comes the id.
 */
const ID_SPAN = 2 ** 32
const TOP_KEY_SQL = `CAST(round(s.score * 10000) AS INTEGER) * ${ID_SPAN} + s.event_id`
const topId = (key: number): number => key % ID_SPAN

export class IncidentsQuery {
  private readonly statements: StatementCache

  /** `syncText` brings the quick filter's index up to date (Store.syncFindingsText). */
  constructor(
    db: Database.Database,
    private readonly syncText: () => void = () => undefined,
  ) {
    this.statements = new StatementCache(db, 100)
    registerSearchFunctions(db)
  }

  /** The incidents among the findings that match `filter` (its sort is ignored: strongest first). */
  list(filter: FindingsFilter): Incident[] {
    // The list is the incidents themselves: an incident filter (the lines of one) does not narrow it.
    if (filter.quickFilter?.trim()) this.syncText()
    const built = buildWhere({ ...filter, sortModel: [], incident: undefined })
    const sql = `SELECT s.episode AS episode, COUNT(*) AS lines,
        MIN(e.ts) AS first_ts, MAX(e.ts) AS last_ts, MAX(s.score) AS max_score, MAX(s.severity_rank) AS max_rank,
        json_group_array(DISTINCT s.mitre_techniques) AS techniques,
        json_group_array(DISTINCT e.host) AS hosts, COUNT(DISTINCT e.host) AS host_count,
        json_group_array(DISTINCT e."user") AS users, COUNT(DISTINCT e."user") AS user_count,
        json_group_array(DISTINCT e.src_ip) AS src_ips, COUNT(DISTINCT e.src_ip) AS src_ip_count,
        SUM(COALESCE(t.status, 'new') = 'new') AS untriaged,
        CASE WHEN MIN(COALESCE(t.status, 'new')) = MAX(COALESCE(t.status, 'new')) THEN MIN(COALESCE(t.status, 'new')) ELSE 'mixed' END AS status,
        MAX(${TOP_KEY_SQL}) AS top_key
      FROM scores s JOIN events e ON e.id = s.event_id LEFT JOIN triage t ON t.event_key = e.event_key
      ${built.where ? `${built.where} AND` : 'WHERE'} s.episode IS NOT NULL
      GROUP BY s.episode
      ORDER BY max_score DESC, lines DESC, first_ts, s.episode
      LIMIT ${MAX_INCIDENTS}`
    const headline = this.statements.get(`SELECT s.threat_type AS threat_type, ${FIRST_REASON_SQL} AS reason FROM scores s WHERE s.event_id = ?`)
    return (this.statements.get(sql).all(...built.params) as Row[]).map((r) => {
      const top = headline.get(topId(r.top_key)) as { threat_type: string; reason: string }
      return toIncident(r, top)
    })
  }

  /** The ids of an incident's findings (for triage of the whole incident). */
  ids(key: IncidentKey): number[] {
    return this.statements.get(`SELECT s.event_id FROM scores s WHERE ${EPISODE_WHERE}`).pluck(true).all(key.episode) as number[]
  }
}

function names(json: string): string[] {
  return (JSON.parse(json) as (string | null)[])
    .filter((n): n is string => n !== null && n !== '')
    .sort()
    .slice(0, INCIDENT_NAMES)
}

function techniques(json: string): string[] {
  const out = new Set<string>()
  // Each distinct stored value is itself a JSON array of technique ids.
  for (const stored of JSON.parse(json) as (string | null)[]) if (stored) for (const t of JSON.parse(stored) as string[]) out.add(t)
  return [...out].sort()
}

function toIncident(r: Row, top: { threat_type: string; reason: string }): Incident {
  return {
    episode: r.episode,
    threat_type: threatTypeOf(top.threat_type),
    reason: top.reason,
    lines: r.lines,
    first_ts: r.first_ts,
    last_ts: r.last_ts,
    max_score: r.max_score,
    severity: (SEVERITIES[r.max_rank] ?? 'NONE') as Severity,
    mitre_techniques: techniques(r.techniques),
    hosts: names(r.hosts),
    host_count: r.host_count,
    users: names(r.users),
    user_count: r.user_count,
    src_ips: names(r.src_ips),
    src_ip_count: r.src_ip_count,
    untriaged: r.untriaged,
    status: r.status,
    top_finding_id: topId(r.top_key),
  }
}

/** The query over a Store's own connection (as findingsQueryOf). */
export function incidentsQueryOf(store: Store): IncidentsQuery {
  return new IncidentsQuery(store.connection, () => store.syncFindingsText())
}
