/**
 * Seeded pseudo-random numbers for the engine (never the global, unseeded one): mulberry32, a 32-bit
 * generator that is fast, tiny and good enough for sampling and weight initialisation.
 */

/** A seeded generator. Same seed, same sequence, on every platform. */
export class Random {
  private state: number

  constructor(seed: number) {
    // Mix the seed once so that nearby seeds (1, 2, 3) do not start with correlated outputs.
    this.state = hash32(Math.floor(seed) >>> 0)
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296
  }

  /** Uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next()
  }

  /** Standard normal deviate (Box–Muller). */
  normal(): number {
    let u = 0
    while (u === 0) u = this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** A new generator whose sequence is independent of this one's future draws. */
  fork(): Random {
    return new Random(this.nextUint32())
  }

  /**
   * `k` distinct indices from [0, n) in random order (partial Fisher–Yates);
   * `k >= n` returns a permutation of all of them.
   */
  sampleIndices(n: number, k: number): Uint32Array {
    const m = Math.min(k, n)
    const pool = new Uint32Array(n)
    for (let i = 0; i < n; i++) pool[i] = i
    for (let i = 0; i < m; i++) {
      const j = i + this.nextInt(n - i)
      const tmp = pool[i]
      pool[i] = pool[j]
      pool[j] = tmp
    }
    return pool.slice(0, m)
  }

  /** Shuffles an array in place and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1)
      const tmp = values[i]
      values[i] = values[j]
      values[j] = tmp
    }
    return values
  }
}

/** A seeded generator as a plain function returning floats in [0, 1). */
export function createRandom(seed: number): () => number {
  const r = new Random(seed)
  return () => r.next()
}

function hash32(x: number): number {
  let h = x ^ 0x9e3779b9
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}
