/**
 * An incident: the findings one detection raised together. Every line a rule marks as part of an
 * episode (the brute-force burst, the spraying run, the su after the sudo denial) carries the same
 * threat type and the same first reason, the episode's sentence with its numbers; so 364 lines of
 * one brute force are one incident, and the analyst triages it once.
 */
import { z } from 'zod'
import { SEVERITIES, TRIAGE_STATUSES } from './finding'
import { THREAT_TYPES } from './threat'

/** How many distinct hosts, users and addresses an incident lists by name (the rest are counted). */
export const INCIDENT_NAMES = 5

export const incidentSchema = z.object({
  threat_type: z.enum(THREAT_TYPES),
  /** The episode's sentence (the first reason of its lines). */
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
  /** The strongest line (highest score, then newest, as the lines grid orders them): what the detail panel opens. */
  top_finding_id: z.number().int(),
})
export type Incident = z.infer<typeof incidentSchema>

/** Identifies an incident in a findings filter or a triage request. */
export const incidentKeySchema = z.object({
  threat_type: z.string().max(200),
  reason: z.string().max(4000),
})
export type IncidentKey = z.infer<typeof incidentKeySchema>

export const incidentTriageSchema = incidentKeySchema.extend({
  status: z.enum(TRIAGE_STATUSES).optional(),
  note: z.string().max(10_000).optional(),
})
