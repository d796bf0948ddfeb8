/**
 * Scores a detector against labels.csv. Pure: labels and scored events in, a report out.
 *
 * The unit is a log line (or JSON record): events are joined to labels by (file, line); several
 * events from one line (an expanded `message repeated N times`) count once, with their highest
 * score and severity. A labeled line no event points at counts as missed (score 0). "Flagged"
 * means MEDIUM or above.
 *
 * Per attack kind: recall, ROC-AUC and PR-AUC compare that kind's lines with the normal lines
 * (other kinds' lines are left out); a flagged normal line is a false positive of the kind its
 * `threat_type` names (those naming no kind — `anomaly`, a missing threat type — count only
 * overall). Overall: every labeled line against every normal line.
 */
import { SEVERITY_FLOOR, type Severity, severityRank } from '../../shared/finding'
import { averagePrecision, prf, rocAuc } from './rankMetrics'
import { type ThreatType, attackOfThreat } from '../../shared/threat'

export interface LabelRow {
  file: string
  line: number
  attack: string
  episode: string
}

export interface ScoredLine {
  source_file: string
  source_line: number
  score: number
  severity: Severity
  threat_type?: ThreatType
}

export interface MetricRow {
  /** Attack kind, or `overall`. */
  name: string
  episodes: number
  episodesHit: number
  /** Episodes none of whose lines was flagged, by id (e.g. `lateral_movement-2`), sorted. */
  missed: string[]
  /** Labeled lines. */
  positives: number
  truePositives: number
  falsePositives: number
  precision: number | null
  recall: number | null
  f1: number | null
  rocAuc: number | null
  prAuc: number | null
  /** Normal lines flagged (attributed to this kind, or all of them for `overall`) per 10,000 normal lines. */
  normalFlaggedPer10k: number
}

export interface EvalReport {
  /** Distinct lines scored or labeled. */
  lines: number
  normalLines: number
  labeledLines: number
  /** Labeled lines no scored event points at (missed by the parser). */
  unmatchedLabels: number
  /** Flagged normal lines whose threat type names no attack kind. */
  unattributedFalsePositives: number
  kinds: MetricRow[]
  overall: MetricRow
}

const FLAG_RANK = severityRank('MEDIUM')

interface Unit {
  score: number
  rank: number
  threat: ThreatType | null
  label: LabelRow | null
}

function keyOf(file: string, line: number): string {
  return `${file}\u0000${line}`
}

export interface EvaluateOptions {
  /**
   * Flag the lines with the highest scores, this share of all lines (the seed's "top 1 %"), instead
   * of MEDIUM and above. Ties at the cut are all flagged.
   */
  flagTopFraction?: number
}

/** Computes the report. `kinds` fixes the rows' order (kinds absent from the labels are skipped). */
export function evaluate(labels: readonly LabelRow[], scored: readonly ScoredLine[], kinds: readonly string[] = [], options: EvaluateOptions = {}): EvalReport {
  const units = new Map<string, Unit>()
  for (const e of scored) {
    const key = keyOf(e.source_file, e.source_line)
    const rank = severityRank(e.severity)
    const u = units.get(key)
    if (!u) {
      units.set(key, { score: e.score, rank, threat: e.threat_type ?? null, label: null })
    } else {
      if (e.score > u.score) {
        u.score = e.score
        u.threat = e.threat_type ?? u.threat
      }
      if (rank > u.rank) u.rank = rank
    }
  }
  let unmatched = 0
  for (const l of labels) {
    const key = keyOf(l.file, l.line)
    const u = units.get(key)
    if (u) u.label = l
    else {
      unmatched++
      units.set(key, { score: 0, rank: severityRank('NONE'), threat: null, label: l })
    }
  }

  if (options.flagTopFraction !== undefined) flagTop(units, options.flagTopFraction)
  const normalScores: number[] = []
  const fpByKind = new Map<string, number>()
  let unattributed = 0
  const byKind = new Map<string, Unit[]>()
  for (const u of units.values()) {
    if (u.label) {
      let list = byKind.get(u.label.attack)
      if (!list) byKind.set(u.label.attack, (list = []))
      list.push(u)
      continue
    }
    normalScores.push(u.score)
    if (u.rank >= FLAG_RANK) {
      const kind = u.threat === null ? null : attackOfThreat(u.threat)
      if (kind === null) unattributed++
      else fpByKind.set(kind, (fpByKind.get(kind) ?? 0) + 1)
    }
  }
  const normal = normalScores.length
  const sortedNormal = Float64Array.from(normalScores).sort()
  const order = [...kinds.filter((k) => byKind.has(k)), ...[...byKind.keys()].filter((k) => !kinds.includes(k)).sort()]
  const rows = order.map((kind) => row(kind, byKind.get(kind)!, sortedNormal, fpByKind.get(kind) ?? 0, normal))
  const allLabeled = [...byKind.values()].flat()
  const allFp = unattributed + [...fpByKind.values()].reduce((s, x) => s + x, 0)
  return {
    lines: units.size,
    normalLines: normal,
    labeledLines: allLabeled.length,
    unmatchedLabels: unmatched,
    unattributedFalsePositives: unattributed,
    kinds: rows,
    overall: row('overall', allLabeled, sortedNormal, allFp, normal),
  }
}

/** Re-flags by rank: the top `fraction` of lines by score become MEDIUM, the rest NONE. */
function flagTop(units: Map<string, Unit>, fraction: number): void {
  const scores = Float64Array.from(units.values(), (u) => u.score).sort()
  const k = Math.max(1, Math.floor(scores.length * fraction))
  const cut = scores.length > 0 ? scores[scores.length - k] : Infinity
  for (const u of units.values()) u.rank = u.score >= cut ? FLAG_RANK : severityRank('NONE')
}

function row(name: string, positives: readonly Unit[], normalScores: Float64Array, falsePositives: number, normal: number): MetricRow {
  const episodes = new Map<string, boolean>()
  let tp = 0
  const posScores = new Float64Array(positives.length)
  positives.forEach((u, i) => {
    posScores[i] = u.score
    const flagged = u.rank >= FLAG_RANK
    if (flagged) tp++
    const ep = u.label!.episode
    episodes.set(ep, (episodes.get(ep) ?? false) || flagged)
  })
  return {
    name,
    episodes: episodes.size,
    episodesHit: [...episodes.values()].filter(Boolean).length,
    missed: [...episodes].filter(([, hit]) => !hit).map(([ep]) => ep).sort(),
    positives: positives.length,
    truePositives: tp,
    falsePositives,
    ...prf(tp, falsePositives, positives.length),
    rocAuc: rocAuc(posScores, normalScores, true),
    prAuc: averagePrecision(posScores, normalScores, true),
    normalFlaggedPer10k: normal > 0 ? (falsePositives / normal) * 10_000 : 0,
  }
}

/** The score at which a line counts as flagged (MEDIUM's floor), for reports. */
export const FLAG_THRESHOLD = SEVERITY_FLOOR.MEDIUM
