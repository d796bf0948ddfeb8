/**
 * What the findings grid asks the engine for: the columns it may sort and filter on, AG Grid's
 * column filter models as the engine understands them, and the whole filter of a page or export.
 */
import { z } from 'zod'
import { SEVERITIES } from './finding'
import { incidentKeySchema } from './incident'

/** Grid columns the server can sort and filter on (a whitelist: never SQL from the client). */
export const QUERY_COLUMNS = [
  'time',
  'host',
  'user',
  'src_ip',
  'event',
  'score',
  'severity',
  'threat_type',
  'mitre',
  'status',
  'source',
  'source_file',
  'why',
  'iforest',
  'autoencoder',
  'statistical',
  'rules',
  'tags',
] as const
export type QueryColumn = (typeof QUERY_COLUMNS)[number]

export const filterText = z.string().max(1000)
export const textCondition = z
  .object({
    filterType: z.literal('text'),
    type: z.enum(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank']),
    filter: filterText.nullish(),
  })
  .strip()
export const numberCondition = z
  .object({
    filterType: z.literal('number'),
    type: z.enum(['equals', 'notEqual', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'inRange', 'blank', 'notBlank']),
    filter: z.number().nullish(),
    filterTo: z.number().nullish(),
  })
  .strip()
export const setCondition = z.object({ filterType: z.literal('set'), values: z.array(filterText.nullable()).max(1000) }).strip()
const condition = z.discriminatedUnion('filterType', [textCondition, numberCondition, setCondition])
const combined = z
  .object({
    filterType: z.enum(['text', 'number']),
    operator: z.enum(['AND', 'OR']),
    conditions: z.array(z.discriminatedUnion('filterType', [textCondition, numberCondition])).min(1).max(10),
  })
  .strip()

/** One column's filter: AG Grid's filter model (text / number, optionally two conditions joined), or a set of values. */
export const columnFilterSchema = z.union([combined, condition])
export type ColumnFilter = z.infer<typeof columnFilterSchema>

/** The grid's sort, most significant first. */
export const sortModelSchema = z.array(z.object({ colId: z.enum(QUERY_COLUMNS), sort: z.enum(['asc', 'desc']) }).strict()).max(5)
export type SortModel = z.infer<typeof sortModelSchema>

/** Epoch milliseconds within years 1970..2200. */
export const timeBound = z.number().int().min(0).max(7_258_118_400_000)

/** Sort, filters, quick filter and severity floor: what the grid shows (and the export writes). */
export const findingsFilterSchema = z
  .object({
    sortModel: sortModelSchema.optional(),
    filterModel: z.partialRecord(z.enum(QUERY_COLUMNS), columnFilterSchema).optional(),
    /** Words separated by spaces; every word must match some visible column (as AG Grid's quick filter). */
    quickFilter: z.string().max(1000).optional(),
    /** Lowest severity shown; NONE shows every scored event. Default LOW. */
    minSeverity: z.enum(SEVERITIES).optional(),
    /** Only the lines of this incident (shared/incident.ts). */
    incident: incidentKeySchema.optional(),
    /** Time range (epoch ms, UTC): events at or after `from` and before `to` (the timeline's brush). */
    from: timeBound.optional(),
    to: timeBound.optional(),
  })
  .strict()
export type FindingsFilter = z.infer<typeof findingsFilterSchema>
