/**
 * Distinct days seen per (account, value) pair, in an open-addressing hash table on typed arrays:
 * millions of lookups per scan without boxing the large numeric keys a Map would need.
 */
export class PairTable {
  private keys: Float64Array
  private lastDay: Int32Array
  private dayCount: Int32Array
  private used = 0

  constructor(capacity = 1024) {
    let cap = 16
    while (cap < capacity * 2) cap *= 2
    this.keys = new Float64Array(cap).fill(-1)
    this.lastDay = new Int32Array(cap)
    this.dayCount = new Int32Array(cap)
  }

  get size(): number {
    return this.used
  }

  /** Distinct days seen for `key` (0 if never), and the last of them via `lastDayOf`. */
  days(key: number): number {
    const i = this.find(key)
    return this.keys[i] === key ? this.dayCount[i] : 0
  }

  lastDayOf(key: number): number {
    const i = this.find(key)
    return this.keys[i] === key ? this.lastDay[i] : -1
  }

  /** Counts `day` for `key` if it is a new day for it. */
  touch(key: number, day: number): void {
    let i = this.find(key)
    if (this.keys[i] !== key) {
      if ((this.used + 1) * 2 > this.keys.length) {
        this.grow()
        i = this.find(key)
      }
      this.keys[i] = key
      this.lastDay[i] = day
      this.dayCount[i] = 1
      this.used++
    } else if (this.lastDay[i] !== day) {
      this.lastDay[i] = day
      this.dayCount[i]++
    }
  }

  /** Sets the entry outright (binding a stored baseline). */
  set(key: number, days: number, lastDay: number): void {
    this.touch(key, lastDay)
    const i = this.find(key)
    this.dayCount[i] = days
  }

  /** Calls `fn` for every entry. */
  forEach(fn: (key: number, days: number, lastDay: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] >= 0) fn(this.keys[i], this.dayCount[i], this.lastDay[i])
  }

  // Keys are non-negative integers below 2^53; -1 marks an empty slot.
  private find(key: number): number {
    const mask = this.keys.length - 1
    let h = (Math.imul((key % 4294967296) | 0, 0x9e3779b1) ^ Math.floor(key / 4294967296)) & mask
    while (this.keys[h] !== -1 && this.keys[h] !== key) h = (h + 1) & mask
    return h
  }

  private grow(): void {
    const { keys, lastDay, dayCount } = this
    this.keys = new Float64Array(keys.length * 2).fill(-1)
    this.lastDay = new Int32Array(keys.length * 2)
    this.dayCount = new Int32Array(keys.length * 2)
    this.used = 0
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] < 0) continue
      const j = this.find(keys[i])
      this.keys[j] = keys[i]
      this.lastDay[j] = lastDay[i]
      this.dayCount[j] = dayCount[i]
      this.used++
    }
  }
}
