/**
 * The detection pipeline: events → features → detectors (isolation forest, autoencoder,
 * statistical, rules) → calibrated ensemble → one EventScore per event, in input order.
 */
import type { NormalizedEvent } from '../../shared/event'
import { DETECTORS, type DetectorName, type EventScore } from '../../shared/finding'
import { baselineEndOf, buildBaseline } from '../features/baseline'
import { bindBaseline } from '../features/boundBaseline'
import { organisationFacts } from './rules/organisation'
import { buildEventTable, type EventTable } from '../features/eventTable'
import { extractWindows, type FeatureRows } from '../features/extract'
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, N_FEATURES } from '../features/schema'
import { ATTACK_VERSION } from '../mitre/catalogue'
import { startAutoencoderFit, type AutoencoderModel } from './autoencoder/Autoencoder'
import { Calibrator } from './ensemble/Calibrator'
import { IsolationForest } from './iforest/IsolationForest'
import { ForestChunks } from './iforest/offThread'
import { MODEL_VERSION, type TrainedModel } from './model'
import { FEATURE_CHUNK_ROWS, rawScores, type RawScores } from './rawScores'
import { DEFAULT_RULE_THRESHOLDS, type RuleThresholds } from './rules/thresholds'
import { ruleHits, scoreTable, type FittedDetectors, type ScoreSink } from './scoreTable'
import type { HitSink } from './rules/index'
import { StatisticalModel } from './statistical/StatisticalModel'
import type { SigmaSource } from '../sigma/SigmaSet'

export type { TrainedModel } from './model'
export { scoreNew } from './scoreNew'

export interface AnalyzeOptions {
  seed: number
  /** Expected share of anomalies in the baseline; sets where calibration puts LOW. */
  contamination: number
  /** Days at the start treated as normal (30 % of the capture when it is shorter). */
  baselineDays: number
  detectors: readonly DetectorName[]
  autoencoderEpochs?: number
  batchSize?: number
  /** Rule thresholds to override (defaults: DEFAULT_RULE_THRESHOLDS); stored in the model. */
  thresholds?: Partial<RuleThresholds>
  /** Sigma rules run beside the threat rules (read when the pass starts). */
  sigma?: SigmaSource | null
  onProgress?: (phase: string, done: number, total: number) => void
  /**
   * `analyzeTable` only: hands the scores on in chunks as they are computed (a scan writes them
   * to the store) instead of returning them all; `Analysis.scores` is then empty.
   */
  onScores?: ScoreSink
}

export const DEFAULT_ANALYZE_OPTIONS: AnalyzeOptions = {
  seed: 42,
  contamination: 0.01,
  baselineDays: 7,
  detectors: DETECTORS,
  // Five passes over (at most) 50,000 baseline rows: the reconstruction error has settled by then,
  // and a million-event scan should not spend most of its time training.
  autoencoderEpochs: 5,
  batchSize: 1024,
}

export interface Analysis {
  /** Aligned with the input events. */
  scores: EventScore[]
  model: TrainedModel
  /** TensorFlow.js backend used by the autoencoder, or null when it did not run. */
  backend: string | null
}

const PHASES = ['features', 'iforest', 'statistical', 'rules', 'autoencoder', 'ensemble'] as const

/** Learns the baseline from the events themselves and scores every one of them. */
export async function analyze(events: readonly NormalizedEvent[], options: Partial<AnalyzeOptions> = {}): Promise<Analysis> {
  const t = buildEventTable(events)
  const analysis = await analyzeTable(t, { ...options, onScores: undefined })
  const scores = new Array<EventScore>(t.n)
  for (let r = 0; r < t.n; r++) scores[t.order[r]] = analysis.scores[r]
  return { ...analysis, scores }
}

/**
 * The same for events already in a table (a scan builds it while it reads, see EventColumns):
 * the scores come in the table's (time) order.
 */
export async function analyzeTable(t: EventTable, options: Partial<AnalyzeOptions> = {}): Promise<Analysis> {
  const o: AnalyzeOptions = { ...DEFAULT_ANALYZE_OPTIONS, ...options }
  const use = new Set(o.detectors)
  const thresholds: RuleThresholds = { ...DEFAULT_RULE_THRESHOLDS, ...o.thresholds }
  const progress = (phase: (typeof PHASES)[number]) => o.onProgress?.(phase, PHASES.indexOf(phase), PHASES.length)

  progress('features')
  const baseline = buildBaseline(t, baselineEndOf(t, o.baselineDays))
  const bb = bindBaseline(baseline, t)
  const baselineRows = Math.max(baseline.events, Math.min(t.n, 1))
  const { windows: w, rows } = extractWindows(t, bb, baselineRows)

  const fitted: FittedDetectors = { iforest: null, autoencoder: null, statistical: null, calibration: {} }
  // Every model scores all rows once; its calibration is fitted on the baseline part of them.
  let raw: RawScores = {}
  let hits: HitSink | null | undefined
  let backend: string | null = null
  if (t.n > 0) {
    // The models learn from (at most FIT_ROWS of) the baseline rows; only these are held as a matrix.
    let fit = use.has('iforest') || use.has('autoencoder') ? fitMatrix(rows, baselineRows) : null
    // The autoencoder trains in a worker thread (when built) while the forest and the statistics
    // fit and score every row here and the rules run; it then scores in a pass of its own.
    // A cancel (thrown by onProgress) or a failure here stops the training too.
    const stop = new AbortController()
    const training = fit && use.has('autoencoder') ? await startAutoencoderOrNull(fit.X, fit.n, o, stop.signal) : null
    // The forest walks its rows on a worker thread (when built) while the rows, the statistics
    // and the rules are computed here.
    let forest: ForestChunks | null = null
    try {
      if (fit && use.has('iforest')) {
        progress('iforest')
        fitted.iforest = IsolationForest.fit(fit.X, fit.n, N_FEATURES, { seed: o.seed })
        forest = new ForestChunks(fitted.iforest, t.n, FEATURE_CHUNK_ROWS)
      }
      // The forest and the training keep what they need of the matrix (up to 96 MB): let it go
      // before the passes over every row.
      fit = null
      if (use.has('statistical')) {
        progress('statistical')
        fitted.statistical = StatisticalModel.fit(t, w, baselineRows)
      }
      raw = rawScores(fitted, t, w, rows, forest ?? undefined)
      // The rules need no model: they run here while the autoencoder may still be training.
      progress('rules')
      hits = ruleHits({ t, w, bb, baselineRows, rules: use.has('rules'), thresholds })
      if (training) {
        progress('autoencoder')
        const ae = unwrap(await training.model)
        if (ae) {
          fitted.autoencoder = ae
          backend = ae.backend
          raw.autoencoder = rawScores({ iforest: null, autoencoder: ae, statistical: null, calibration: {} }, t, w, rows).autoencoder
        }
      }
      if (forest) raw.iforest = await forest.finish((from, to, X) => rows.fill(from, to, X))
    } catch (e) {
      stop.abort(e)
      forest?.close()
      throw e
    }
    if (raw.iforest) fitted.calibration.iforest = Calibrator.fit(raw.iforest.subarray(0, baselineRows), o.contamination, 0.01)
    if (raw.autoencoder) fitted.calibration.autoencoder = Calibrator.fit(raw.autoencoder.subarray(0, baselineRows), o.contamination, 0.05)
    if (raw.statistical) fitted.calibration.statistical = Calibrator.fit(raw.statistical.subarray(0, baselineRows), o.contamination, 0.5)
  }
  if (t.n === 0) progress('rules')
  const sorted = scoreTable({ t, w, rows, bb, baselineRows, fitted, rules: use.has('rules'), thresholds, raw, hits, sigma: o.sigma?.current, onScores: o.onScores })
  progress('ensemble')

  const model: TrainedModel = {
    kind: 'vigil.model',
    version: MODEL_VERSION,
    featureSchemaVersion: FEATURE_SCHEMA_VERSION,
    featureNames: [...FEATURE_NAMES],
    attackVersion: ATTACK_VERSION,
    seed: o.seed,
    contamination: o.contamination,
    baselineDays: o.baselineDays,
    detectors: [...o.detectors],
    thresholds,
    // Live scoring has no baseline rows: the organisation's facts travel with the model.
    baseline: { ...baseline, organisation: organisationFacts(t, baselineRows) },
    iforest: fitted.iforest?.toJSON() ?? null,
    autoencoder: fitted.autoencoder?.toJSON() ?? null,
    statistical: fitted.statistical?.toJSON() ?? null,
    calibration: Object.fromEntries(Object.entries(fitted.calibration).map(([k, c]) => [k, c.toJSON()])),
    backend,
  }
  fitted.autoencoder?.dispose()
  o.onProgress?.('done', PHASES.length, PHASES.length)
  return { scores: sorted, model, backend }
}

/**
 * Baseline rows the models are fitted on, at most: 96 MB of features. An isolation forest draws
 * 100 × 256 of them and the autoencoder trains on 50,000; a longer baseline (a 10-million-event
 * folder's) is sampled evenly, while the calibration still sees every baseline row's score.
 */
export const FIT_ROWS = 1 << 19

/** The feature matrix of the baseline rows, or of FIT_ROWS of them spread evenly over it. */
function fitMatrix(rows: FeatureRows, baselineRows: number): { X: Float64Array; n: number } {
  if (baselineRows <= FIT_ROWS) {
    const X = new Float64Array(baselineRows * N_FEATURES)
    rows.fill(0, baselineRows, X)
    return { X, n: baselineRows }
  }
  const which = new Uint32Array(FIT_ROWS)
  for (let k = 0; k < FIT_ROWS; k++) which[k] = Math.floor((k * baselineRows) / FIT_ROWS)
  return { X: rows.gather(which), n: FIT_ROWS }
}

type Settled<T> = { value: T } | { error: unknown }

/** A promise that never rejects, so one started early cannot go unhandled if the work beside it throws. */
function settled<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  )
}

function unwrap<T>(r: Settled<T>): T {
  if ('error' in r) throw r.error
  return r.value
}

/**
 * Starts the autoencoder's training; resolves once it runs (in a worker thread when the build has
 * one). TensorFlow.js can fail to start (no backend loads): the scan goes on with the other
 * detectors, the model is then null, and `backend: null` in the result tells the caller.
 */
async function startAutoencoderOrNull(
  X: Float64Array,
  rows: number,
  o: AnalyzeOptions,
  signal: AbortSignal,
): Promise<{ model: Promise<Settled<AutoencoderModel | null>> }> {
  try {
    const fit = await startAutoencoderFit(X, rows, N_FEATURES, {
      signal,
      seed: o.seed,
      epochs: o.autoencoderEpochs ?? DEFAULT_ANALYZE_OPTIONS.autoencoderEpochs,
      batchSize: o.batchSize ?? DEFAULT_ANALYZE_OPTIONS.batchSize,
    })
    return { model: settled(fit.model.catch(nullUnlessOurBug)) }
  } catch (e) {
    return { model: Promise.resolve({ value: nullUnlessOurBug(e) }) }
  }
}

function nullUnlessOurBug(e: unknown): null {
  if (e instanceof RangeError) throw e // a bug of ours, not of the environment
  return null
}
