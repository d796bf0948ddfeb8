/**
 * Episode ids: the key of an incident (shared/incident.ts). A rule's episode is its episode-level
 * hit (`HitSink.episodeOf`: the copies it derives for follow-on lines share it); a model-only
 * anomaly's episode is a burst on one host for one account (or, without one, one address): the
 * next anomaly more than an hour after the last starts a new one. An analyst then gets "alice on
 * db-01 was unusual from 02:10 to 03:40" once, not 40 times, and two unrelated nights twice.
 *
 * The id is the threat type and a digest of the episode's first line (host, time, raw text), so
 * the same attack read again — a rescan, or live scoring with its first line in the history
 * window — keeps its id, whatever its reason says.
 */
import { createHash } from 'node:crypto'
import type { NormalizedEvent } from '../../../shared/event'
import type { EventScore } from '../../../shared/finding'
import type { ThreatType } from '../../../shared/threat'
import type { EventTable } from '../../features/eventTable'
import type { HitSink } from '../rules/types'

/** A quieter hour than this between two anomalies of one host and account ends their episode. */
export const ANOMALY_EPISODE_GAP_MS = 60 * 60_000

/** `threat:digest` of the episode's first line. */
export function episodeId(threat: ThreatType, first: NormalizedEvent): string {
  const digest = createHash('sha1').update(`${first.host}\u0001${first.ts}\u0001${first.raw}`).digest('base64url').slice(0, 16)
  return `${threat}:${digest}`
}

/**
 * Fills `episode` of every finding in `out` (time order, aligned with `t`'s rows). `ruleHit[r]` is
 * the hit that named row r's finding, or -1 where the models did.
 */
export function assignEpisodes(t: EventTable, out: EventScore[], rules: HitSink | null, ruleHit: Int32Array): void {
  const episodes = new EpisodeAssigner(t, rules)
  for (let r = 0; r < t.n; r++) episodes.assign(r, out[r], ruleHit[r])
}

/** `assignEpisodes` row by row, for rows given in time order (a scan scores its rows in chunks). */
export class EpisodeAssigner {
  private readonly ruleIds = new Map<number, string>()
  private readonly bursts = new Map<string, { lastTs: number; id: string }>()

  constructor(
    private readonly t: EventTable,
    private readonly rules: HitSink | null,
  ) {}

  /** Sets `s.episode` for row `r` (a finding named by hit `hit`, or by the models when -1). */
  assign(r: number, s: EventScore, hit: number): void {
    const { t, rules } = this
    if (s.severity === 'NONE') return
    if (hit >= 0 && rules) {
      const root = rules.episodeOf(hit)
      let id = this.ruleIds.get(root)
      if (id === undefined) this.ruleIds.set(root, (id = episodeId(rules.hits[root].threat_type, t.event(r))))
      s.episode = id
      return
    }
    const who = t.user[r] >= 0 ? `u${t.user[r]}` : `a${t.ip[r]}`
    const key = `${t.host[r]}\u0001${who}\u0001${s.threat_type}`
    const burst = this.bursts.get(key)
    if (burst && t.ts[r] - burst.lastTs <= ANOMALY_EPISODE_GAP_MS) {
      burst.lastTs = t.ts[r]
      s.episode = burst.id
      return
    }
    const id = episodeId(s.threat_type, t.event(r))
    this.bursts.set(key, { lastTs: t.ts[r], id })
    s.episode = id
  }
}
