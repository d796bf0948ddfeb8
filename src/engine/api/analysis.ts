/** Runs the detectors over the store and writes their scores back. */
import type { NormalizedEvent } from '../../shared/event'
import type { EventScore } from '../../shared/finding'
import type { BulkEvents, StoredEvent, Store } from '../store/Store'
import { ATTACK_VERSION } from '../mitre/catalogue'
import type { LiveHistory } from './LiveHistory'
import type { AnalyzeOptionsLike, Pipeline } from './pipeline'
import type { SigmaSet } from '../sigma/SigmaSet'

export interface TrainedState {
  model: unknown
  modelId: number
  backend: string | null
}

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

/** Scores freshly stored events (sorted by time and id) with a trained model, the newest stored events as history. */
export async function scoreFresh(
  store: Store,
  pipeline: Pipeline<unknown>,
  trained: TrainedState,
  fresh: readonly StoredEvent[],
  history: LiveHistory,
  sigma?: SigmaSet | null,
): Promise<EventScore[]> {
  if (fresh.length === 0) return []
  const scores = await pipeline.scoreNew(
    trained.model,
    history.before(store, fresh),
    fresh.map((f) => f.event),
    sigma,
  )
  if (scores.length !== fresh.length) throw new Error(`scoreNew returned ${scores.length} scores for ${fresh.length} events`)
  store.writeScores(
    fresh.map((f, i) => ({ eventId: f.id, score: scores[i] })),
    ATTACK_VERSION,
    trained.modelId,
  )
  history.add(fresh)
  return scores
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
