/**
 * The pictures' data: aggregates the engine computes in SQL over the grid's filter (timeline,
 * ATT&CK counts, score distributions, threat types, top entities, login statistics). The renderer
 * and the HTML report draw them; neither ever holds raw rows.
 */
import { z } from 'zod'
import type { Severity } from './finding'
import { findingsFilterSchema } from './findingsFilter'
import type { AttackMatrix, NavigatorExport, ReportExport } from './matrix'

/** Counts per severity, indexed by rank: [NONE, LOW, MEDIUM, HIGH, CRITICAL]. */
export type SeverityCounts = [number, number, number, number, number]

/** Bucket widths the timeline picks from, smallest first (ms). */
export const TIMELINE_BUCKETS_MS = [60_000, 5 * 60_000, 15 * 60_000, 3_600_000, 6 * 3_600_000, 86_400_000] as const
/** The timeline aims at no more than this many buckets over its range. */
export const TIMELINE_MAX_BUCKETS = 200

/** The smallest bucket width that shows `spanMs` in at most TIMELINE_MAX_BUCKETS buckets (a day at most). */
export function bucketFor(spanMs: number): number {
  for (const b of TIMELINE_BUCKETS_MS) if (spanMs / b <= TIMELINE_MAX_BUCKETS) return b
  return TIMELINE_BUCKETS_MS[TIMELINE_BUCKETS_MS.length - 1]
}

export interface TimelineBucket {
  /** Start of the bucket, epoch ms (UTC, a multiple of bucketMs). */
  t: number
  bySeverity: SeverityCounts
}

/** Events per time bucket stacked by severity, over the whole span of the filter's events (its time range ignored, so a brush shows in context). */
export interface Timeline {
  bucketMs: number
  /** First and last event time, null when no event matches. */
  first: number | null
  last: number | null
  /** Only buckets with events, in time order. */
  buckets: TimelineBucket[]
}

export interface TechniqueCount {
  /** ATT&CK technique or sub-technique id. */
  id: string
  count: number
  severity: Severity
  /** The reason most of its findings give (their first reason). */
  topReason: string
}

/** Score histogram of every event the filter selects (the severity floor ignored: the thresholds are drawn on it). */
export interface ScoreHistogram {
  /** Bin width; bins start at 0, so bin i is [i·width, (i+1)·width). */
  width: number
  counts: number[]
}

export interface ThreatScores {
  threat_type: string
  count: number
  /** min, first quartile, median, third quartile, max (to the store's bin width). */
  box: [number, number, number, number, number]
}

export interface ThreatCount {
  threat_type: string
  count: number
  severity: Severity
}

export const ENTITY_FIELDS = ['user', 'src_ip', 'host'] as const
export type EntityField = (typeof ENTITY_FIELDS)[number]

export interface EntityCount {
  value: string
  count: number
  severity: Severity
}

/** Logins (auth_success, auth_failure) per user per 5-minute window, against a Poisson fit. */
export interface LoginWindows {
  /** User-windows with at least one login. */
  windows: number
  users: number
  logins: number
  /** λ of the zero-truncated Poisson fitted to the counts (a window without a login is not seen). */
  lambda: number
  /** k = 1, 2, …: windows seen with k logins and windows the fit expects. The last row holds k and above. */
  rows: { k: number; observed: number; expected: number }[]
  /** Windows whose count the fit gives a probability below 1 in 10,000. */
  unlikely: number
  /** True when only a sample was read: see LOGIN_SAMPLE. */
  sampled: boolean
}

/** Time between consecutive logins of a user, against the fitted exponential. */
export interface InterArrival {
  gaps: number
  /** Rate of the fitted exponential, per second (1 / mean gap). */
  ratePerSec: number
  /** Bins of gap length in seconds (log-spaced; the last has no upper edge), observed and expected gaps. */
  bins: { fromSec: number; toSec: number | null; observed: number; expected: number }[]
  sampled: boolean
}

/**
 * The most logins the two login statistics read: past it, the first in user name then time order,
 * cut at a 5-minute window boundary (whole user-windows; engine/store/loginSample.ts).
 */
export const LOGIN_SAMPLE = 20_000

const topParams = findingsFilterSchema.extend({
  field: z.enum(ENTITY_FIELDS),
  limit: z.number().int().min(1).max(100).optional(),
})

/** Params schemas of the insights methods (merged into methodParams). */
export const insightsParams = {
  'insights.timeline': findingsFilterSchema,
  'insights.techniques': findingsFilterSchema,
  'insights.scoreHistogram': findingsFilterSchema,
  'insights.scoresByThreat': findingsFilterSchema,
  'insights.threats': findingsFilterSchema,
  'insights.top': topParams,
  'insights.loginWindows': findingsFilterSchema,
  'insights.interArrival': findingsFilterSchema,
  /** The ATT&CK matrix of the techniques seen; `all` adds the rest of the catalogue, unseen. */
  'insights.matrix': findingsFilterSchema.extend({ all: z.boolean().optional() }),
  /** An ATT&CK Navigator layer (format 4.5) of the techniques the filter's findings name. */
  'export.navigator': findingsFilterSchema,
  /** The self-contained HTML report of the filter (as `vigil scan --report`). */
  'export.report': findingsFilterSchema,
} as const

export interface InsightsResults {
  'insights.timeline': Timeline
  'insights.techniques': TechniqueCount[]
  'insights.scoreHistogram': ScoreHistogram
  'insights.scoresByThreat': ThreatScores[]
  'insights.threats': ThreatCount[]
  'insights.top': EntityCount[]
  'insights.loginWindows': LoginWindows
  'insights.interArrival': InterArrival
  'insights.matrix': AttackMatrix
  'export.navigator': NavigatorExport
  'export.report': ReportExport
}
