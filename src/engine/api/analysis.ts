/** Runs the detectors over the store and writes their scores back. */
import type { StoredEvent, Store } from '../store/Store'
import { ATTACK_VERSION } from '../mitre/catalogue'
import type { AnalyzeOptionsLike, Pipeline } from './pipeline'

export interface TrainedState {
  model: unknown
  modelId: number
  backend: string | null
}

/**
 * What live scoring sees as history: stored events from up to an hour before the first fresh one
 * (the detectors' windows are minutes long; baselines are in the model), at most this many. The
 * cost of scoring grows with the history, and a single appended line must come back fast.
 */
export const LIVE_HISTORY = 2_000
export const LIVE_HISTORY_MS = 3_600_000

/** Trains on every stored event and scores all of them (a scan). */
export async function analyzeStore(
  store: Store,
  pipeline: Pipeline<unknown>,
  options: Partial<AnalyzeOptionsLike>,
  now: number,
): Promise<TrainedState> {
  const stored = store.allEvents()
  const analysis = await pipeline.analyze(
    stored.map((s) => s.event),
    options,
  )
  if (analysis.scores.length !== stored.length) {
    throw new Error(`analysis returned ${analysis.scores.length} scores for ${stored.length} events`)
  }
  const modelId = store.saveModel(analysis.model, pipeline.featureSchemaVersion(analysis.model), now)
  store.pruneModels(3)
  store.writeScores(
    stored.map((s, i) => ({ eventId: s.id, score: analysis.scores[i] })),
    ATTACK_VERSION,
    modelId,
  )
  return { model: analysis.model, modelId, backend: analysis.backend }
}

/** Scores freshly stored events with a trained model, the newest stored events as history. */
export async function scoreFresh(
  store: Store,
  pipeline: Pipeline<unknown>,
  trained: TrainedState,
  fresh: readonly StoredEvent[],
): Promise<void> {
  if (fresh.length === 0) return
  const freshIds = new Set(fresh.map((f) => f.id))
  let first = Infinity
  for (const f of fresh) if (f.event.ts < first) first = f.event.ts
  const since = first - LIVE_HISTORY_MS
  const history = store
    .recentEvents(Number.isFinite(since) ? since : -Infinity, LIVE_HISTORY + fresh.length)
    .filter((e) => !freshIds.has(e.id))
    .map((e) => e.event)
  const scores = await pipeline.scoreNew(
    trained.model,
    history,
    fresh.map((f) => f.event),
  )
  if (scores.length !== fresh.length) throw new Error(`scoreNew returned ${scores.length} scores for ${fresh.length} events`)
  store.writeScores(
    fresh.map((f, i) => ({ eventId: f.id, score: scores[i] })),
    ATTACK_VERSION,
    trained.modelId,
  )
}
