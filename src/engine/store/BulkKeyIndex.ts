/**
 * The event keys a bulk load has stored, to catch duplicates (an overlapping rotated copy) while
 * the unique key index is dropped, without holding millions of key strings (~110 bytes each):
 * an open-addressing table of (64-bit hash, event id), 12 bytes a slot.
 *
 * A hash match is only a candidate: it is confirmed against the stored key (`areStored`, a rowid
 * lookup, on the writer thread for a scratch store), so a collision costs a read, never an event.
 * With 32 bits a million keys gave about 110 false matches, each a round trip that waited for the
 * writer thread to drain (1.5 s of a 1 M scan's main thread); with 64 bits a false match is a
 * ~1e-8 event for a million keys. The confirmation stays because log lines are attacker-written:
 * someone who can find two lines whose keys collide in this (public, unkeyed) hash must not be
 * able to hide the second one. Callers confirm a commit's candidates together (`firstMatch`),
 * in one round trip, and only commits that hold candidates pay it.
 */
export class BulkKeyIndex {
  /** First hash lane per slot (it also picks the slot). */
  private lows = new Int32Array(1 << 16)
  /** Second, independent hash lane per slot. */
  private highs = new Int32Array(1 << 16)
  /** Event id per slot; 0 = empty (store ids start at 1). */
  private ids = new Int32Array(1 << 16)
  private size = 0
  private readonly lanes = new Int32Array(2)

  /**
   * `areStored(ids, keys)`: per pair, whether the stored event `ids[i]` has the key `keys[i]`
   * (read from the store, after every write made so far). `hash` is for tests (forced collisions).
   */
  constructor(
    private readonly areStored: (ids: number[], keys: string[]) => boolean[],
    private readonly hash: (key: string, out: Int32Array) => void = hashKey64,
  ) {}

  /**
   * The id of the first stored key whose 64-bit hash is `key`'s, or 0: almost surely `key` itself,
   * but only `has` (or the caller's own `areStored`) says so. When that id turns out to hold
   * another key, ask `has`: a later slot may hold `key`.
   */
  firstMatch(key: string): number {
    const { lanes } = this
    this.hash(key, lanes)
    const low = lanes[0]
    const high = lanes[1]
    const mask = this.ids.length - 1
    for (let slot = low & mask; this.ids[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.lows[slot] === low && this.highs[slot] === high) return this.ids[slot]
    }
    return 0
  }

  /** Whether `key` is stored: every slot with its hash is confirmed against the store. */
  has(key: string): boolean {
    const { lanes } = this
    this.hash(key, lanes)
    const low = lanes[0]
    const high = lanes[1]
    const mask = this.ids.length - 1
    const matches: number[] = []
    for (let slot = low & mask; this.ids[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.lows[slot] === low && this.highs[slot] === high) matches.push(this.ids[slot])
    }
    return matches.length > 0 && this.areStored(matches, matches.map(() => key)).includes(true)
  }

  /** Per pair, whether the stored event `ids[i]` has the key `keys[i]` (the store's answer). */
  confirm(ids: number[], keys: string[]): boolean[] {
    return this.areStored(ids, keys)
  }

  /** Records `key` as stored under event `id` (the caller checked it is not stored). */
  add(key: string, id: number): void {
    if (id <= 0 || id > 0x7fffffff) throw new RangeError(`event ids are 1 .. 2^31-1, got ${id}`)
    if ((this.size + 1) * 2 > this.ids.length) this.grow()
    this.hash(key, this.lanes)
    this.place(this.lanes[0], this.lanes[1], id)
    this.size++
  }

  private place(low: number, high: number, id: number): void {
    const mask = this.ids.length - 1
    let slot = low & mask
    while (this.ids[slot] !== 0) slot = (slot + 1) & mask
    this.lows[slot] = low
    this.highs[slot] = high
    this.ids[slot] = id
  }

  private grow(): void {
    const { lows, highs, ids } = this
    this.lows = new Int32Array(ids.length * 2)
    this.highs = new Int32Array(ids.length * 2)
    this.ids = new Int32Array(ids.length * 2)
    for (let s = 0; s < ids.length; s++) if (ids[s] !== 0) this.place(lows[s], highs[s], ids[s])
  }
}

/**
 * Two independent 32-bit hashes of the key's UTF-16 code units, in one pass: FNV-1a, and a
 * multiply-rotate lane with other constants; each ends in its own avalanche so the low bits (the
 * slot) mix well.
 */
export function hashKey64(key: string, out: Int32Array): void {
  let a = 0x811c9dc5
  let b = 0x2545f491
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b + c, 0x9e3779b1)
    b = (b << 13) | (b >>> 19)
  }
  a ^= a >>> 16
  a = Math.imul(a, 0x85ebca6b)
  a ^= a >>> 13
  b ^= b >>> 15
  b = Math.imul(b, 0xc2b2ae35)
  b ^= b >>> 16
  out[0] = a
  out[1] = b
}
