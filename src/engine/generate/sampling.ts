/**
 * Sampling helpers for the generator, on top of the engine's seeded generator
 * (src/engine/util/random.ts). Everything here draws from the `Random` it is given.
 */
import { Random } from '../util/random'

export { Random }

/** Uniform integer in [lo, hi] (both inclusive). */
export function intBetween(rng: Random, lo: number, hi: number): number {
  return lo + rng.nextInt(hi - lo + 1)
}

/** True with probability p. */
export function chance(rng: Random, p: number): boolean {
  return rng.next() < p
}

/** One element, uniformly. */
export function pick<T>(rng: Random, values: readonly T[]): T {
  return values[rng.nextInt(values.length)]
}

/** Log-normal deviate with the given median and shape (sigma of the underlying normal). */
export function logNormal(rng: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * rng.normal())
}

/** Exponential deviate with the given mean. */
export function exponential(rng: Random, mean: number): number {
  return -mean * Math.log(1 - rng.next())
}

/** Poisson deviate (Knuth for small means, a rounded normal approximation for large ones). */
export function poisson(rng: Random, mean: number): number {
  if (mean <= 0) return 0
  if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()))
  const limit = Math.exp(-mean)
  let k = 0
  let p = rng.next()
  while (p > limit) {
    k++
    p *= rng.next()
  }
  return k
}

/** Index drawn with probability proportional to its weight (cumulative weights, binary search). */
export function weightedIndex(rng: Random, cumulative: Float64Array, count = cumulative.length): number {
  const total = count > 0 ? cumulative[count - 1] : 0
  if (!(total > 0)) return -1
  const x = rng.next() * total
  let lo = 0
  let hi = count - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cumulative[mid] > x) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** `k` distinct elements in random order. */
export function sample<T>(rng: Random, values: readonly T[], k: number): T[] {
  return Array.from(rng.sampleIndices(values.length, k), (i) => values[i])
}

/** A stable 32-bit hash of a seed and some labels: independent streams without shared state. */
export function hashSeed(seed: number, ...labels: (string | number)[]): number {
  let h = (Math.floor(seed) ^ 0x811c9dc5) >>> 0
  for (const label of labels) {
    const s = String(label)
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i)
      h = Math.imul(h, 0x01000193) >>> 0
    }
    h ^= 0xff
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/** A generator of its own for one purpose (e.g. `streamFor(seed, 'attacks')`). */
export function streamFor(seed: number, ...labels: (string | number)[]): Random {
  return new Random(hashSeed(seed, ...labels))
}

/** A uniform float in [0, 1) that depends only on the seed and the labels. */
export function hashUniform(seed: number, ...labels: (string | number)[]): number {
  let h = hashSeed(seed, ...labels)
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296
}
