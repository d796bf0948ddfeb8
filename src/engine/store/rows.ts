/** Conversions between SQLite rows and the shared types (no SQL here). */
import { threatTypeOf } from '../../shared/threat'
import type { NormalizedEvent } from '../../shared/event'
import type { DetectorName, EventScore, Finding, Severity, TriageStatus } from '../../shared/finding'
import { severityRank } from '../../shared/finding'
import type { LogFormat, SourceStatus } from '../../shared/sources'
import type { TagColor } from '../../shared/tags'

/** Columns of `events` that hold the normalized event, in insert order. */
export const EVENT_COLUMNS = [
  'ts',
  'host',
  'source_file',
  'source_line',
  'program',
  'pid',
  'event',
  'outcome',
  'user',
  'target_user',
  'src_ip',
  'src_port',
  'auth_method',
  'command',
  'bytes',
  'country',
  'lat',
  'lon',
  'raw',
  'count',
  'key_type',
  'key_fingerprint',
] as const satisfies readonly (keyof NormalizedEvent)[]

/** A file as the store knows it: identity, how far it was read, and what it held. */
export interface FileRecord {
  id: number
  sourceId: number
  root: string
  relPath: string
  dev: number
  ino: number
  size: number
  mtimeMs: number
  /** Byte offset read so far; events up to here are in the store (committed together). */
  offset: number
  compressed: boolean
  format: LogFormat
  lines: number
  events: number
  unparsed: number
  lastEventTs: number | null
  status: SourceStatus
  message: string | null
  /** CSV logs: the header row, needed to parse appended rows. */
  csvHeader: string | null
}

/** What a writer supplies for a file; ids and the root come from the store. */
export type FileState = Omit<FileRecord, 'id' | 'root'>

/** An event with its dedup key (see parse/eventKey). */
export interface KeyedEvent {
  key: string
  event: NormalizedEvent
}

/** An event as stored, with its row id. */
export interface StoredEvent {
  id: number
  key: string
  event: NormalizedEvent
}

export interface FileRow {
  id: number
  source_id: number
  root: string
  rel_path: string
  dev: number
  ino: number
  size: number
  mtime_ms: number
  offset: number
  compressed: number
  format: string
  lines: number
  events: number
  unparsed: number
  last_event_ts: number | null
  status: string
  message: string | null
  csv_header: string | null
}

export function fileFromRow(r: FileRow): FileRecord {
  return {
    id: r.id,
    sourceId: r.source_id,
    root: r.root,
    relPath: r.rel_path,
    dev: r.dev,
    ino: r.ino,
    size: r.size,
    mtimeMs: r.mtime_ms,
    offset: r.offset,
    compressed: r.compressed === 1,
    format: r.format as LogFormat,
    lines: r.lines,
    events: r.events,
    unparsed: r.unparsed,
    lastEventTs: r.last_event_ts,
    status: r.status as SourceStatus,
    message: r.message,
    csvHeader: r.csv_header,
  }
}

/**
 * Rows are read as arrays (better-sqlite3's raw mode, about twice as fast as objects for wide
 * rows), in this column order: `id, event_key, ...EVENT_COLUMNS`, then for findings the score,
 * triage and version columns of FINDING_EXTRA.
 */
export type RawRow = unknown[]

export const FINDING_EXTRA = [
  's.score',
  's.severity',
  's.threat_type',
  's.mitre_techniques',
  's.mitre_tactics',
  's.detector_scores',
  's.reasons',
  's.attack_version',
  't.status',
  't.note',
  's.episode',
  's.sigma_rules',
  't.tags',
  't.color',
] as const

/** Where a row's event columns start: after `id, event_key` (see RawRow). */
const EVENT_AT = 2
/** Where a finding row's FINDING_EXTRA start. */
const EXTRA_AT = EVENT_AT + EVENT_COLUMNS.length
/** The position of one FINDING_EXTRA column in a finding row. */
const extra = (column: (typeof FINDING_EXTRA)[number]): number => EXTRA_AT + FINDING_EXTRA.indexOf(column)
const SCORE = extra('s.score')
const SEVERITY = extra('s.severity')
const THREAT = extra('s.threat_type')
const TECHNIQUES = extra('s.mitre_techniques')
const TACTICS = extra('s.mitre_tactics')
const DETECTORS = extra('s.detector_scores')
const REASONS = extra('s.reasons')
const ATTACK_VERSION = extra('s.attack_version')
const STATUS = extra('t.status')
const NOTE = extra('t.note')
const EPISODE = extra('s.episode')
const SIGMA = extra('s.sigma_rules')
const TAGS = extra('t.tags')
const COLOR = extra('t.color')

/** The event of a row, its columns read in EVENT_COLUMNS' order: the one place that order is spelt out. */
export function eventFromRow(r: RawRow): NormalizedEvent {
  const e: Record<string, unknown> = {}
  for (let i = 0; i < EVENT_COLUMNS.length; i++) e[EVENT_COLUMNS[i]] = r[EVENT_AT + i]
  return e as unknown as NormalizedEvent
}

/**
 * Writes `id, event_key, file_id, ...EVENT_COLUMNS` of one event into `out` at `at` (the bulk
 * insert's multi-row parameter buffer). Returns the next offset.
 */
export const fillEventParams = eventParamsFiller()

/**
 * fillEventParams, built from EVENT_COLUMNS as straight-line code (`out[at + 3] = e.ts ?? null`
 * ...): a loop over the column names reads each field by a varying name, a lookup V8 cannot cache,
 * and a first scan fills a million rows. Optional fields (events built before key_type /
 * key_fingerprint existed) are stored as NULL.
 */
function eventParamsFiller(): (out: unknown[], at: number, id: number | null, key: string, fileId: number, e: NormalizedEvent) => number {
  const fields = EVENT_COLUMNS.map((c, i) => `out[at + ${3 + i}] = e.${c} ?? null`).join('\n')
  // The column names are this file's constants (identifiers), never data.
  return new Function('out', 'at', 'id', 'key', 'fileId', 'e', `out[at] = id\nout[at + 1] = key\nout[at + 2] = fileId\n${fields}\nreturn at + ${3 + EVENT_COLUMNS.length}`) as ReturnType<typeof eventParamsFiller>
}

/** Number of values fillEventParams writes per event. */
export const EVENT_PARAM_COUNT = 3 + EVENT_COLUMNS.length

/**
 * The `scores` row of one event (column order of the table) into a multi-row buffer at `at`;
 * returns the next offset.
 */
export function fillScoreParams(out: unknown[], at: number, eventId: number, s: EventScore, attackVersion: string, modelId: number | null): number {
  out[at] = eventId
  out[at + 1] = s.score
  out[at + 2] = s.severity
  out[at + 3] = severityRank(s.severity)
  out[at + 4] = s.threat_type
  out[at + 5] = jsonList(s.mitre_techniques)
  out[at + 6] = jsonList(s.mitre_tactics)
  out[at + 7] = jsonScores(s.detector_scores)
  out[at + 8] = jsonList(s.reasons)
  out[at + 9] = attackVersion
  out[at + 10] = modelId
  // Every finding belongs to an incident: one its detector gave no episode is an episode alone.
  out[at + 11] = s.episode !== '' ? s.episode : s.severity === 'NONE' ? null : `${s.threat_type}:line-${eventId}`
  out[at + 12] = s.sigma_rules?.length ? s.sigma_rules.join(' ') : null
  return at + 13
}

/** Number of values fillScoreParams writes per score. */
export const SCORE_PARAM_COUNT = 13

/**
 * JSON.stringify of a detector-score map, without the generic serialiser (a million of these per
 * scan): keys are detector names, which need no escaping; non-finite numbers become null as in JSON.
 */
export function jsonScores(scores: Partial<Record<DetectorName, number>>): string {
  let out = '{'
  for (const k in scores) {
    const v = scores[k as DetectorName]
    if (v === undefined) continue
    out += `${out.length > 1 ? ',' : ''}"${k}":${Number.isFinite(v) ? String(v) : 'null'}`
  }
  return `${out}}`
}

// Most of a million events have no techniques and no reasons: skip the serialiser for them.
function jsonList(list: readonly string[]): string {
  return list.length === 0 ? '[]' : JSON.stringify(list)
}

function parseJson<T>(text: unknown, empty: T): T {
  // Most events have no techniques or reasons: skip the parser for the empty literals.
  return text === null || text === '[]' || text === '{}' ? empty : (JSON.parse(text as string) as T)
}

/** A row of the findings join; an event not scored yet reads as NONE. */
export function findingFromRow(r: RawRow): Finding {
  // The finding's fields are added to the event in place, in this order (the JSON report keeps
  // it): a literal spreading the event and the optional fields cost ~15× more per row, most of
  // the export of a scan's findings.
  const f = eventFromRow(r) as Finding
  f.id = r[0] as number
  f.score = (r[SCORE] as number | null) ?? 0
  f.severity = ((r[SEVERITY] as string | null) ?? 'NONE') as Severity
  f.threat_type = threatTypeOf(r[THREAT] as string | null)
  f.mitre_techniques = parseJson<string[]>(r[TECHNIQUES], [])
  f.mitre_tactics = parseJson<string[]>(r[TACTICS], [])
  f.detector_scores = parseJson<Partial<Record<DetectorName, number>>>(r[DETECTORS], {})
  f.reasons = parseJson<string[]>(r[REASONS], [])
  f.attack_version = (r[ATTACK_VERSION] as string | null) ?? ''
  f.status = ((r[STATUS] as string | null) ?? 'new') as TriageStatus
  f.note = (r[NOTE] as string | null) ?? ''
  f.episode = (r[EPISODE] as string | null) ?? ''
  if (typeof r[SIGMA] === 'string' && r[SIGMA] !== '') f.sigma_rules = r[SIGMA].split(' ')
  if (typeof r[TAGS] === 'string' && r[TAGS] !== '') f.tags = r[TAGS].split(' ')
  if (typeof r[COLOR] === 'string') f.color = r[COLOR] as TagColor
  return f
}
