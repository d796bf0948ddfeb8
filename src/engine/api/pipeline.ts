/**
 * The seam between the engine and the modules that do the work: reading files (ingest + parse, see
 * ingest/fileReading.ts) and detection. `defaultPipeline` binds the real modules; the engine's
 * tests inject `fakePipeline` (a toy line format and scores, a model that is a plain object),
 * which is why the model type is a parameter here.
 */
import type { NormalizedEvent } from '../../shared/event'
import type { EventScore } from '../../shared/finding'
import type { Analysis, AnalyzeOptions } from '../detect/analyze'
import type { GeoEnricher } from '../enrich/geoip'
import type { EventTable } from '../features/eventTable'
import type { FileReading } from '../ingest/fileReading'
import type { SigmaSet } from '../sigma/SigmaSet'

/** An analysis whose model is the pipeline's own (a `TrainedModel` for the real detectors). */
export type AnalysisOf<M> = Omit<Analysis, 'model'> & { model: M }

/** What `analyze` is asked: the detectors' options, and the case's host groups. */
export type AnalyzeRequest = Partial<AnalyzeOptions> & {
  /**
   * The case's host groups (hostParts.ts), each learnt on its own; two or more make a per-group
   * model. Unset or one group: every event is learnt together.
   */
  hostGroups?: readonly (readonly string[])[]
}

/** Everything the engine needs from ingest, parse and detect. Method syntax on purpose: the model type is opaque here. */
export interface Pipeline<M = unknown> extends FileReading {
  analyze(events: readonly NormalizedEvent[], options?: AnalyzeRequest): Promise<AnalysisOf<M>>
  /**
   * Analyses a scan's events as a table (built while they were stored, see EventColumns): the
   * scores come in the table's time order. Optional: without it a scan reads its events back.
   */
  analyzeTable?(t: EventTable, options?: Partial<AnalyzeOptions>): Promise<AnalysisOf<M>>
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
