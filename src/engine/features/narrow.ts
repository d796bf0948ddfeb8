/**
 * Columns held as narrow as their values allow, read back as the very same numbers: a table of
 * ten million events spends a third less on numbers that are small integers (counts, pids,
 * interned ids) than it would holding every one as a double.
 */

/** Numbers of a column: 32-bit floats when every value is one exactly (NaN included), else doubles. */
export type NumberColumn = Float64Array | Float32Array

/** Interned ids (-1 for none) of a column, in the fewest bytes that hold its largest id. */
export type IdColumn = Int32Array | Int16Array | Int8Array

/** `values` as 32-bit floats if that changes none of them; else `values` itself. */
export function narrowNumbers(values: Float64Array): NumberColumn {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    // NaN is the one value unequal to itself; it survives the narrowing as NaN.
    if (Math.fround(v) !== v && v === v) return values
  }
  return Float32Array.from(values)
}

/** `ids` (each below `distinct`, or -1) in the narrowest signed array that holds them; else `ids` itself. */
export function narrowIds(ids: Int32Array, distinct: number): IdColumn {
  if (distinct <= 128) return Int8Array.from(ids)
  if (distinct <= 32_768) return Int16Array.from(ids)
  return ids
}
