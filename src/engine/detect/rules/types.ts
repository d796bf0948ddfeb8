/**
 * The shared shape of threat rules. A rule looks at the time-sorted event table and the window
 * columns and reports hits: one RuleHit per episode, attached to every row that belongs to it.
 */
import type { BoundBaseline } from '../../features/boundBaseline'
import type { EventTable } from '../../features/eventTable'
import type { WindowColumns } from '../../features/extract'
import type { Sessions } from '../../features/sessions'
import type { Groups } from '../../features/windows'
import type { RuleThresholds } from './thresholds'
import type { ThreatType } from '../../../shared/threat'

/** What a rule concluded about an episode. */
export interface RuleHit {
  /** Rule id, e.g. `brute_force`. */
  rule: string
  /** Threat type shown to the analyst, e.g. `brute_force`, `password_spraying`. */
  threat_type: ThreatType
  /** ATT&CK technique ids. */
  techniques: string[]
  /** ATT&CK tactic names beyond those of the techniques (a Sigma rule's `attack.<tactic>` tags). */
  tactics?: string[]
  /** 0..1; used directly as the ensemble score floor (0.7 = MEDIUM, 0.85 = HIGH, 0.95 = CRITICAL). */
  strength: number
  /** One sentence with the numbers that matter. */
  reason: string
}

export interface RuleContext {
  t: EventTable
  w: WindowColumns
  bb: BoundBaseline
  th: RuleThresholds
  /** Rows before this index are in the baseline period. */
  baselineRows: number
  sessions: Sessions
  /** Rows of each session, in time order. */
  sessionRows: Groups
}

/** Collects hits, keeping per row the strongest one (and the runner-up for a second reason). */
export class HitSink {
  readonly hits: RuleHit[] = []
  readonly best: Int32Array
  readonly second: Int32Array
  /** [original, copy] pairs made by `derive`. */
  private readonly copies: [number, number][] = []
  /** Per hit, the hit it was derived from (itself for an episode-level hit): its episode. */
  private readonly origin: number[] = []

  constructor(n: number) {
    this.best = new Int32Array(n).fill(-1)
    this.second = new Int32Array(n).fill(-1)
  }

  /** Registers an episode-level hit; returns its id for `mark`. */
  add(hit: RuleHit): number {
    this.hits.push(hit)
    this.origin.push(this.hits.length - 1)
    return this.hits.length - 1
  }

  /** The episode-level hit that hit `id` belongs to (`derive` copies share their original's episode). */
  episodeOf(id: number): number {
    return this.origin[id]
  }

  /**
   * A copy of hit `id` a little weaker, for rows that belong to the episode by context (same
   * session) rather than by their own content, so that a row's own hit wins a tie.
   */
  derive(id: number, delta = 0.01): number {
    const h = this.hits[id]
    const copy = this.add({ ...h, strength: Math.max(0, h.strength - delta) })
    this.copies.push([id, copy])
    this.origin[copy] = this.origin[id]
    return copy
  }

  /**
   * Adds to the sentence of hit `id` and of the copies made of it: every line of one episode keeps
   * the same reason, which is what groups them into one incident (shared/incident.ts).
   */
  appendReason(id: number, text: string): void {
    this.hits[id].reason += text
    for (const [from, copy] of this.copies) if (from === id) this.appendReason(copy, text)
  }

  /** Attaches hit `id` to `row`. */
  mark(row: number, id: number): void {
    const b = this.best[row]
    if (b === id || this.second[row] === id) return
    if (b < 0) {
      this.best[row] = id
      return
    }
    const hs = this.hits
    if (hs[id].strength > hs[b].strength) {
      if (hs[b].threat_type !== hs[id].threat_type) this.second[row] = b
      this.best[row] = id
    } else if (hs[b].threat_type !== hs[id].threat_type) {
      const s = this.second[row]
      if (s < 0 || hs[id].strength > hs[s].strength) this.second[row] = id
    }
  }

  /** Strength of the best hit on a row, or 0. */
  strength(row: number): number {
    const b = this.best[row]
    return b < 0 ? 0 : this.hits[b].strength
  }
}

/** A rule: reads the context, writes hits. */
export type Rule = (ctx: RuleContext, sink: HitSink) => void
