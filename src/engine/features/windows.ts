/**
 * Sliding windows per entity over time-sorted rows, without per-event allocation: rows are
 * grouped by entity once (CSR layout) and each window is a two-pointer sweep.
 */
import type { IdColumn } from './narrow'

/** Rows of each entity in time order: rows[offsets[e] .. offsets[e+1]). */
export interface Groups {
  offsets: Uint32Array
  rows: Uint32Array
}

/** Groups rows by a non-negative entity id; rows with id -1 are left out. */
export function groupBy(ids: IdColumn, nEntities: number): Groups {
  const counts = new Uint32Array(nEntities + 1)
  for (let i = 0; i < ids.length; i++) if (ids[i] >= 0) counts[ids[i] + 1]++
  for (let e = 0; e < nEntities; e++) counts[e + 1] += counts[e]
  const offsets = counts.slice()
  const cursor = counts.slice(0, nEntities)
  const rows = new Uint32Array(offsets[nEntities])
  for (let i = 0; i < ids.length; i++) {
    const e = ids[i]
    if (e >= 0) rows[cursor[e]++] = i
  }
  return { offsets, rows }
}

/**
 * For each row, the sum of `weights` over the same entity's rows in (t - windowMs, t], counting
 * only rows up to and including this one (the past, as a live tail would see it).
 */
export function windowSum(g: Groups, ts: Float64Array, weights: Float64Array, windowMs: number, out: Float64Array): void {
  const { offsets, rows } = g
  for (let e = 0; e + 1 < offsets.length; e++) {
    let lo = offsets[e]
    let acc = 0
    for (let p = offsets[e]; p < offsets[e + 1]; p++) {
      const r = rows[p]
      acc += weights[r]
      const from = ts[r] - windowMs
      while (ts[rows[lo]] <= from) acc -= weights[rows[lo++]]
      out[r] = acc
    }
  }
}

/**
 * For each row, the number of distinct non-negative `values` among the same entity's rows in
 * (t - windowMs, t]. `scratch` must hold at least max(values) + 1 zeros and is left zeroed.
 */
export function windowDistinct(
  g: Groups,
  ts: Float64Array,
  values: Int32Array,
  windowMs: number,
  out: Float64Array,
  scratch: Uint32Array,
): void {
  const { offsets, rows } = g
  for (let e = 0; e + 1 < offsets.length; e++) {
    let lo = offsets[e]
    let distinct = 0
    const start = offsets[e]
    const end = offsets[e + 1]
    for (let p = start; p < end; p++) {
      const r = rows[p]
      const v = values[r]
      if (v >= 0 && scratch[v]++ === 0) distinct++
      const from = ts[r] - windowMs
      while (ts[rows[lo]] <= from) {
        const w = values[rows[lo++]]
        if (w >= 0 && --scratch[w] === 0) distinct--
      }
      out[r] = distinct
    }
    for (let q = lo; q < end; q++) {
      const w = values[rows[q]]
      if (w >= 0) scratch[w] = 0
    }
  }
}

/** Maximum of an id column (or -1 when empty). */
export function maxId(values: IdColumn): number {
  let m = -1
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i]
  return m
}
