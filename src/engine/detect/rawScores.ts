/** The model detectors' raw scores of every row, from feature rows computed a chunk at a time. */
import type { EventTable } from '../features/eventTable'
import type { FeatureRows, WindowColumns } from '../features/extract'
import { N_FEATURES } from '../features/schema'
import type { ForestChunks } from './iforest/offThread'
import type { FittedDetectors } from './scoreTable'

export type RawScores = Partial<Record<'iforest' | 'autoencoder' | 'statistical', Float64Array>>

/**
 * Feature rows held at a time while scoring (12 MB). A multiple of the autoencoder's batch
 * (16,384 rows), so it sees the same batches as when it scored the whole matrix at once.
 */
export const FEATURE_CHUNK_ROWS = 65_536

/**
 * Scores every row of `t` with each fitted model, never holding more than a chunk of features.
 * With `forestChunks` the forest's chunks go there (perhaps to a worker thread) and `iforest` is
 * left out of the result: the caller takes it from `forestChunks.finish`.
 */
export function rawScores(fitted: FittedDetectors, t: EventTable, w: WindowColumns, rows: FeatureRows, forestChunks?: ForestChunks): RawScores {
  const n = t.n
  const { iforest, autoencoder, statistical } = fitted
  const raw: RawScores = {}
  if (iforest && !forestChunks) raw.iforest = new Float64Array(n)
  if (autoencoder) raw.autoencoder = new Float64Array(n)
  if (statistical) raw.statistical = new Float64Array(n)
  if (!iforest && !autoencoder && !statistical && !forestChunks) return raw
  // The forest remembers the distinct rows it walked across the chunks (about 43 % of a big
  // capture's rows repeat an earlier one).
  const forest = forestChunks ? null : iforest?.scorer(n)
  const X = new Float64Array(Math.min(n, FEATURE_CHUNK_ROWS) * N_FEATURES)
  for (let from = 0; from < n; from += FEATURE_CHUNK_ROWS) {
    const to = Math.min(n, from + FEATURE_CHUNK_ROWS)
    const m = to - from
    const Xc = X.subarray(0, m * N_FEATURES)
    rows.fill(from, to, Xc)
    if (forestChunks) forestChunks.score(Xc, m, from)
    else if (forest) raw.iforest!.set(forest(Xc, m), from)
    if (autoencoder) raw.autoencoder!.set(autoencoder.score(Xc, m), from)
    if (statistical) raw.statistical!.set(statistical.score(w, Xc, from, to), from)
  }
  return raw
}
