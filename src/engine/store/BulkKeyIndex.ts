/**
 * The event keys a bulk load has stored, to catch duplicates (an overlapping rotated copy) while
 * the unique key index is dropped, without holding millions of key strings (~110 bytes each):
 * an open-addressing table of (32-bit hash, event id), 12 bytes a key at most. A hash match is
 * confirmed against the stored key (a rowid lookup), so a collision costs one read, never an event.
 */
export class BulkKeyIndex {
  private hashes = new Int32Array(1 << 16)
  /** Event id per slot; 0 = empty (store ids start at 1). */
  private ids = new Float64Array(1 << 16)
  private size = 0
  /** Keys added since the last `settle`: their rows may still sit in an unflushed insert buffer. */
  private readonly pending = new Map<number, string>()

  /** `isStored(id, key)`: whether the stored event `id` has this key (read from the store). */
  constructor(private readonly isStored: (id: number, key: string) => boolean) {}

  has(key: string): boolean {
    const h = hashKey(key)
    const mask = this.ids.length - 1
    for (let slot = h & mask; this.ids[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === h && this.sameKey(this.ids[slot], key)) return true
    }
    return false
  }

  /** Records `key` as stored under event `id` (the caller checked `has` first). */
  add(key: string, id: number): void {
    if (id <= 0) throw new RangeError(`event ids start at 1, got ${id}`)
    if ((this.size + 1) * 2 > this.ids.length) this.grow()
    this.place(hashKey(key), id)
    this.pending.set(id, key)
    this.size++
  }

  /** The keys added so far are in the store now (their insert buffer was flushed). */
  settle(): void {
    this.pending.clear()
  }

  private sameKey(id: number, key: string): boolean {
    const pending = this.pending.get(id)
    return pending !== undefined ? pending === key : this.isStored(id, key)
  }

  private place(h: number, id: number): void {
    const mask = this.ids.length - 1
    let slot = h & mask
    while (this.ids[slot] !== 0) slot = (slot + 1) & mask
    this.hashes[slot] = h
    this.ids[slot] = id
  }

  private grow(): void {
    const { hashes, ids } = this
    this.hashes = new Int32Array(ids.length * 2)
    this.ids = new Float64Array(ids.length * 2)
    for (let s = 0; s < ids.length; s++) if (ids[s] !== 0) this.place(hashes[s], ids[s])
  }
}

/** FNV-1a over the UTF-16 code units, then a final avalanche so the low bits (the slot) mix well. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  return h | 0
}
