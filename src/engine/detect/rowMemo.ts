/**
 * Distinct rows of a feature matrix, so that a detector computes each distinct row once: in a
 * million-event capture about 43 % of the rows repeat an earlier one exactly (the same kind of
 * line, in the same minute, with the same window counts). The isolation forest keys a row by its
 * float32 order keys (what its walk reads), so a repeated row gets the very value computed for the
 * first. Worth it only where a row costs more than its hash: the forest's 100 trees, not the
 * autoencoder's small forward pass (measured).
 *
 * Bounded: at most `capacity` rows are held; the caller clears the memo when a chunk would not fit.
 */
export class RowMemo {
  /** Interned rows, row-major `capacity × width`; row `id` is the id'th distinct row added. */
  readonly rows: Int32Array
  /** Rows held. */
  size = 0
  private readonly slots: Int32Array
  private readonly mask: number

  constructor(
    readonly width: number,
    readonly capacity: number,
  ) {
    this.rows = new Int32Array(Math.max(1, capacity) * width)
    // At most half full: linear probing stays short.
    let n = 2
    while (n < 2 * capacity) n *= 2
    this.slots = new Int32Array(n).fill(-1)
    this.mask = n - 1
  }

  /** Room for `rows` more distinct rows. */
  fits(rows: number): boolean {
    return this.size + rows <= this.capacity
  }

  /** Forgets every row. */
  clear(): void {
    this.slots.fill(-1)
    this.size = 0
  }

  /**
   * The id of the row `src[at .. at + width)`: an earlier id when it was seen, else the next id
   * (`size` before the call; the row is copied in). Throws when a new row would not fit.
   */
  intern(src: Int32Array, at: number): number {
    const w = this.width
    let h = 0x811c9dc5
    for (let k = 0; k < w; k++) h = Math.imul(h ^ src[at + k], 0x01000193)
    h ^= h >>> 15
    h = Math.imul(h, 0x2c1b3c6d)
    h ^= h >>> 12
    const { rows, slots, mask } = this
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = slots[s]
      if (id < 0) {
        if (this.size >= this.capacity) throw new RangeError('RowMemo is full: clear it before a chunk that does not fit')
        const added = this.size++
        rows.set(src.subarray(at, at + w), added * w)
        slots[s] = added
        return added
      }
      let same = true
      const base = id * w
      for (let k = 0; k < w; k++) {
        if (rows[base + k] !== src[at + k]) {
          same = false
          break
        }
      }
      if (same) return id
    }
  }
}
