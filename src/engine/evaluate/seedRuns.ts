/**
 * `vigil eval --seeds A..B`: one evaluation per seed (a folder generated per seed, or one folder
 * scored with each detector seed), each reported, and the WORST one named — by episodes hit, by
 * F1 and by normal lines flagged per 10,000 — because a detector tuned on one folder is judged
 * by the folder it does worst on, not the best.
 */
import type { EvalReport } from './evaluate'

export interface SeedRun {
  /** What made this run differ: the seed (the generator's, or the detectors'), or the folder. */
  name: string
  events: number
  report: EvalReport
}

export interface WorstRuns {
  byEpisodes: SeedRun
  byF1: SeedRun
  byNoise: SeedRun
}

const hitShare = (r: SeedRun): number => (r.report.overall.episodes === 0 ? 1 : r.report.overall.episodesHit / r.report.overall.episodes)
const f1 = (r: SeedRun): number => r.report.overall.f1 ?? 0

/** The worst run by each measure (the first seed among equals). */
export function worstRuns(runs: readonly SeedRun[]): WorstRuns {
  if (runs.length === 0) throw new Error('no runs to compare')
  const worst = (worse: (a: SeedRun, b: SeedRun) => boolean): SeedRun => runs.reduce((w, r) => (worse(r, w) ? r : w))
  return {
    byEpisodes: worst((a, b) => hitShare(a) < hitShare(b)),
    byF1: worst((a, b) => f1(a) < f1(b)),
    byNoise: worst((a, b) => a.report.overall.normalFlaggedPer10k > b.report.overall.normalFlaggedPer10k),
  }
}

const HEADER = ['run', 'events', 'episodes hit', 'precision', 'recall', 'F1', 'ROC-AUC', 'normal/10k', 'missed']

function num(x: number | null, digits: number): string {
  return x === null ? '—' : x.toFixed(digits)
}

function cells(label: string, r: SeedRun): string[] {
  const o = r.report.overall
  return [label, r.events.toLocaleString('en-US'), `${o.episodesHit}/${o.episodes}`, num(o.precision, 3), num(o.recall, 3), num(o.f1, 3), num(o.rocAuc, 4), o.normalFlaggedPer10k.toFixed(1), missedText(r.report)]
}

function missedText(report: EvalReport): string {
  const missed = report.kinds.flatMap((k) => k.missed)
  return missed.length === 0 ? '-' : missed.join(' ')
}

/** One row per seed, then the worst by each measure. */
export function formatSeedTable(runs: readonly SeedRun[]): string {
  const w = worstRuns(runs)
  const rows = [HEADER, ...runs.map((r) => cells(r.name, r))]
  const worstRows = [
    cells(`worst episodes: ${w.byEpisodes.name}`, w.byEpisodes),
    cells(`worst F1: ${w.byF1.name}`, w.byF1),
    cells(`worst normal/10k: ${w.byNoise.name}`, w.byNoise),
  ]
  const all = [...rows, ...worstRows]
  const widths = HEADER.map((_, c) => Math.max(...all.map((r) => r[c].length)))
  const line = (r: string[]): string =>
    r
      .map((cell, c) => (c === 0 || c === r.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd()
  const rule = widths.map((n) => '-'.repeat(n)).join('  ')
  return `${[line(HEADER), rule, ...rows.slice(1).map(line), rule, ...worstRows.map(line)].join('\n')}\n`
}

/** `1..5` or `7` as a list of seeds; null when malformed or more than `max` seeds. */
export function parseSeedRange(text: string, max = 100): number[] | null {
  const m = /^\s*(-?\d+)\s*(?:\.\.\s*(-?\d+)\s*)?$/.exec(text)
  if (!m) return null
  const a = Number(m[1])
  const b = m[2] === undefined ? a : Number(m[2])
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b < a || b - a + 1 > max) return null
  return Array.from({ length: b - a + 1 }, (_, i) => a + i)
}
