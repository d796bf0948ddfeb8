/**
 * What scoring the store needs from detection (the `Detection` half of the engine's `Pipeline`
 * seam, api/pipeline.ts). `M` is the model's type: `defaultPipeline` binds the real detectors
 * (`TrainedModel`); the engine's own tests bind toy scores and a plain-object model
 * (test/engine/api/fakePipeline.ts), so watching, dedup and transports are tested apart from the
 * detectors' exact scores. Method syntax on purpose: the model type is opaque here.
 */
import type { NormalizedEvent } from '../../shared/event'
import type { EventScore } from '../../shared/finding'
import type { EventTable } from '../features/eventTable'
import type { SigmaSet } from '../sigma/SigmaSet'
import type { Analysis, AnalyzeOptions } from './analyze'

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

export interface Detection<M = unknown> {
  analyze(events: readonly NormalizedEvent[], options?: AnalyzeRequest): Promise<AnalysisOf<M>>
  /**
   * Analyses a scan's events as a table (built while they were stored, see EventColumns): the
   * scores come in the table's time order. Optional: without it a scan reads its events back.
   */
  analyzeTable?(t: EventTable, options?: AnalyzeRequest): Promise<AnalysisOf<M>>
  scoreNew(model: M, history: readonly NormalizedEvent[], fresh: readonly NormalizedEvent[], sigma?: SigmaSet | null): Promise<EventScore[]>
  /** Whether a model read back from the store can score with this code (else the engine retrains). */
  isUsableModel(model: unknown): model is M
  /** Version of the feature schema a model was trained on, stored beside it. */
  featureSchemaVersion(model: M): string | null
}
