/**
 * An incident: the findings one detection raised together, keyed by their episode. A rule that
 * fires assigns an episode id (its threat type and the first line of the attack) and every line it
 * ties to the attack (the brute-force burst, the spraying run, the su after the sudo denial)
 * carries it; so 364 lines of one brute force are one incident, the analyst triages it once, and a
 * reworded reason or two attacks described by the same sentence change nothing. Model-only
 * anomalies form episodes of their own: one host and account (or address), no gap over an hour.
 */
import { z } from 'zod'
import { SEVERITIES, TRIAGE_STATUSES } from './finding'
import { THREAT_TYPES } from './threat'

/** How many distinct hosts, users and addresses an incident lists by name (the rest are counted). */
export const INCIDENT_NAMES = 5

/** The longest episode id a request may name (they are ~40 characters). */
export const EPISODE_MAX_LENGTH = 300

export const incidentSchema = z.object({
  /** The episode id: what identifies the incident (IncidentKey). */
  episode: z.string(),
  threat_type: z.enum(THREAT_TYPES),
  /** The episode's sentence: the first reason of its strongest line. */
  reason: z.string(),
  lines: z.number().int(),
  first_ts: z.number(),
  last_ts: z.number(),
  max_score: z.number(),
  severity: z.enum(SEVERITIES),
  mitre_techniques: z.array(z.string()),
  hosts: z.array(z.string()),
  host_count: z.number().int(),
  users: z.array(z.string()),
  user_count: z.number().int(),
  src_ips: z.array(z.string()),
  src_ip_count: z.number().int(),
  /** Lines still `new` (not triaged). */
  untriaged: z.number().int(),
  /** The status its lines share, or `mixed` when they differ. */
  status: z.enum([...TRIAGE_STATUSES, 'mixed']),
  /** The strongest line (highest score, then newest, as the lines grid orders them): what the detail panel opens. */
  top_finding_id: z.number().int(),
})
export type Incident = z.infer<typeof incidentSchema>

/** Identifies an incident in a findings filter or a triage request: its episode. */
export const incidentKeySchema = z.object({
  episode: z.string().min(1).max(EPISODE_MAX_LENGTH),
})
export type IncidentKey = z.infer<typeof incidentKeySchema>

/** An incident as a saved view remembers it: its key, and what the chip above the lines shows. */
export const incidentRefSchema = incidentKeySchema.extend({
  threat_type: z.enum(THREAT_TYPES),
  reason: z.string().max(4000),
})
export type IncidentRef = z.infer<typeof incidentRefSchema>

export const incidentTriageSchema = incidentKeySchema.extend({
  status: z.enum(TRIAGE_STATUSES).optional(),
  note: z.string().max(10_000).optional(),
})
