/**
 * Group-by of the lines grid (Timeline Explorer's group panel): the findings the grid's filter
 * selects, counted per value of one column, in the engine (SQL GROUP BY), so it answers at millions
 * of events. A group opens as a filter on that column: `equals` its value, `blank` for none.
 */
import { z } from 'zod'
import { findingsFilterSchema } from './findingsFilter'

/** Columns the lines can be grouped by: one value per line, few enough values to list. */
/** `source` groups by file (its lines apart). */
export const GROUP_COLUMNS = ['host', 'user', 'src_ip', 'event', 'severity', 'threat_type', 'status', 'source'] as const
export type GroupColumn = (typeof GROUP_COLUMNS)[number]

/** Most groups listed (the biggest first); the rest are counted. */
export const MAX_GROUPS = 1000

export const findingsGroupsSchema = findingsFilterSchema.extend({
  column: z.enum(GROUP_COLUMNS),
  limit: z.number().int().min(1).max(MAX_GROUPS).optional(),
})
export type FindingsGroupsParams = z.infer<typeof findingsGroupsSchema>

export interface FindingsGroup {
  /** The column's value; null for lines without one (no user, no address). */
  value: string | null
  count: number
}

export interface FindingsGroups {
  column: GroupColumn
  /** Biggest first, then by value. */
  groups: FindingsGroup[]
  /** How many groups there are in all (more than `groups.length` when cut at the limit). */
  groupCount: number
  /** How many lines the filter selects (the sum over every group). */
  total: number
}
