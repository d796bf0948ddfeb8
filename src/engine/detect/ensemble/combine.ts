/**
 * The ensemble: calibrated detector scores and rule hits in, one EventScore per row out.
 * Rules dominate when they fire (they know what the attack is); model-only anomalies are capped
 * below HIGH, because a model can say "unusual" but not "attack".
 */
import type { DetectorName, EventScore } from '../../../shared/finding'
import { severityOf } from '../../../shared/finding'
import { describeFeature, type DescribeContext } from '../../features/describe'
import { FEATURE_NAMES, N_FEATURES } from '../../features/schema'
import { sortTactics, tacticsOf } from '../../mitre/catalogue'
import type { EventTable } from '../../features/eventTable'
import type { HitSink } from '../rules/types'
import { assignEpisodes } from './episodes'

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
}

const EMPTY: string[] = []
Object.freeze(EMPTY)

/** Model agreement score in [0, 1]: the strongest detector, tempered by the runner-up. */
export function modelScore(values: number[]): number {
  if (values.length === 0) return 0
  if (values.length === 1) return values[0]
  let v1 = -1
  let v2 = -1
  for (const v of values) {
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
export function capModelOnly(m: number, values: readonly number[]): number {
  const low = Math.min(m, 0.69)
  if (values.length < 2) return low
  let agree = 0
  for (const v of values) if (v >= 0.97) agree++
  if (agree < values.length) return low
  return Math.min(0.84, 0.7 + (m - 0.97) * 4)
}

/** Scores every row (time order). */
export function combine(input: CombineInput): EventScore[] {
  const { n, models, rules } = input
  const out = new Array<EventScore>(n)
  const names = (Object.keys(models) as (keyof ModelScores)[]).filter((k) => models[k] !== undefined)
  const vals: number[] = []
  const explain: number[] = []
  // The hit that names each row's finding (-1: the models do), for its episode.
  const ruleHit = new Int32Array(n).fill(-1)
  for (let r = 0; r < n; r++) {
    vals.length = 0
    const detector_scores: Partial<Record<DetectorName, number>> = {}
    for (const k of names) {
      const v = models[k]![r]
      vals.push(v)
      detector_scores[k] = round4(v)
    }
    const m = modelScore(vals)
    // Without rules the models are all there is (e.g. `--detectors iforest`): no cap then.
    const modelOnly = rules ? capModelOnly(m, vals) : m
    const hitId = rules ? rules.best[r] : -1
    const hit = hitId >= 0 ? rules!.hits[hitId] : null
    if (rules) detector_scores.rules = hit ? round4(hit.strength) : 0
    let score = modelOnly
    if (hit) score = Math.max(score, Math.min(1, hit.strength + 0.04 * m))
    score = Math.min(1, Math.max(0, score))
    const severity = severityOf(score)
    if (severity === 'NONE') {
      out[r] = { score: round4(score), severity, threat_type: 'none', mitre_techniques: EMPTY, mitre_tactics: EMPTY, detector_scores, reasons: EMPTY, episode: '' }
      continue
    }
    if (hit && hit.strength + 0.04 * m >= modelOnly) {
      const reasons = [hit.reason]
      const second = rules!.second[r]
      if (second >= 0) reasons.push(rules!.hits[second].reason)
      ruleHit[r] = hitId
      out[r] = {
        score: round4(score),
        severity,
        threat_type: hit.threat_type,
        mitre_techniques: hit.techniques,
        mitre_tactics: hit.tactics?.length ? sortTactics([...tacticsOf(hit.techniques), ...hit.tactics]) : tacticsOf(hit.techniques),
        detector_scores,
        reasons,
        episode: '',
      }
      continue
    }
    out[r] = {
      score: round4(score),
      severity,
      threat_type: 'anomaly',
      mitre_techniques: EMPTY,
      mitre_tactics: EMPTY,
      detector_scores,
      reasons: EMPTY,
      episode: '',
    }
    explain.push(r)
  }
  assignEpisodes(input.t, out, rules, ruleHit)
  // Model reasons in one batch: attributions (an autoencoder pass) are costly per call.
  const attrs = input.attribution && explain.length ? input.attribution(explain) : null
  explain.forEach((r, i) => {
    out[r].reasons = modelReasons(input, r, attrs ? attrs.subarray(i * N_FEATURES, (i + 1) * N_FEATURES) : null)
  })
  return out
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
  if (reasons.length === 0) reasons.push(`unusual combination of ${input.describe.t.events[input.describe.t.order[r]].event} features for this capture`)
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
    const pid = t.events[t.order[r]].pid
    if (pid === null || t.host[r] < 0) continue
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
