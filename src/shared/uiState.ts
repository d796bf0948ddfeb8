/**
 * The analyst's view of the grid, kept in the engine's store so the app (or `vigil serve`, whose
 * port and origin change every run) comes back as it was: sort, column filters, quick filter,
 * severity floor, selected finding, column order and widths, the toolbar's toggles, which view is
 * shown (incidents or lines) and the incident whose lines the grid is narrowed to.
 * Bounded in every dimension: it is written by a client and read back into the UI.
 */
import { z } from 'zod'
import { SEVERITIES } from './finding'
import { GROUP_COLUMNS } from './groups'
import { QUERY_COLUMNS, numberCondition, sortModelSchema, textCondition, timeBound } from './findingsFilter'
import { incidentRefSchema } from './incident'

/** The most a saved view may take, serialized. */
export const UI_STATE_MAX_BYTES = 64 * 1024

/** AG Grid's date filter (the time column), as the grid itself holds it: local dates, not epochs. */
const dateCondition = z
  .object({
    filterType: z.literal('date'),
    type: z.enum(['equals', 'notEqual', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'inRange', 'blank', 'notBlank']),
    dateFrom: z.string().max(40).nullish(),
    dateTo: z.string().max(40).nullish(),
  })
  .strip()
const gridCondition = z.discriminatedUnion('filterType', [textCondition, numberCondition, dateCondition])
const gridCombined = z
  .object({
    filterType: z.enum(['text', 'number', 'date']),
    operator: z.enum(['AND', 'OR']),
    conditions: z.array(gridCondition).min(1).max(10),
  })
  .strip()

/** One column's filter model as the grid holds it (restored with `setFilterModel` / `initialState`). */
export const gridFilterSchema = z.union([gridCombined, gridCondition])
export type GridFilter = z.infer<typeof gridFilterSchema>

/** A column's place and width; the array is in display order. No width: the column keeps its own (flex). */
export const savedColumnSchema = z
  .object({
    colId: z.enum(QUERY_COLUMNS),
    width: z.number().int().min(10).max(5000).optional(),
    /** Hidden with the column chooser (absent: shown). */
    hide: z.literal(true).optional(),
  })
  .strict()
export type SavedColumn = z.infer<typeof savedColumnSchema>

/** The two views: findings grouped into incidents, or the grid of lines. */
export const VIEWS = ['incidents', 'lines', 'insights', 'attack'] as const
export type View = (typeof VIEWS)[number]

export const uiStateSchema = z
  .object({
    sortModel: sortModelSchema.optional(),
    filterModel: z.partialRecord(z.enum(QUERY_COLUMNS), gridFilterSchema).optional(),
    quickFilter: z.string().max(1000).optional(),
    minSeverity: z.enum(SEVERITIES).optional(),
    /** The finding open in the detail panel; null when none. */
    selectedId: z.number().int().nonnegative().nullable().optional(),
    columns: z.array(savedColumnSchema).max(QUERY_COLUMNS.length).optional(),
    showDetectors: z.boolean().optional(),
    showSources: z.boolean().optional(),
    /** Absent: the incidents view (what a first start shows). */
    view: z.enum(VIEWS).optional(),
    /** The lines are grouped by this column (the group panel; absent: not grouped). */
    groupBy: z.enum(GROUP_COLUMNS).optional(),
    /** The lines grid shows only this incident's lines (absent: every line). */
    incident: incidentRefSchema.strict().optional(),
    /** The timeline's brush: the time range every view shows (epoch ms; absent: all time). */
    from: timeBound.optional(),
    to: timeBound.optional(),
  })
  .strict()
  .refine((s) => JSON.stringify(s).length <= UI_STATE_MAX_BYTES, { message: `the UI state is larger than ${UI_STATE_MAX_BYTES} bytes` })
/** Every field optional: an empty object is the default view. */
export type UiState = z.infer<typeof uiStateSchema>
