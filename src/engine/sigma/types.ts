/** The shapes of loaded Sigma rules, shared by the loader, the matcher and the report. */
import type { EventView } from './EventView'

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const
export type SigmaLevel = (typeof LEVELS)[number]

/** Which events a rule's logsource lets it see (the prefilter before any field is read). */
export type Scope =
  /** Every event (product linux without a service, or no product). */
  | { kind: 'all' }
  /** Events whose program is one of these (lowercase): a service with its own daemon. */
  | { kind: 'programs'; programs: readonly string[] }
  /** JSON records only (a logsource category: process_creation, network_connection...). */
  | { kind: 'json' }

/** What every loaded rule, detection or correlation, tells the analyst. */
export interface SigmaMeta {
  id: string
  /** `name:` (correlations refer to rules by it), or null. */
  name: string | null
  title: string
  level: SigmaLevel
  /** ATT&CK technique ids from `attack.tNNNN[.NNN]` tags, upper-case, unknown ones kept. */
  techniques: string[]
  /** ATT&CK tactic names from `attack.<tactic>` tags, e.g. `Persistence`. */
  tactics: string[]
  /** Absolute path of the rule's file. */
  path: string
  /** 1-based line of the rule's YAML document in that file. */
  line: number
}

export interface DetectionRule extends SigmaMeta {
  kind: 'detection'
  scope: Scope
  test: (v: EventView) => boolean
  /** Needles (lowercased text) one of which every matching event holds; null = the rule is tried on every event in scope. */
  trigger: readonly string[] | null
  /** The Sigma field names its selections read (keywords read the raw line and are not listed). */
  fields: readonly string[]
}

export type CorrelationType = 'event_count' | 'value_count' | 'temporal'

/** A count condition: every bound given must hold (`gt: 100, lte: 200` is a range). */
export interface CountCondition {
  gt?: number
  gte?: number
  lt?: number
  lte?: number
  eq?: number
}

export interface CorrelationRule extends SigmaMeta {
  kind: 'correlation'
  type: CorrelationType
  /** Referenced rules, by id or name, as written. */
  rules: string[]
  groupBy: string[]
  timespanMs: number
  condition: CountCondition
  /** value_count: the field whose distinct values are counted. */
  field: string | null
  /** `aliases:` alias → (rule name → field). */
  aliases: Readonly<Record<string, Readonly<Record<string, string>>>>
  /** `generate: true`: the referenced rules also report on their own. */
  generate: boolean
}

export type SigmaRule = DetectionRule | CorrelationRule

/** One rule document as `vigil sigma check` reports it. */
export type LoadEntry =
  | { status: 'loaded'; path: string; line: number; id: string; title: string; kind: 'detection' | 'correlation'; level: SigmaLevel }
  | { status: 'skipped'; path: string; line: number; id: string | null; title: string | null; reason: string }
