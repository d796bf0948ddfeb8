/**
 * Rows of NULLs, numbers and strings packed for a hand-over to the store's writer thread
 * (writerThread.ts): the strings as one string, the numbers in a Float64Array and a tag per value
 * in an Int32Array (the typed arrays are transferred, not copied). Structured cloning of the rows
 * as arrays cost the main thread as much as inserting them; this costs a fifth.
 */

/** A tag: the value's string length (≥ 0), or one of these. */
const NULL = -1
const NUMBER = -2
/**
 * The string last sent at this position in the same message. A file's rows repeat their host,
 * file, program and often event and outcome row after row: sent once, they are neither appended
 * nor copied into the message again.
 */
const REPEAT = -3

export interface PackedRows {
  width: number
  rows: number
  text: string
  tags: Int32Array
  nums: Float64Array
}

export class RowPacker {
  private tags: Int32Array
  private nums: Float64Array
  /**
   * The strings so far, appended with `+=`: a rope that postMessage flattens in one copy. Pushing
   * them to an array and joining it measured twice as slow (40,000 strings a message).
   */
  private text = ''
  private at = 0
  private rows = 0
  private readonly row: unknown[]
  /** Per position, the string last sent there in this message (see REPEAT). */
  private readonly sent: unknown[]
  private open = false

  /** `rows`: how many rows are expected (the buffers grow past it). */
  constructor(
    private readonly width: number,
    rows = 64,
  ) {
    this.row = new Array<unknown>(width)
    this.sent = new Array<unknown>(width)
    this.tags = new Int32Array(Math.max(1, rows) * width)
    this.nums = new Float64Array(Math.max(1, rows) * width)
  }

  /** Rows handed out so far (the one being filled too). */
  get size(): number {
    return this.rows + (this.open ? 1 : 0)
  }

  /** The row to fill next (the same array each time: fill every position with NULL, a number or a string). */
  next(): unknown[] {
    if (this.open) this.take()
    this.open = true
    return this.row
  }

  /** The rows taken so far, packed; the packer starts empty again. */
  finish(): PackedRows {
    if (this.open) this.take()
    this.open = false
    const full = this.at === this.tags.length
    const out: PackedRows = {
      width: this.width,
      rows: this.rows,
      text: this.text,
      tags: full ? this.tags : this.tags.slice(0, this.at),
      nums: full ? this.nums : this.nums.slice(0, this.at),
    }
    this.text = ''
    this.sent.fill(undefined)
    if (full) {
      // Handed over (transferred): the next rows need buffers of their own.
      this.tags = new Int32Array(this.tags.length)
      this.nums = new Float64Array(this.nums.length)
    }
    this.at = 0
    this.rows = 0
    return out
  }

  private take(): void {
    const { row, width, sent } = this
    if (this.at + width > this.tags.length) this.grow()
    const { tags, nums } = this
    let at = this.at
    for (let p = 0; p < width; p++, at++) {
      const v = row[p]
      if (v === null || v === undefined) tags[at] = NULL
      else if (typeof v === 'number') {
        tags[at] = NUMBER
        nums[at] = v
      } else if (typeof v === 'string') {
        if (v === sent[p]) tags[at] = REPEAT
        else {
          tags[at] = v.length
          this.text += v
          sent[p] = v
        }
      } else throw new TypeError(`a packed row holds NULLs, numbers and strings, not ${typeof v}`)
    }
    this.at = at
    this.rows++
  }

  private grow(): void {
    const tags = new Int32Array(this.tags.length * 2)
    tags.set(this.tags)
    const nums = new Float64Array(this.nums.length * 2)
    nums.set(this.nums)
    this.tags = tags
    this.nums = nums
  }
}

/**
 * Unpacks `packed` row by row into the arrays `next()` hands out (a ShapedRowWriter's). Refers to
 * nothing outside itself: the writer thread runs its source.
 */
export function unpackRows(packed: PackedRows, next: () => unknown[]): void {
  const { width, rows, text, tags, nums } = packed
  // The string last unpacked per position (tag -3 repeats it: see REPEAT).
  const sent = new Array<string>(width)
  let at = 0
  let pos = 0
  for (let r = 0; r < rows; r++) {
    const row = next()
    for (let p = 0; p < width; p++, at++) {
      const tag = tags[at]
      if (tag >= 0) {
        row[p] = sent[p] = text.slice(pos, pos + tag)
        pos += tag
      } else row[p] = tag === -3 ? sent[p] : tag === -2 ? nums[at] : null
    }
  }
}
