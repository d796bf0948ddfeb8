/**
 * A finding is a scored event (DESIGN.md, "Findings and anomalies.csv").
 */
import { z } from 'zod'
import { normalizedEventSchema } from './event'
import { TAG_COLORS } from './tags'
import { THREAT_TYPES } from './threat'

export const SEVERITIES = ['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Lower bound of each band; an ensemble score below LOW's bound is NONE (not a finding). */
export const SEVERITY_FLOOR: Readonly<Record<Exclude<Severity, 'NONE'>, number>> = {
  LOW: 0.5,
  MEDIUM: 0.7,
  HIGH: 0.85,
  CRITICAL: 0.95,
}

export function severityOf(score: number): Severity {
  if (score >= SEVERITY_FLOOR.CRITICAL) return 'CRITICAL'
  if (score >= SEVERITY_FLOOR.HIGH) return 'HIGH'
  if (score >= SEVERITY_FLOOR.MEDIUM) return 'MEDIUM'
  if (score >= SEVERITY_FLOOR.LOW) return 'LOW'
  return 'NONE'
}

/** Rank for comparisons such as `--min-severity`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

export const DETECTORS = ['iforest', 'autoencoder', 'statistical', 'rules'] as const
export type DetectorName = (typeof DETECTORS)[number]

export const TRIAGE_STATUSES = ['new', 'investigating', 'false_positive', 'escalated', 'resolved'] as const
export type TriageStatus = (typeof TRIAGE_STATUSES)[number]

/** What the detectors say about one event. */
export const eventScoreSchema = z.object({
  /** Ensemble score in [0, 1]. */
  score: z.number().min(0).max(1),
  severity: z.enum(SEVERITIES),
  /** e.g. `brute_force`, `password_spraying`; `anomaly` when only the models speak; `none` below LOW. */
  threat_type: z.enum(THREAT_TYPES),
  /** ATT&CK technique ids, e.g. `T1110.001`. */
  mitre_techniques: z.array(z.string()),
  /** ATT&CK tactic names, e.g. `Credential Access`. */
  mitre_tactics: z.array(z.string()),
  /** Each detector's own score in [0, 1]; absent when that detector did not run. */
  detector_scores: z.partialRecord(z.enum(DETECTORS), z.number()),
  /** One to three short human sentences that say why. */
  reasons: z.array(z.string()),
  /**
   * The episode this finding belongs to, the key of its incident (shared/incident.ts): the id the
   * detector assigned to the attack (or burst of anomalies) the line is part of; '' below LOW.
   */
  episode: z.string(),
  /** Ids of the Sigma rules that reported on the event (absent or empty: none). */
  sigma_rules: z.array(z.string()).optional(),
  /** The analyst's tags (shared/tags.ts); absent when none. */
  tags: z.array(z.string()).optional(),
  /** The analyst's colour for the line; absent when none. */
  color: z.enum(TAG_COLORS).optional(),
})
export type EventScore = z.infer<typeof eventScoreSchema>

/** A row of the grid and of anomalies.csv: the event, its score and its triage state. */
export const findingSchema = normalizedEventSchema.extend(eventScoreSchema.shape).extend({
  /** Store id of the event. */
  id: z.number().int(),
  status: z.enum(TRIAGE_STATUSES),
  note: z.string(),
  /** ATT&CK version the technique ids refer to, e.g. `18.1`. */
  attack_version: z.string(),
})
export type Finding = z.infer<typeof findingSchema>
