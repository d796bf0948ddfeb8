/**
 * The whole engine API, declared once. Every transport (Electron IPC, loopback WebSocket,
 * in-process) carries exactly these methods and events, and validates params with these schemas.
 */
import { z } from 'zod'
import { SEVERITIES, TRIAGE_STATUSES, type Finding, type Severity } from './finding'
import { findingsFilterSchema } from './findingsFilter'
import type { TechniqueInfo } from './mitre'
import type { ClosedRoot, ScanSummary, SourceFile } from './sources'
import { incidentTriageSchema, type Incident } from './incident'
import { sigmaParams, type SigmaResults, type SigmaRuleRef } from './sigma'
import { uiStateSchema, type UiState } from './uiState'
import { findingsGroupsSchema, type FindingsGroups } from './groups'
import { TAG_COLORS, tagsSchema } from './tags'
import { caseIdSchema, caseNameSchema, type CaseInfo, type CasesList } from './cases'
import { insightsParams, type InsightsResults } from './insights'

export { QUERY_COLUMNS, columnFilterSchema, findingsFilterSchema } from './findingsFilter'
export type { ColumnFilter, FindingsFilter, QueryColumn } from './findingsFilter'
export type { UiState } from './uiState'

const empty = z.object({}).strict()
const findingId = z.number().int().nonnegative()

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
  /**
   * Reads a file skipped as a decompression bomb up to the cap (the ratio limit × its compressed
   * size): the analyst's answer to the Sources panel's prompt. `root` as listed by `sources.list`.
   */
  'sources.readCapped': z.object({ root: z.string().min(1).max(4096), path: z.string().min(1).max(4096) }).strict(),
  /**
   * Closes an opened root (`root` as listed by `sources.list`): stops watching it and removes its
   * files, events, scores and triage from the case; what remains is scored again.
   */
  'sources.close': z.object({ root: z.string().min(1).max(4096) }).strict(),
  'summary.get': empty,
  /** Stops the running scan after the file it is reading; what was stored stays (scored at the next open). */
  'ingest.cancel': empty,
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
      /** Replaces the line's tags (shared/tags.ts). */
      tags: tagsSchema.optional(),
      /** Sets the line's colour; null clears it. */
      color: z.enum(TAG_COLORS).nullable().optional(),
    })
    .strict(),
  /**
   * Export what the grid shows: the same sort, filters, quick filter and severity floor as
   * `findings.query`, every matching row. (`{ ids }`: the given findings in the given order.)
   */
  'export.csv': z.union([z.object({ ids: z.array(findingId).max(10_000_000) }).strict(), findingsFilterSchema]),
  /** One page of the grid, sorted, filtered and counted by the engine (the client never holds every row). */
  'findings.query': findingsQuerySchema,
  /** The findings the grid's filter selects, grouped into incidents (one per detected episode), strongest first. */
  'incidents.list': findingsFilterSchema,
  /** Sets the status and/or note of every line of an incident at once. */
  'incidents.triage': incidentTriageSchema.strict(),
  /** The current case and every known one, most recently opened first. */
  'cases.list': empty,
  /** A new, empty case (its own store), opened: the window then opens folders into it. */
  'cases.new': z.object({ name: caseNameSchema }).strict(),
  /** Opens a known case: its store, folders, triage and saved view. */
  'cases.open': z.object({ id: caseIdSchema }).strict(),
  /** The lines the filter selects, counted per value of one column (the grid's group panel). */
  'findings.groups': findingsGroupsSchema.strict(),
  /** Whether a finding is among those the filter selects (the detail panel closes when its row leaves the filter). */
  'findings.contains': findingsFilterSchema.extend({ id: findingId }).strict(),
  /** Sets the status, note, tags and/or colour of the selected lines at once (multi-select in the lines grid). */
  'triage.bulk': z
    .object({
      ids: z.array(findingId).min(1).max(100_000),
      status: z.enum(TRIAGE_STATUSES).optional(),
      note: z.string().max(10_000).optional(),
      tags: tagsSchema.optional(),
      /** Added to each line's own tags (they keep theirs). */
      addTags: tagsSchema.optional(),
      color: z.enum(TAG_COLORS).nullable().optional(),
    })
    .strict(),
  /** The grid as the analyst left it (sort, filters, floor, selection, columns); `{}` when none is saved. */
  'ui.getState': empty,
  /** Saves the whole view, replacing the last one (the renderer writes it, debounced, as it changes). */
  'ui.setState': uiStateSchema,
  /** The pictures' aggregates over a filter (shared/insights.ts). */
  ...insightsParams,
  /** The Sigma rules (shared/sigma.ts). */
  ...sigmaParams,
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
  /** The Sigma rules named in `finding.sigma_rules` that are loaded now, with their files. */
  sigmaRules?: SigmaRuleRef[]
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
export interface MethodResults extends InsightsResults, SigmaResults {
  'app.info': AppInfo
  'sources.open': ScanSummary
  'sources.list': SourceFile[]
  'sources.readCapped': ScanSummary
  'sources.close': ClosedRoot
  'summary.get': ScanSummary
  /** `cancelled`: a scan was running and will stop. */
  'ingest.cancel': { cancelled: boolean }
  'findings.list': Finding[]
  'findings.query': FindingsPage
  'findings.get': FindingDetail
  'triage.set': Finding
  'export.csv': CsvExport
  'ui.getState': UiState
  'ui.setState': UiState
  'incidents.list': Incident[]
  'incidents.triage': { updated: number }
  'findings.contains': { contains: boolean }
  'findings.groups': FindingsGroups
  'cases.list': CasesList
  'cases.new': CaseInfo
  'cases.open': CaseInfo
  'triage.bulk': { updated: number }
}
export type MethodResult<M extends MethodName> = MethodResults[M]

/** Events pushed from the engine to every connected UI. */
export interface EventPayloads {
  /**
   * New findings (LOW and above) from a scan or a watched file: how many, and the highest
   * severity among them. A signal, not the rows: the grids re-query the engine anyway.
   */
  'findings.added': { count: number; highestSeverity: Exclude<Severity, 'NONE'> }
  /** A finding's triage changed (from any window). */
  'findings.updated': { findings: Finding[] }
  'ingest.progress': IngestProgress
  'summary.changed': ScanSummary
}
export type EventName = keyof EventPayloads

/** Where an open or a scan is: files and bytes read so far (bytes give the ETA), the detector at work. */
export interface IngestProgress {
  phase: 'discover' | 'parse' | 'detect' | 'store' | 'done'
  filesDone: number
  filesTotal: number
  events: number
  /** Bytes of the files read so far, and of all files found (compressed files count their size on disk). */
  bytesDone?: number
  bytesTotal?: number
  /** In `detect`: the step running (features, iforest, autoencoder, statistical, rules, ensemble). */
  step?: string
}

/**
 * `busy`: the connection has too many requests being answered (send again once one is);
 * `too_large`: the reply would pass the size bound of one reply (ask for less).
 */
export const API_ERROR_CODES = ['bad_request', 'unknown_method', 'not_found', 'unreadable', 'internal', 'busy', 'too_large'] as const
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
