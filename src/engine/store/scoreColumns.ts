/**
 * A first scan's scores of events below LOW as columns: a million-event scan has some 970,000 of
 * them, all alike but for their score and the detectors' scores. Building an EventScore, then a
 * 13-value row, then packing it for the writer thread cost the main thread 1.7 s of a 1 M scan;
 * as typed arrays they are transferred and the rows are built on the writer thread.
 */

/** Rows below LOW (severity NONE, no threat, no reasons, no episode, no Sigma rule). */
export interface NoneScoreColumns {
  /** Store ids of the events. */
  ids: Float64Array
  /** Each event's rounded score. */
  score: Float64Array
  /** Names of the detector_scores keys, in the order they are written. */
  detectors: readonly string[]
  /** Each event's rounded detector scores, row-major: `ids.length × detectors.length`. */
  detectorScores: Float64Array
}

/**
 * Fills the `scores` rows (fillScoreParams' column order) of NONE columns into the arrays `next()`
 * hands out. Refers to nothing outside itself: the writer thread runs its source. detector_scores
 * is written as jsonScores (rows.ts) writes it: the keys in order, a non-finite number as null.
 */
export function fillNoneScoreRows(c: NoneScoreColumns, attackVersion: string, modelId: number | null, next: () => unknown[]): void {
  const k = c.detectors.length
  const heads = c.detectors.map((d, j) => `${j > 0 ? ',' : ''}"${d}":`)
  const { ids, score, detectorScores } = c
  for (let i = 0; i < ids.length; i++) {
    let json = '{'
    for (let j = 0; j < k; j++) {
      const v = detectorScores[i * k + j]
      json += heads[j] + (Number.isFinite(v) ? String(v) : 'null')
    }
    const row = next()
    row[0] = ids[i]
    row[1] = score[i]
    row[2] = 'NONE'
    row[3] = 0
    row[4] = 'none'
    row[5] = '[]'
    row[6] = '[]'
    row[7] = `${json}}`
    row[8] = '[]'
    row[9] = attackVersion
    row[10] = modelId
    row[11] = null
    row[12] = null
  }
}
