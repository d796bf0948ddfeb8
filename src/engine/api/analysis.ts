/** Runs the detectors over the store and writes their scores back. */
import type { NormalizedEvent } from '../../shared/event'
import type { BulkEvents, StoredEvent, Store } from '../store/Store'
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
  // A first scan (bulk load) still holds what it just stored: no need to read it all back.
  const bulk = store.bulkEvents()
  const { ids, events } = bulk ? inStoreOrder(bulk) : fromStored(store.allEvents())
  const analysis = await pipeline.analyze(events, options)
  if (analysis.scores.length !== events.length) {
    throw new Error(`analysis returned ${analysis.scores.length} scores for ${events.length} events`)
  }
  const modelId = store.saveModel(analysis.model, pipeline.featureSchemaVersion(analysis.model), now)
  store.pruneModels(3)
  store.writeScoreList(
    ids,
    analysis.scores,
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

function fromStored(stored: readonly StoredEvent[]): { ids: Float64Array; events: NormalizedEvent[] } {
  const ids = new Float64Array(stored.length)
  const events = new Array<NormalizedEvent>(stored.length)
  for (let i = 0; i < stored.length; i++) {
    ids[i] = stored[i].id
    events[i] = stored[i].event
  }
  return { ids, events }
}

/** The order of `Store.allEvents` (time, file, line, id), which the detectors' tie-breaks follow. */
function inStoreOrder(bulk: BulkEvents): { ids: Float64Array; events: NormalizedEvent[] } {
  const all = bulk.events
  const order = new Uint32Array(all.length)
  for (let i = 0; i < order.length; i++) order[i] = i
  order.sort((i, j) => {
    const a = all[i]
    const b = all[j]
    return (
      a.ts - b.ts ||
      (a.source_file < b.source_file ? -1 : a.source_file > b.source_file ? 1 : 0) ||
      a.source_line - b.source_line ||
      i - j
    )
  })
  const ids = new Float64Array(order.length)
  const events = new Array<NormalizedEvent>(order.length)
  for (let k = 0; k < order.length; k++) {
    ids[k] = bulk.firstId + order[k]
    events[k] = all[order[k]]
  }
  return { ids, events }
}
