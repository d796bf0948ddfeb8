/** Runs the detectors over the store and writes their scores back. */
import type { NormalizedEvent } from '../../shared/event'
import type { EventScore } from '../../shared/finding'
import { EventColumns } from '../features/EventColumns'
import { tableOf, type EventTable } from '../features/eventTable'
import type { BulkObserver, StoredEvent, Store } from '../store/Store'
import { ATTACK_VERSION } from '../mitre/catalogue'
import type { LiveHistory } from './LiveHistory'
import type { AnalyzeOptions } from './analyze'
import type { AnalyzeRequest, Detection } from './detection'
import { hostGroups } from './hostParts'
import type { SigmaSet } from '../sigma/SigmaSet'
import { attachScanMatches, ScanSigmaMatches } from '../sigma/scanMatches'
import { noneColumnsOf, type ScoreChunk } from './ensemble/scoreChunk'

export interface TrainedState {
  model: unknown
  modelId: number
  backend: string | null
}

/** Events read back from the store that a scan keeps at hand (see ScanColumns.table). */
const RECENT_EVENTS = 4_096

/**
 * What a first scan keeps of the events it stores, for the analysis: their columns (typed arrays,
 * interned strings and what the rules read in the text, features/lineFacts.ts). No line is kept
 * whole: the few the rules and the reasons quote are read back from the store by id.
 */
export class ScanColumns {
  private readonly columns = new EventColumns(1 << 16)
  /** The Sigma rules' matches, made while each line is at hand (sigma/scanMatches.ts). */
  private readonly sigma: ScanSigmaMatches

  constructor(sigma: SigmaSet | null = null) {
    this.sigma = new ScanSigmaMatches(sigma)
  }

  /** Give this to `Store.beginBulkLoad`. */
  readonly observe: BulkObserver = (event, id) => {
    this.sigma.observe(event, this.columns.n)
    this.columns.append(event, id)
  }

  /** The table in the store's order (time, file, line, id), and the store id of each of its rows. */
  table(store: Store): { t: EventTable; ids: Float64Array } {
    const { columns } = this
    const appended = columns.ids()
    const t = tableOf(columns, 'store', () => {
      throw new Error('a scan reads its lines from the store')
    })
    attachScanMatches(t, this.sigma)
    const ids = new Float64Array(t.n)
    for (let r = 0; r < t.n; r++) ids[r] = appended[t.order[r]]
    columns.dropColumns()
    // A finding's reasons read its line several times (one per feature described): keep the last few.
    const recent = new Map<number, NormalizedEvent>()
    t.event = (r) => {
      const held = recent.get(r)
      if (held) return held
      const e = store.committedEventById(ids[r])
      if (!e) throw new Error(`event ${ids[r]} is not in the store`)
      if (recent.size >= RECENT_EVENTS) recent.clear()
      recent.set(r, e)
      return e
    }
    return { t, ids }
  }
}

/**
 * Trains on every stored event and scores all of them (a scan). A first scan passes the columns
 * it built while storing (of one folder or several: each host group is analysed on its own,
 * hostParts.ts); otherwise the events are read back from the store.
 */
export async function analyzeStore(
  store: Store,
  detection: Detection<unknown>,
  options: Partial<AnalyzeOptions>,
  now: number,
  scan: ScanColumns | null = null,
): Promise<TrainedState> {
  // Folders of different servers are learnt apart (hostParts.ts); one folder is one group.
  const groups = store.roots().length > 1 ? hostGroups(store.hostsBySource()) : []
  const request: AnalyzeRequest = groups.length > 1 ? { ...options, hostGroups: groups } : options
  if (scan && detection.analyzeTable) {
    const { t, ids } = scan.table(store)
    if (groups.length > 1) return analyzeScanByGroup(store, detection, t, ids, request, now)
    // Scores are written as they are computed, under a model id taken (at the first chunk) before
    // the model is done.
    let modelId: number | null = null
    let written = 0
    const onScores = (chunk: ScoreChunk): void => {
      modelId ??= store.reserveModel(now)
      const chunkIds = ids.subarray(chunk.first, chunk.first + chunk.score.length)
      const fullIds = chunk.fullRows.map((at) => chunkIds[at])
      store.writeFreshScoreColumns(noneColumnsOf(chunk, chunkIds), fullIds, chunk.full, ATTACK_VERSION, modelId)
      written += chunk.score.length
    }
    const analysis = await detection.analyzeTable(t, { ...request, onScores })
    if (written !== ids.length) throw new Error(`analysis wrote ${written} scores for ${ids.length} events`)
    modelId ??= store.reserveModel(now)
    store.completeModel(modelId, analysis.model, detection.featureSchemaVersion(analysis.model))
    store.pruneModels(3)
    return { model: analysis.model, modelId, backend: analysis.backend }
  }
  return analyzeEvents(store, detection, request, now)
}

/**
 * A first scan of folders of several host groups: each group analysed from its rows of the scan's
 * table (hostParts.ts), the scores written when every group is done.
 */
async function analyzeScanByGroup(
  store: Store,
  detection: Detection<unknown>,
  t: EventTable,
  ids: Float64Array,
  request: AnalyzeRequest,
  now: number,
): Promise<TrainedState> {
  const analysis = await detection.analyzeTable!(t, request)
  if (analysis.scores.length !== ids.length) throw new Error(`analysis returned ${analysis.scores.length} scores for ${ids.length} events`)
  const modelId = store.saveModel(analysis.model, detection.featureSchemaVersion(analysis.model), now)
  store.pruneModels(3)
  store.writeScoreList(ids, analysis.scores, ATTACK_VERSION, modelId, true)
  return { model: analysis.model, modelId, backend: analysis.backend }
}

/** Reads every stored event back, analyses them as objects and writes their scores. */
async function analyzeEvents(store: Store, detection: Detection<unknown>, options: AnalyzeRequest, now: number): Promise<TrainedState> {
  const { ids, events } = fromStored(store.allEvents())
  const analysis = await detection.analyze(events, options)
  if (analysis.scores.length !== ids.length) {
    throw new Error(`analysis returned ${analysis.scores.length} scores for ${ids.length} events`)
  }
  const modelId = store.saveModel(analysis.model, detection.featureSchemaVersion(analysis.model), now)
  store.pruneModels(3)
  store.writeScoreList(ids, analysis.scores, ATTACK_VERSION, modelId)
  return { model: analysis.model, modelId, backend: analysis.backend }
}

/** Scores freshly stored events (sorted by time and id) with a trained model, the newest stored events as history. */
export async function scoreFresh(
  store: Store,
  detection: Detection<unknown>,
  trained: TrainedState,
  fresh: readonly StoredEvent[],
  history: LiveHistory,
  sigma?: SigmaSet | null,
): Promise<EventScore[]> {
  if (fresh.length === 0) return []
  const scores = await detection.scoreNew(
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

/** Stored events a warm-up scores: enough to run every detector's code, few enough to cost little. */
const WARM_ROWS = 64

/**
 * Readies live scoring before the first appended line: the history is read from the store, and
 * the detectors restored and their code warmed by scoring the newest stored event as if it were
 * fresh, after a few others (nothing is written). The first line after a scan paid 100–200 ms for these.
 */
export async function warmLiveScoring(store: Store, detection: Detection<unknown>, trained: TrainedState, history: LiveHistory, sigma?: SigmaSet | null): Promise<void> {
  const recent = history.recent(store).slice(-WARM_ROWS)
  if (recent.length > 0) await detection.scoreNew(trained.model, recent.slice(0, -1), recent.slice(-1), sigma)
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
