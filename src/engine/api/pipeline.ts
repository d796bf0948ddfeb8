/**
 * The seam between the engine API and the modules that do the work (ingest, parse, detect). The
 * shapes mirror those modules' exports (see the team brief); `defaultPipeline` binds the real ones,
 * and tests may inject their own.
 */
import type { NormalizedEvent } from '../../shared/event'
import type { DetectorName, EventScore } from '../../shared/finding'
import type { Result } from '../../shared/result'
import type { EventTable } from '../features/eventTable'
import type { FileProblem, LogFormat } from '../../shared/sources'
import type { SigmaSet } from '../sigma/SigmaSet'
import type { SigmaLibrary } from '../sigma/SigmaLibrary'

export interface DiscoveredFileLike {
  absPath: string
  /** Relative to the opened root, forward slashes; a file opened directly: its basename. */
  relPath: string
  size: number
  mtimeMs: number
  dev: number
  ino: number
  compressed: boolean
}

export interface ParseOptionsLike {
  format?: 'auto' | 'auth' | 'json' | 'csv'
  timeZone?: string
  /** Reference time for RFC 3164 year inference instead of the file's mtime (a folder's `collectedAt`). */
  referenceMs?: number
  /** Decompression bombs: the ratio limit and whether one is skipped or read up to the cap (ingest/gzipBomb.ts). */
  gzip?: { maxRatio?: number; onBomb?: 'skip' | 'cap' }
  /** Absolute paths of bombs the analyst chose to read up to the cap. */
  capFiles?: ReadonlySet<string>
  /** Streaming: events handed over in batches as the file is read (parse/parseFile.ts). */
  onEvents?: (events: NormalizedEvent[]) => void
  /** Streaming: events per batch (default 10,000). */
  batchEvents?: number
}

export interface ParsedFileLike {
  file: DiscoveredFileLike
  format: LogFormat
  events: NormalizedEvent[]
  lines: number
  unparsed: number
  bytesRead: number
  problem: FileProblem | null
  /** CSV only: the header row, for parsing appended rows. */
  csvHeader: string | null
  /** A plain file's first bytes as read, for its identity fingerprint (else the file is read again for it). */
  contentHead?: Buffer | null
}

export interface LineContextLike {
  format: LogFormat
  relPath: string
  hostHint: string
  firstLine: number
  referenceMs: number
  timeZone?: string
  csvHeader?: string
}

export interface AnalyzeOptionsLike {
  seed: number
  contamination: number
  baselineDays: number
  detectors: readonly DetectorName[]
  autoencoderEpochs?: number
  batchSize?: number
  /** Rule thresholds to override, by name (detect's `RuleThresholds`). */
  thresholds?: Readonly<Partial<Record<string, number>>>
  /** Sigma rules run beside the threat rules (`--sigma`, `.vigil.json`, the UI's settings). */
  sigma?: SigmaLibrary
  onProgress?: (phase: string, done: number, total: number) => void
  /** `analyzeTable` only: the scores in time order, a chunk at a time (then `scores` comes back empty). */
  onScores?: (firstRow: number, scores: EventScore[]) => void
}

export interface AnalysisLike<M> {
  scores: EventScore[]
  model: M
  backend: string | null
}

/** Everything the engine needs from ingest, parse and detect. Method syntax on purpose: the model type is opaque here. */
export interface Pipeline<M = unknown> {
  discoverFiles(root: string): Promise<{ files: DiscoveredFileLike[]; problems: FileProblem[] }>
  parseFile(file: DiscoveredFileLike, options?: ParseOptionsLike): Promise<ParsedFileLike>
  parseLines(lines: readonly string[], ctx: LineContextLike): NormalizedEvent[]
  /** Host for lines that name none (the same hint parseFile uses for that file). */
  hostHintFor(file: Pick<DiscoveredFileLike, 'absPath' | 'relPath'>): string
  readAppended(absPath: string, fromOffset: number): Promise<Result<{ lines: string[]; nextOffset: number }, FileProblem>>
  eventKey(e: NormalizedEvent): string
  analyze(events: readonly NormalizedEvent[], options?: Partial<AnalyzeOptionsLike>): Promise<AnalysisLike<M>>
  /**
   * Analyses a scan's events as a table (built while they were stored, see EventColumns): the
   * scores come in the table's time order. Optional: without it a scan reads its events back.
   */
  analyzeTable?(t: EventTable, options?: Partial<AnalyzeOptionsLike>): Promise<AnalysisLike<M>>
  scoreNew(model: M, history: readonly NormalizedEvent[], fresh: readonly NormalizedEvent[], sigma?: SigmaSet | null): Promise<EventScore[]>
  /** Whether a model read back from the store can score with this code (else the engine retrains). */
  isUsableModel(model: unknown): model is M
  /** Version of the feature schema a model was trained on, stored beside it. */
  featureSchemaVersion(model: M): string | null
  /**
   * Loads the offline GeoIP database (once; large) and returns what fills the country of events
   * whose record has no geo, in place; null when no database can be loaded.
   */
  loadGeoEnricher?(): Promise<GeoEnricher | null>
}

export type GeoEnricher = (events: readonly NormalizedEvent[]) => void
