/**
 * Multi-row INSERTs that bind only the values that vary. better-sqlite3 pays per bound value (a V8
 * read, a UTF-8 copy of a string, SQLite's own copy), far more than SQLite pays to store it: an
 * event row binds 25 values of which 8 to 10 are NULL, a score row 13 of which 9 are the same for
 * every NONE score. So each row is sorted by its shape — which columns hold NULL, which hold the
 * column's common value — and rows of one shape go out 64 at a time through a statement that has
 * those values written in as SQL literals (1M events: 35 % less binding).
 *
 * The class refers to nothing outside itself: the store's writer thread runs its source
 * (writerThread.ts), so constants live in the class body.
 */
import type Database from 'better-sqlite3'

/** Rows per multi-row statement (the class's `rowsPerInsert`; 64 × 25 values stays far below SQLite's bound-parameter limit). */
export const ROWS_PER_INSERT = 64

type Statement = Database.Statement<unknown[], unknown>
type Literal = string | number

/** A column's common value, written into the statement instead of bound. */
export type CommonValues = readonly (Literal | undefined)[]

interface Shape {
  /** Positions of the row that are bound, in order. */
  bound: number[]
  many: Statement
  one: Statement
  params: unknown[]
  rows: number
}

export class ShapedRowWriter {
  private readonly rowsPerInsert = 64
  /** Past this many shapes (never seen: a scan has a dozen) rows go through the all-bound shape. */
  private readonly maxShapes = 256
  private readonly shapes = new Map<number, Shape>()
  private readonly row: unknown[]
  private open = false

  /**
   * `sqlHead` is the statement up to `VALUES`; rows have `width` values in the table's column
   * order. `common[p]`: the value that position `p` mostly holds (e.g. 'NONE' for a severity).
   */
  constructor(
    private readonly prepare: (sql: string) => Statement,
    private readonly sqlHead: string,
    private readonly width: number,
    private readonly common: CommonValues = [],
  ) {
    if (width > 26) throw new RangeError(`a shaped row has at most 26 values, got ${width}`)
    for (const v of common) if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`a common value is not a finite number: ${v}`)
    this.row = new Array<unknown>(width)
  }

  /** The row to fill next (the same array each time: fill every position). */
  next(): unknown[] {
    if (this.open) this.take()
    this.open = true
    return this.row
  }

  /** Drops the rows taken and not written (a transaction that failed before its flush). */
  discard(): void {
    this.open = false
    for (const shape of this.shapes.values()) shape.rows = 0
  }

  /** Writes every row taken so far. */
  flush(): void {
    if (this.open) this.take()
    this.open = false
    for (const shape of this.shapes.values()) {
      const w = shape.bound.length
      for (let r = 0; r < shape.rows; r++) shape.one.run(shape.params.slice(r * w, (r + 1) * w))
      shape.rows = 0
    }
  }

  private take(): void {
    const { row, width, common } = this
    // Bit p: NULL at p; bit 26 + p: the common value at p (26 + 26 bits stay an exact double).
    let nulls = 0
    let commons = 0
    for (let p = 0; p < width; p++) {
      const v = row[p]
      if (v === null || v === undefined) nulls |= 1 << p
      else if (common[p] !== undefined && v === common[p]) commons |= 1 << p
    }
    const key = nulls + commons * 2 ** 26
    let shape = this.shapes.get(key)
    if (!shape) shape = this.shapes.size < this.maxShapes ? this.shapeOf(key, nulls, commons) : (this.shapes.get(0) ?? this.shapeOf(0, 0, 0))
    const { bound, params } = shape
    let at = shape.rows * bound.length
    for (let i = 0; i < bound.length; i++) params[at++] = row[bound[i]]
    if (++shape.rows === this.rowsPerInsert) {
      shape.many.run(params)
      shape.rows = 0
    }
  }

  private shapeOf(key: number, nulls: number, commons: number): Shape {
    const bound: number[] = []
    const cells: string[] = []
    for (let p = 0; p < this.width; p++) {
      if (nulls & (1 << p)) cells.push('NULL')
      else if (commons & (1 << p)) {
        const v = this.common[p] as Literal
        // Numbers as written, strings single-quoted with their quotes doubled.
        cells.push(typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`)
      } else {
        bound.push(p)
        cells.push('?')
      }
    }
    const tuple = `(${cells.join(', ')})`
    const shape: Shape = {
      bound,
      many: this.prepare(`${this.sqlHead} ${Array<string>(this.rowsPerInsert).fill(tuple).join(', ')}`),
      one: this.prepare(`${this.sqlHead} ${tuple}`),
      params: new Array<unknown>(bound.length * this.rowsPerInsert),
      rows: 0,
    }
    this.shapes.set(key, shape)
    return shape
  }
}
