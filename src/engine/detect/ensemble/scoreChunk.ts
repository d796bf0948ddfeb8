/**
 * A chunk of the ensemble's scores (combineInChunks). Some 97 % of a big capture's events are
 * below LOW: for those a score and the detectors' scores say everything, so they travel as
 * columns, and only the findings (and the few rows below LOW a Sigma rule matched) as EventScores.
 */
import type { DetectorName, EventScore } from '../../../shared/finding'

export interface ScoreChunk {
  /** Row (time order) of the chunk's first score. */
  first: number
  /** Every row's rounded score, findings too (its length is the chunk's). */
  score: Float64Array
  /** The detector_scores keys, in EventScore's order. */
  detectors: readonly DetectorName[]
  /** Every row's rounded detector scores, row-major: `score.length × detectors.length`. */
  detectorScores: Float64Array
  /** Offsets in the chunk, ascending, of the rows with a full EventScore; every other row is below LOW. */
  fullRows: number[]
  /** Their scores, aligned with `fullRows`. */
  full: EventScore[]
}

const EMPTY: string[] = []
Object.freeze(EMPTY)

/** The score of every row of the chunk as an EventScore (a row below LOW rebuilt from the columns). */
export function scoresOfChunk(c: ScoreChunk): EventScore[] {
  const size = c.score.length
  const k = c.detectors.length
  const out = new Array<EventScore>(size)
  for (let i = 0; i < size; i++) {
    const detector_scores: Partial<Record<DetectorName, number>> = {}
    for (let j = 0; j < k; j++) detector_scores[c.detectors[j]] = c.detectorScores[i * k + j]
    out[i] = { score: c.score[i], severity: 'NONE', threat_type: 'none', mitre_techniques: EMPTY, mitre_tactics: EMPTY, detector_scores, reasons: EMPTY, episode: '' }
  }
  c.fullRows.forEach((at, i) => (out[at] = c.full[i]))
  return out
}

/** The chunk's rows below LOW, as the store takes them (store/scoreColumns.ts); `ids`: store id of each of the chunk's rows. */
export function noneColumnsOf(c: ScoreChunk, ids: ArrayLike<number>): { ids: Float64Array; score: Float64Array; detectors: readonly DetectorName[]; detectorScores: Float64Array } {
  const size = c.score.length
  const k = c.detectors.length
  const n = size - c.fullRows.length
  const out = { ids: new Float64Array(n), score: new Float64Array(n), detectors: c.detectors, detectorScores: new Float64Array(n * k) }
  let at = 0
  let nextFull = 0
  for (let i = 0; i < size; i++) {
    if (nextFull < c.fullRows.length && c.fullRows[nextFull] === i) {
      nextFull++
      continue
    }
    out.ids[at] = ids[i]
    out.score[at] = c.score[i]
    for (let j = 0; j < k; j++) out.detectorScores[at * k + j] = c.detectorScores[i * k + j]
    at++
  }
  return out
}
