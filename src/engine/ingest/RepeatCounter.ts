/**
 * How many stored events carry each base event key (`key`, `key#1`, ... see parse/eventKey.ts),
 * kept running as files are committed. A tail read that repeats lines already stored (a flood of
 * one sshd line, appended batch after batch) numbers each repeat after the stored copies: with a
 * running count that costs O(1) per line instead of a look-up over the stored copies per batch.
 * The store itself is the persistence: after a restart a count is found again from the stored
 * keys (Store.storedRepeats, O(log n)) and kept from then on.
 */
export class RepeatCounter {
  /** Base key → stored copies, least recently used first (bounded: floods are few keys). */
  private readonly counts = new Map<string, number>()

  constructor(
    private readonly storedCount: (baseKey: string) => number,
    private readonly cap = 100_000,
  ) {}

  /** Stored copies of `baseKey`. */
  stored(baseKey: string): number {
    const known = this.counts.get(baseKey)
    if (known !== undefined) return known
    const n = this.storedCount(baseKey)
    if (n > 1) this.set(baseKey, n)
    return n
  }

  /**
   * After a commit: `counts` holds, per base key, the copies the committed batch numbered up to
   * (a first read numbers from 0: an overlapping rotated copy may have stored more, so a key not
   * counted yet is left to the store).
   */
  committed(counts: ReadonlyMap<string, number>): void {
    for (const [key, n] of counts) {
      const known = this.counts.get(key)
      if (known !== undefined) this.set(key, Math.max(n, known))
    }
  }

  private set(key: string, n: number): void {
    this.counts.delete(key)
    this.counts.set(key, n)
    if (this.counts.size > this.cap) {
      const oldest = this.counts.keys().next().value
      if (oldest !== undefined) this.counts.delete(oldest)
    }
  }
}
