/** Runs fitted detectors and the rules over a feature table and combines them (time order). */
import type { EventScore } from '../../shared/finding'
import type { BoundBaseline } from '../features/boundBaseline'
import { describeFeature, type DescribeContext } from '../features/describe'
import type { EventTable } from '../features/eventTable'
import type { FeatureRows, WindowColumns } from '../features/extract'
import { N_FEATURES } from '../features/schema'
import { buildSessions } from '../features/sessions'
import { groupBy } from '../features/windows'
import type { AutoencoderModel } from './autoencoder/Autoencoder'
import type { Calibrator } from './ensemble/Calibrator'
import { combineInChunks, propagateByConnection, type ModelScores } from './ensemble/combine'
import { scoresOfChunk, type ScoreChunk } from './ensemble/scoreChunk'
import type { IsolationForest } from './iforest/IsolationForest'
import { rawScores, type RawScores } from './rawScores'
import { HitSink, runRules } from './rules/index'
import { runSigma } from '../sigma/runSigma'
import type { SigmaSet } from '../sigma/SigmaSet'
import type { RuleThresholds } from './rules/thresholds'
import { STAT_COMPONENTS, type StatisticalModel } from './statistical/StatisticalModel'

/** Receives scores in time order, a chunk at a time (row `chunk.first + i` is the chunk's `i`th). */
export type ScoreSink = (chunk: ScoreChunk) => void

/** Rows per chunk handed to a ScoreSink: big enough for a quick write, small enough to hold. */
export const SCORE_CHUNK_ROWS = 65_536

export interface FittedDetectors {
  iforest: IsolationForest | null
  autoencoder: AutoencoderModel | null
  statistical: StatisticalModel | null
  calibration: Partial<Record<'iforest' | 'autoencoder' | 'statistical', Calibrator>>
}

export interface ScoreTableInput {
  t: EventTable
  w: WindowColumns
  /** Computes feature rows (the reasons read the findings' rows; no matrix is held). */
  rows: FeatureRows
  bb: BoundBaseline
  baselineRows: number
  fitted: FittedDetectors
  rules: boolean
  thresholds: RuleThresholds
  /** Sigma rules to run beside the threat rules (their hits join the same sink). */
  sigma?: SigmaSet | null
  /** Hands the scores on in chunks of rows instead of returning them (then the result is empty). */
  onScores?: ScoreSink
  /** Raw (uncalibrated) scores already computed for every row, to avoid scoring twice. */
  raw?: RawScores
  /** The rules' hits already found (ruleHits), e.g. while a model trained; computed here when absent. */
  hits?: HitSink | null
}

/**
 * The threat rules' hits on every row, spread over sshd connections (null when the rules are off).
 * They need no model, so a caller can find them while one trains.
 */
export function ruleHits(input: Pick<ScoreTableInput, 't' | 'w' | 'bb' | 'baselineRows' | 'rules' | 'thresholds'>): HitSink | null {
  if (!input.rules) return null
  const { t } = input
  const sessions = buildSessions(t)
  const sessionRows = groupBy(sessions.of, sessions.count)
  const sink = runRules({ t, w: input.w, bb: input.bb, th: input.thresholds, baselineRows: input.baselineRows, sessions, sessionRows })
  propagateByConnection(t, sink)
  return sink
}

/** One EventScore per row of `t`, in time order. */
export function scoreTable(input: ScoreTableInput): EventScore[] {
  const { t, w, rows, bb, fitted } = input
  const n = t.n
  const models: ModelScores = {}
  const cal = fitted.calibration
  const raw = input.raw ?? rawScores(fitted, t, w, rows)
  if (raw.iforest && cal.iforest) models.iforest = cal.iforest.applyAll(raw.iforest)
  if (raw.autoencoder && cal.autoencoder) models.autoencoder = cal.autoencoder.applyAll(raw.autoencoder)
  if (raw.statistical && cal.statistical) models.statistical = cal.statistical.applyAll(raw.statistical)
  let sink = input.hits !== undefined ? input.hits : ruleHits(input)
  // After the connection spread: a Sigma rule names exactly the lines it matched.
  if (input.sigma) sink ??= new HitSink(n)
  const sigmaRows = input.sigma && sink ? runSigma(input.sigma, t, sink) : null
  const describe: DescribeContext = { t, w, bb, rows }
  const iforest = fitted.iforest
  const ae = fitted.autoencoder
  const attribution =
    iforest || ae
      ? (which: readonly number[]) => {
          const out = new Float64Array(which.length * N_FEATURES)
          const tmp = new Float64Array(N_FEATURES)
          const Xs = rows.gather(which)
          const aeErr = ae ? ae.featureErrors(Xs, which.length) : null
          which.forEach((_, i) => {
            const o = out.subarray(i * N_FEATURES, (i + 1) * N_FEATURES)
            if (iforest) addNormalised(o, iforest.contributions(Xs, i, tmp))
            if (aeErr) addNormalised(o, aeErr.subarray(i * N_FEATURES, (i + 1) * N_FEATURES))
          })
          return out
        }
      : null
  const stat = fitted.statistical
  const comps = new Float64Array(STAT_COMPONENTS.length)
  const statReason = stat
    ? (row: number) => {
        stat.components(w, rows.row(row), row, comps, 0)
        let best = 0
        for (let k = 1; k < comps.length; k++) if (comps[k] > comps[best]) best = k
        return comps[best] > 2 ? describeFeature(STAT_COMPONENTS[best], describe, row) : null
      }
    : undefined
  // A row a Sigma rule matched names the rules, below LOW too.
  const full = sigmaRows?.size ? (row: number) => sigmaRows.has(row) : undefined
  const combined = { n, t, models, rules: sink, describe, attribution, statReason, full }
  const withSigma = (chunk: ScoreChunk): ScoreChunk => {
    if (!full) return chunk
    chunk.fullRows.forEach((at, i) => {
      const ids = sigmaRows!.get(chunk.first + at)
      if (ids) chunk.full[i] = { ...chunk.full[i], sigma_rules: ids }
    })
    return chunk
  }
  const onScores = input.onScores
  if (onScores) {
    combineInChunks(combined, SCORE_CHUNK_ROWS, (chunk) => onScores(withSigma(chunk)))
    return []
  }
  const out: EventScore[] = []
  combineInChunks(combined, Math.max(1, n), (chunk) => {
    for (const s of scoresOfChunk(withSigma(chunk))) out.push(s)
  })
  return out
}

function addNormalised(out: Float64Array, v: ArrayLike<number>): void {
  let s = 0
  for (let k = 0; k < out.length; k++) s += Math.max(0, v[k])
  if (s <= 0) return
  for (let k = 0; k < out.length; k++) out[k] += Math.max(0, v[k]) / s
}
