/**
 * The whole engine API, declared once. Every transport (Electron IPC, loopback WebSocket,
 * in-process) carries exactly these methods and events, and validates params with these schemas.
 */
import { z } from 'zod'
import { SEVERITIES, TRIAGE_STATUSES, type Finding } from './finding'
import type { TechniqueInfo } from './mitre'
import type { ScanSummary, SourceFile } from './sources'

const empty = z.object({}).strict()
const findingId = z.number().int().nonnegative()

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
] as const
export type QueryColumn = (typeof QUERY_COLUMNS)[number]

const filterText = z.string().max(1000)
const textCondition = z
  .object({
    filterType: z.literal('text'),
    type: z.enum(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank']),
    filter: filterText.nullish(),
  })
  .strip()
const numberCondition = z
  .object({
    filterType: z.literal('number'),
    type: z.enum(['equals', 'notEqual', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'inRange', 'blank', 'notBlank']),
    filter: z.number().nullish(),
    filterTo: z.number().nullish(),
  })
  .strip()
const setCondition = z.object({ filterType: z.literal('set'), values: z.array(filterText.nullable()).max(1000) }).strip()
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

/** Sort, filters, quick filter and severity floor: what the grid shows (and the export writes). */
export const findingsFilterSchema = z
  .object({
    sortModel: z.array(z.object({ colId: z.enum(QUERY_COLUMNS), sort: z.enum(['asc', 'desc']) }).strict()).max(5).optional(),
    filterModel: z.partialRecord(z.enum(QUERY_COLUMNS), columnFilterSchema).optional(),
    /** Words separated by spaces; every word must match some visible column (as AG Grid's quick filter). */
    quickFilter: z.string().max(1000).optional(),
    /** Lowest severity shown; NONE shows every scored event. Default LOW. */
    minSeverity: z.enum(SEVERITIES).optional(),
  })
  .strict()
export type FindingsFilter = z.infer<typeof findingsFilterSchema>

/** A page of the grid: rows [startRow, endRow) of the filtered, sorted findings. */
export const findingsQuerySchema = findingsFilterSchema.extend({
  startRow: z.number().int().nonnegative(),
  endRow: z.number().int().nonnegative(),
}).refine((q) => q.endRow >= q.startRow && q.endRow - q.startRow <= 1000, { message: 'endRow - startRow must be 0..1000' })
export type FindingsQuery = z.infer<typeof findingsQuerySchema>

/** Params schema of every method. Unknown keys are rejected: they are a bug or an attack. */
export const methodParams = {
  'app.info': empty,
  'sources.open': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'sources.list': empty,
  'summary.get': empty,
  'findings.list': z
    .object({
      /** Lowest severity returned; NONE returns every scored event. Default LOW. */
      minSeverity: z.enum(SEVERITIES).optional(),
    })
    .strict(),
  'findings.get': z.object({ id: findingId }).strict(),
  'triage.set': z
    .object({
      id: findingId,
      status: z.enum(TRIAGE_STATUSES).optional(),
      note: z.string().max(10_000).optional(),
    })
    .strict(),
  /**
   * Export what the grid shows: the same sort, filters, quick filter and severity floor as
   * `findings.query`, every matching row. (`{ ids }`: the given findings in the given order.)
   */
  'export.csv': z.union([z.object({ ids: z.array(findingId).max(10_000_000) }).strict(), findingsFilterSchema]),
  /** One page of the grid, sorted, filtered and counted by the engine (the client never holds every row). */
  'findings.query': findingsQuerySchema,
} as const

export type MethodName = keyof typeof methodParams
export type MethodParams<M extends MethodName> = z.infer<(typeof methodParams)[M]>

export interface AppInfo {
  version: string
  attackVersion: string
  attackNotice: string
  /** Folders open in this session. */
  roots: string[]
}

export interface FindingDetail {
  finding: Finding
  techniques: TechniqueInfo[]
  /** Events just before and after it in the same file, for context (the finding itself included). */
  context: Finding[]
}

export interface FindingsPage {
  rows: Finding[]
  /** How many findings match the filters (all pages). */
  total: number
}

export interface CsvExport {
  filename: string
  csv: string
  rows: number
}

/** Result type of every method. */
export interface MethodResults {
  'app.info': AppInfo
  'sources.open': ScanSummary
  'sources.list': SourceFile[]
  'summary.get': ScanSummary
  'findings.list': Finding[]
  'findings.query': FindingsPage
  'findings.get': FindingDetail
  'triage.set': Finding
  'export.csv': CsvExport
}
export type MethodResult<M extends MethodName> = MethodResults[M]

/** Events pushed from the engine to every connected UI. */
export interface EventPayloads {
  /** New scored events from a scan or a watched file (only those at LOW or above). */
  'findings.added': { findings: Finding[] }
  /** A finding's triage changed (from any window). */
  'findings.updated': { findings: Finding[] }
  'ingest.progress': { phase: 'discover' | 'parse' | 'detect' | 'store' | 'done'; filesDone: number; filesTotal: number; events: number }
  'summary.changed': ScanSummary
}
export type EventName = keyof EventPayloads

export const API_ERROR_CODES = ['bad_request', 'unknown_method', 'not_found', 'unreadable', 'internal'] as const
export type ApiErrorCode = (typeof API_ERROR_CODES)[number]
export interface ApiError {
  code: ApiErrorCode
  message: string
}

/** The envelope every transport uses. */
export interface RequestEnvelope {
  id: number
  method: string
  params: unknown
}
export type ReplyEnvelope = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ApiError }
export interface EventEnvelope {
  event: EventName
  payload: unknown
}

export const requestEnvelopeSchema = z.object({
  id: z.number().int(),
  method: z.string().max(100),
  params: z.unknown(),
})

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methodParams, name)
}

/** What the renderer (and any client) programs against; it knows nothing of the transport. */
export interface VigilClient {
  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>
  on<E extends EventName>(event: E, callback: (payload: EventPayloads[E]) => void): () => void
}

/** Thrown by clients when a call is answered with an error envelope. */
export class ApiCallError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ApiCallError'
  }
}
