/**
 * The ensemble: calibrated detector scores and rule hits in, one EventScore per row out.
 * Rules dominate when they fire (they know what the attack is); model-only anomalies are capped
 * below HIGH, because a model can say "unusual" but not "attack".
 */
import { EVENT_KINDS } from '../../../shared/event'
import type { DetectorName, EventScore } from '../../../shared/finding'
import { severityOf } from '../../../shared/finding'
import { describeFeature, type DescribeContext } from '../../features/describe'
import { FEATURE_NAMES, N_FEATURES } from '../../features/schema'
import { sortTactics, tacticsOf } from '../../mitre/catalogue'
import type { EventTable } from '../../features/eventTable'
import type { HitSink, RuleHit } from '../rules/types'
import { EpisodeAssigner } from './episodes'
import type { ScoreChunk } from './scoreChunk'

/** Calibrated per-row scores of the model detectors that ran (absent = did not run). */
export interface ModelScores {
  iforest?: Float64Array
  autoencoder?: Float64Array
  statistical?: Float64Array
}

/**
 * Feature attributions for the given rows, row-major `rows.length × N_FEATURES` (largest first
 * matters, scale does not). Called once, for the rows that need model reasons.
 */
export type Attribution = (rows: readonly number[]) => Float64Array

export interface CombineInput {
  n: number
  /** The rows' events (episode ids are made from an episode's first line). */
  t: EventTable
  models: ModelScores
  rules: HitSink | null
  describe: DescribeContext
  /** Feature attributions by model, used for model-only reasons. */
  attribution: Attribution | null
  /** Names of the statistical components and their per-row values, for reasons. */
  statReason?: (row: number) => string | null
  /** Rows below LOW that need an EventScore of their own all the same (a Sigma rule matched them). */
  full?: (row: number) => boolean
}

const EMPTY: string[] = []
Object.freeze(EMPTY)

/** Model agreement score in [0, 1]: the strongest detector, tempered by the runner-up. */
export function modelScore(values: ArrayLike<number>): number {
  if (values.length === 0) return 0
  if (values.length === 1) return values[0]
  let v1 = -1
  let v2 = -1
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v > v1) {
      v2 = v1
      v1 = v
    } else if (v > v2) v2 = v
  }
  return 0.65 * v1 + 0.35 * v2
}

/**
 * Model-only anomalies: a model can say "unusual", not "attack". They stay LOW unless every
 * model that ran agrees it is extreme; then MEDIUM, never HIGH.
 */
export function capModelOnly(m: number, values: ArrayLike<number>): number {
  const low = Math.min(m, 0.69)
  if (values.length < 2) return low
  let agree = 0
  for (let i = 0; i < values.length; i++) if (values[i] >= 0.97) agree++
  if (agree < values.length) return low
  return Math.min(0.84, 0.7 + (m - 0.97) * 4)
}

/**
 * Scores every row, handing them on `chunkRows` at a time in row order, so a scan never holds a
 * million score objects: every row's score and detector scores as columns, an EventScore only for
 * the findings and the rows in `input.full` (see ScoreChunk). Model reasons are explained in one
 * batch first (attributions run an autoencoder pass), and episodes are assigned in row order,
 * exactly as for the whole table at once.
 */
export function combineInChunks(input: CombineInput, chunkRows: number, sink: (chunk: ScoreChunk) => void): void {
  const { n, rules } = input
  const row = new RowScorer(input)
  const explain: number[] = []
  for (let r = 0; r < n; r++) if (row.score(r) && row.modelsName) explain.push(r)
  // Model reasons in one batch: attributions (an autoencoder pass) are costly per call.
  const attrs = input.attribution && explain.length ? input.attribution(explain) : null
  const episodes = new EpisodeAssigner(input.t, rules)
  const detectors = row.detectorNames()
  const k = detectors.length
  let next = 0 // position in `explain` of the next explained row
  for (let from = 0; from < n; from += chunkRows) {
    const to = Math.min(n, from + chunkRows)
    const chunk: ScoreChunk = { first: from, score: new Float64Array(to - from), detectors, detectorScores: new Float64Array((to - from) * k), fullRows: [], full: [] }
    for (let r = from; r < to; r++) {
      const finding = row.score(r)
      const score = round4(row.value)
      chunk.score[r - from] = score
      row.detectorScoresInto(r, chunk.detectorScores, (r - from) * k)
      if (!finding && !input.full?.(r)) continue
      const detector_scores = row.detectorScores(r)
      const severity = severityOf(row.value)
      const hit = row.hit
      let s: EventScore
      if (!finding) {
        s = { score, severity, threat_type: 'none', mitre_techniques: EMPTY, mitre_tactics: EMPTY, detector_scores, reasons: EMPTY, episode: '' }
      } else if (hit && !row.modelsName) {
        const reasons = [hit.reason]
        const second = rules!.second[r]
        if (second >= 0) reasons.push(rules!.hits[second].reason)
        const mitre_tactics = hit.tactics?.length ? sortTactics([...tacticsOf(hit.techniques), ...hit.tactics]) : tacticsOf(hit.techniques)
        s = { score, severity, threat_type: hit.threat_type, mitre_techniques: hit.techniques, mitre_tactics, detector_scores, reasons, episode: '' }
      } else {
        const i = next++
        const reasons = modelReasons(input, r, attrs ? attrs.subarray(i * N_FEATURES, (i + 1) * N_FEATURES) : null)
        s = { score, severity, threat_type: 'anomaly', mitre_techniques: EMPTY, mitre_tactics: EMPTY, detector_scores, reasons, episode: '' }
      }
      episodes.assign(r, s, finding && hit && !row.modelsName ? rules!.best[r] : -1)
      chunk.fullRows.push(r - from)
      chunk.full.push(s)
    }
    sink(chunk)
  }
}

/** One row's ensemble arithmetic, without allocating: `score(r)` fills the fields below. */
class RowScorer {
  private readonly names: (keyof ModelScores)[]
  /** The models' scores of the row being scored (one array for every row: a million rows allocate nothing). */
  private readonly vals: Float64Array
  /** The models' score columns, in `names`' order. */
  private readonly columns: Float64Array[]
  /** The row's score in [0, 1], unrounded. */
  value = 0
  /** The rule hit on the row, if any. */
  hit: RuleHit | null = null
  /** The models name the finding (their capped score beats the rule's, or no rule fired). */
  modelsName = false

  constructor(private readonly input: CombineInput) {
    this.names = (Object.keys(input.models) as (keyof ModelScores)[]).filter((k) => input.models[k] !== undefined)
    this.columns = this.names.map((k) => input.models[k]!)
    this.vals = new Float64Array(this.names.length)
  }

  /** Computes row `r`; true when it is a finding (LOW or above). */
  score(r: number): boolean {
    const { rules } = this.input
    const { vals, columns } = this
    for (let k = 0; k < columns.length; k++) vals[k] = columns[k][r]
    const m = modelScore(vals)
    // Without rules the models are all there is (e.g. `--detectors iforest`): no cap then.
    const modelOnly = rules ? capModelOnly(m, vals) : m
    const hitId = rules ? rules.best[r] : -1
    const hit = hitId >= 0 ? rules!.hits[hitId] : null
    let score = modelOnly
    if (hit) score = Math.max(score, Math.min(1, hit.strength + 0.04 * m))
    this.value = Math.min(1, Math.max(0, score))
    this.hit = hit
    this.modelsName = !(hit && hit.strength + 0.04 * m >= modelOnly)
    return severityOf(this.value) !== 'NONE'
  }

  /** The rounded score of each detector on row `r`. */
  detectorScores(r: number): Partial<Record<DetectorName, number>> {
    const { models, rules } = this.input
    const out: Partial<Record<DetectorName, number>> = {}
    for (const k of this.names) out[k] = round4(models[k]![r])
    if (rules) {
      const b = rules.best[r]
      out.rules = b >= 0 ? round4(rules.hits[b].strength) : 0
    }
    return out
  }

  /** The keys of `detectorScores`, in its order. */
  detectorNames(): DetectorName[] {
    return this.input.rules ? [...this.names, 'rules'] : [...this.names]
  }

  /** `detectorScores(r)`'s values into `out` from `at`, in `detectorNames()`' order. */
  detectorScoresInto(r: number, out: Float64Array, at: number): void {
    const { rules } = this.input
    const columns = this.columns
    for (let k = 0; k < columns.length; k++) out[at + k] = round4(columns[k][r])
    if (rules) {
      const b = rules.best[r]
      out[at + columns.length] = b >= 0 ? round4(rules.hits[b].strength) : 0
    }
  }
}

function modelReasons(input: CombineInput, r: number, attr: Float64Array | null): string[] {
  const reasons: string[] = []
  if (attr) {
    const order = Array.from(attr.keys()).sort((a, b) => attr[b] - attr[a])
    for (const f of order) {
      if (attr[f] <= 0 || reasons.length >= 3) break
      const s = describeFeature(FEATURE_NAMES[f], input.describe, r)
      if (s && !reasons.includes(s)) reasons.push(s)
    }
  }
  if (reasons.length < 3 && input.statReason) {
    const s = input.statReason(r)
    if (s && !reasons.includes(s)) reasons.push(s)
  }
  if (reasons.length === 0) reasons.push(`unusual combination of ${EVENT_KINDS[input.describe.t.kind[r]]} features for this capture`)
  return reasons
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000
}

/**
 * sshd logs one connection under one pid: lines of a flagged connection that lack the source IP
 * ("Connection closed", "PAM 2 more authentication failures") inherit its hit.
 */
export function propagateByConnection(t: EventTable, sink: HitSink, gapMs = 5 * 60_000): void {
  const sshd = t.programs.get('sshd')
  if (sshd < 0) return
  const last = new Map<number, number>()
  const runOf = new Map<number, number[]>()
  const runs: number[][] = []
  for (let r = 0; r < t.n; r++) {
    if (t.program[r] !== sshd) continue
    const pid = t.pid[r]
    if (Number.isNaN(pid) || t.host[r] < 0) continue
    const key = t.host[r] * 4_194_304 + pid
    const prev = last.get(key)
    let g = runOf.get(key)
    if (!g || prev === undefined || t.ts[r] - t.ts[prev] > gapMs) {
      g = []
      runOf.set(key, g)
      runs.push(g)
    }
    g.push(r)
    last.set(key, r)
  }
  for (const run of runs) {
    if (run.length < 2) continue
    let best = -1
    const users = new Set<number>()
    for (const r of run) {
      const b = sink.best[r]
      if (b < 0) continue
      if (t.user[r] >= 0) users.add(t.user[r])
      if (best < 0 || sink.hits[b].strength > sink.hits[best].strength) best = b
    }
    if (best < 0) continue
    // Pids are reused: only lines without an address, naming no account or one of the flagged
    // lines' accounts, or failing themselves ("check pass; user unknown") inherit.
    for (const r of run) {
      if (sink.best[r] >= 0 || t.ip[r] >= 0) continue
      if (t.user[r] < 0 || users.has(t.user[r]) || t.outcome[r] === 1 || t.invalid[r] === 1) sink.mark(r, best)
    }
  }
}
