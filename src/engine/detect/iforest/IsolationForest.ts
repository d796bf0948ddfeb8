/**
 * Isolation forest with scikit-learn's semantics (`IsolationForest.score_samples`): random
 * sub-samples without replacement, random feature and uniform random threshold per node, depth
 * limit ceil(log2(max_samples)), path length = depth + c(leaf size), score = -2^(-E[h]/c(ψ)).
 * Trees are flattened into typed arrays so scoring runs at millions of rows per second.
 */
import { Random } from '../../util/random'
import { RowMemo } from '../rowMemo'
import { averagePathLength } from './pathLength'

export interface IsolationForestOptions {
  nEstimators: number
  /** Rows per tree; capped at the number of rows (scikit-learn's `min(256, n)`). */
  maxSamples: number
  /** Share of features each tree may use (1.0 = all). */
  maxFeatures: number
  seed: number
}

export const DEFAULT_IFOREST_OPTIONS: IsolationForestOptions = { nEstimators: 100, maxSamples: 256, maxFeatures: 1.0, seed: 42 }

/** JSON form of a fitted forest. */
export interface IsolationForestJSON {
  kind: 'iforest'
  nFeatures: number
  maxSamples: number
  nEstimators: number
  depth: number
  feature: number[]
  threshold: number[]
  size: number[]
  leafValue: number[]
}

/** A fitted forest's arrays (toParts / fromParts). */
export interface IsolationForestParts {
  nFeatures: number
  maxSamples: number
  nEstimators: number
  depth: number
  feature: Int32Array
  threshold: Float64Array
  size: Int32Array
  leafValue: Float64Array
}

// A pass-through node: every finite value goes left.
const PASS = Number.MAX_VALUE
const BLOCK = 256
// Rows keyed per pass, and distinct rows remembered at most (24 MB of keys at 23 features).
const CHUNK = 16_384
const MEMO_ROWS = 1 << 18

/**
 * A fitted forest. Each tree is stored as a complete binary tree of depth D = ceil(log2 ψ) in heap
 * order (children of node i are 2i+1 and 2i+2); a leaf above depth D is padded with pass-through
 * nodes. Every path then has exactly D steps with no data-dependent exit, which lets scoring run
 * branch-free over blocks of rows, tree by tree, with the tree in L1 cache.
 */
export class IsolationForest {
  private constructor(
    readonly nFeatures: number,
    readonly maxSamples: number,
    readonly nEstimators: number,
    /** Depth of every (padded) tree. */
    private readonly depth: number,
    /** Split feature per internal node, nEstimators × (2^D - 1). */
    private readonly feature: Int32Array,
    /** Go left when x <= threshold. */
    private readonly threshold: Float64Array,
    /** Training samples that reached each internal node. */
    private readonly size: Int32Array,
    /** Path length depth + c(leaf size) per leaf, nEstimators × 2^D. */
    private readonly leafValue: Float64Array,
  ) {
    this.thresholdKey = new Int32Array(threshold.length)
    for (let i = 0; i < threshold.length; i++) this.thresholdKey[i] = thresholdKeyOf(threshold[i])
  }

  /** Order keys of the thresholds (see orderKey). */
  private readonly thresholdKey: Int32Array

  /** Fits on `nRows` rows of row-major `X`. */
  static fit(X: Float64Array, nRows: number, nFeatures: number, options: Partial<IsolationForestOptions> = {}): IsolationForest {
    const o = { ...DEFAULT_IFOREST_OPTIONS, ...options }
    if (nRows < 1) throw new Error('IsolationForest.fit needs at least one row')
    if (X.length < nRows * nFeatures) throw new Error('X is shorter than nRows * nFeatures')
    const psi = Math.max(1, Math.min(o.maxSamples, nRows))
    const depth = Math.max(1, Math.ceil(Math.log2(Math.max(psi, 2))))
    const nTreeFeatures = Math.max(1, Math.min(nFeatures, Math.round(o.maxFeatures * nFeatures)))
    const rng = new Random(o.seed)
    const b = new TreeBuilder(X, nFeatures, depth, o.nEstimators, rng)
    const pool = new Uint32Array(nRows)
    for (let i = 0; i < nRows; i++) pool[i] = i
    const sample = new Uint32Array(psi)
    const allFeatures = identity(nFeatures)
    for (let t = 0; t < o.nEstimators; t++) {
      // Partial Fisher–Yates on a pool that stays a permutation: ψ draws without replacement.
      for (let i = 0; i < psi; i++) {
        const j = i + rng.nextInt(nRows - i)
        const tmp = pool[i]
        pool[i] = pool[j]
        pool[j] = tmp
        sample[i] = pool[i]
      }
      const feats = nTreeFeatures === nFeatures ? allFeatures : Int32Array.from(rng.sampleIndices(nFeatures, nTreeFeatures))
      b.buildTree(t, sample, feats)
    }
    return new IsolationForest(nFeatures, psi, o.nEstimators, depth, b.feature, b.threshold, b.size, b.leafValue)
  }

  /** Mean path length E[h(x)] per row. */
  pathLengths(X: Float64Array, nRows: number): Float64Array {
    return this.pathLengthsWith(this.memoFor(nRows), X, nRows)
  }

  /**
   * {@link score} for rows handed over in chunks (a scan's feature rows, `totalRows` in all): the
   * function remembers distinct rows across its calls, so a row repeated in a later chunk is not
   * walked again. Same values as `score` of each chunk. X may be rounded to float32 already (the
   * walk reads nothing finer): a worker thread is handed half the bytes (iforest/offThread.ts).
   */
  scorer(totalRows: number): (X: Float64Array | Float32Array, nRows: number) => Float64Array {
    const memo = this.memoFor(totalRows)
    return (X, nRows) => this.toScore(this.pathLengthsWith(memo, X, nRows))
  }

  // A row's path depends only on its order keys: rows with the same keys are walked once.
  private memoFor(rows: number): { keys: RowMemo; lengths: Float64Array } {
    const keys = new RowMemo(this.nFeatures, Math.max(1, Math.min(rows, MEMO_ROWS)))
    return { keys, lengths: new Float64Array(keys.capacity) }
  }

  private pathLengthsWith(memo: { keys: RowMemo; lengths: Float64Array }, X: Float64Array | Float32Array, nRows: number): Float64Array {
    const out = new Float64Array(nRows)
    const nFeatures = this.nFeatures
    const { keys: rowKeys, lengths } = memo
    const chunk = Math.max(1, Math.min(nRows, CHUNK))
    const rounded = new Float32Array(chunk * nFeatures)
    const keys = new Int32Array(rounded.buffer)
    const ids = new Int32Array(chunk)
    for (let start = 0; start < nRows; start += CHUNK) {
      const m = Math.min(nRows, start + CHUNK) - start
      if (!rowKeys.fits(m)) rowKeys.clear()
      // orderKey of every value, the float32 rounding done by one typed-array copy.
      rounded.set(X.subarray(start * nFeatures, (start + m) * nFeatures))
      for (let i = 0; i < m * nFeatures; i++) {
        const b = keys[i]
        keys[i] = (b >= 0 ? b : b ^ 0x7fffffff) >> 1
      }
      const first = rowKeys.size
      for (let i = 0; i < m; i++) ids[i] = rowKeys.intern(keys, i * nFeatures)
      this.walk(rowKeys.rows, first, rowKeys.size, lengths)
      for (let i = 0; i < m; i++) out[start + i] = lengths[ids[i]]
    }
    return out
  }

  /** Mean path length of the key rows `from .. to` of `q` (row-major order keys) into `out[from .. to)`. */
  private walk(q: Int32Array, from: number, to: number, out: Float64Array): void {
    const { feature, thresholdKey: tk, leafValue, nFeatures, depth, nEstimators } = this
    const nInternal = (1 << depth) - 1
    const nLeaves = 1 << depth
    for (let start = from; start < to; start += BLOCK) {
      const m = Math.min(to, start + BLOCK) - start
      out.fill(0, start, start + m)
      for (let t = 0; t < nEstimators; t++) {
        const nb = t * nInternal
        const lb = t * nLeaves - nInternal
        let r = 0
        // Eight rows walk the tree in lock-step: their chains of dependent loads overlap, and the
        // sign-bit step `1 + ((key(threshold) - key(x)) >>> 31)` has no branch to mispredict.
        for (; r + 7 < m; r += 8) {
          const b0 = (start + r) * nFeatures
          const b1 = b0 + nFeatures
          const b2 = b1 + nFeatures
          const b3 = b2 + nFeatures
          const b4 = b3 + nFeatures
          const b5 = b4 + nFeatures
          const b6 = b5 + nFeatures
          const b7 = b6 + nFeatures
          let n0 = 0, n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0, n6 = 0, n7 = 0 // prettier-ignore
          for (let d = 0; d < depth; d++) {
            const k0 = nb + n0
            const k1 = nb + n1
            const k2 = nb + n2
            const k3 = nb + n3
            const k4 = nb + n4
            const k5 = nb + n5
            const k6 = nb + n6
            const k7 = nb + n7
            n0 = 2 * n0 + 1 + ((tk[k0] - q[b0 + feature[k0]]) >>> 31)
            n1 = 2 * n1 + 1 + ((tk[k1] - q[b1 + feature[k1]]) >>> 31)
            n2 = 2 * n2 + 1 + ((tk[k2] - q[b2 + feature[k2]]) >>> 31)
            n3 = 2 * n3 + 1 + ((tk[k3] - q[b3 + feature[k3]]) >>> 31)
            n4 = 2 * n4 + 1 + ((tk[k4] - q[b4 + feature[k4]]) >>> 31)
            n5 = 2 * n5 + 1 + ((tk[k5] - q[b5 + feature[k5]]) >>> 31)
            n6 = 2 * n6 + 1 + ((tk[k6] - q[b6 + feature[k6]]) >>> 31)
            n7 = 2 * n7 + 1 + ((tk[k7] - q[b7 + feature[k7]]) >>> 31)
          }
          const o = start + r
          out[o] += leafValue[lb + n0]
          out[o + 1] += leafValue[lb + n1]
          out[o + 2] += leafValue[lb + n2]
          out[o + 3] += leafValue[lb + n3]
          out[o + 4] += leafValue[lb + n4]
          out[o + 5] += leafValue[lb + n5]
          out[o + 6] += leafValue[lb + n6]
          out[o + 7] += leafValue[lb + n7]
        }
        for (; r < m; r++) {
          const b = (start + r) * nFeatures
          let node = 0
          for (let d = 0; d < depth; d++) {
            const k = nb + node
            node = 2 * node + 1 + ((tk[k] - q[b + feature[k]]) >>> 31)
          }
          out[start + r] += leafValue[lb + node]
        }
      }
      for (let r = start; r < start + m; r++) out[r] /= nEstimators
    }
  }

  /** scikit-learn's `score_samples`: -2^(-E[h(x)]/c(max_samples)); lower is more abnormal. */
  scoreSamples(X: Float64Array, nRows: number): Float64Array {
    const out = this.toScore(this.pathLengths(X, nRows))
    for (let r = 0; r < nRows; r++) out[r] = -out[r]
    return out
  }

  /** Anomaly score in (0, 1]: 2^(-E[h(x)]/c(ψ)) (= -scoreSamples); about 0.5 is ordinary. */
  score(X: Float64Array, nRows: number): Float64Array {
    return this.toScore(this.pathLengths(X, nRows))
  }

  /** Path lengths → scores 2^(-h/c(ψ)), in place. */
  private toScore(h: Float64Array): Float64Array {
    const c = averagePathLength(this.maxSamples)
    for (let r = 0; r < h.length; r++) h[r] = Math.pow(2, -h[r] / c)
    return h
  }

  /**
   * How much each feature did to isolate one row: for every split on its paths, log2 of how much
   * the split shrank the set of training samples around the row, averaged over trees.
   * The sum over features is the mean log2(ψ / leaf size).
   */
  contributions(X: Float64Array, row: number, out = new Float64Array(this.nFeatures)): Float64Array {
    out.fill(0)
    const { feature, nFeatures, depth, nEstimators } = this
    const gain = (this.splitGain ??= this.splitGains())
    const tk = this.thresholdKey
    const nInternal = (1 << depth) - 1
    const base = row * nFeatures
    for (let t = 0; t < nEstimators; t++) {
      const nb = t * nInternal
      let node = 0
      for (let d = 0; d < depth; d++) {
        const k = nb + node
        const f = feature[k]
        const right = (tk[k] - orderKey(X[base + f])) >>> 31
        // Pass-through nodes gain 0: adding it leaves the sum as it was.
        out[f] += gain[2 * k + right]
        node = 2 * node + 1 + right
      }
    }
    for (let k = 0; k < nFeatures; k++) out[k] /= nEstimators
    return out
  }

  /** log2 of how much each node's split shrank its training set, per side (2k: left, 2k+1: right); 0 for pass-through nodes. */
  private splitGain: Float64Array | null = null

  // Computed once per forest: explaining a row then costs one lookup per step instead of a
  // logarithm and a search for the leaf's size.
  private splitGains(): Float64Array {
    const { threshold, size, depth, nEstimators } = this
    const nInternal = (1 << depth) - 1
    const gain = new Float64Array(2 * nEstimators * nInternal)
    for (let t = 0; t < nEstimators; t++) {
      const nb = t * nInternal
      for (let node = 0; node < nInternal; node++) {
        const k = nb + node
        if (threshold[k] === PASS) continue
        for (let side = 0; side < 2; side++) {
          const next = 2 * node + 1 + side
          const childSize = next < nInternal ? size[nb + next] : this.leafSize(t, next - nInternal, k)
          gain[2 * k + side] = Math.log2(size[k] / Math.max(1, childSize))
        }
      }
    }
    return gain
  }

  // Leaf sizes are not stored; recover them from the leaf's path length depth + c(n).
  private leafSize(t: number, leaf: number, parent: number): number {
    const v = this.leafValue[t * (1 << this.depth) + leaf] - this.depth
    if (v <= 0) return 1
    let n = 2
    while (averagePathLength(n) < v - 1e-9 && n < this.size[parent]) n++
    return n
  }

  /** The fitted arrays, to hand to a worker thread (structured clone copies typed arrays whole). */
  toParts(): IsolationForestParts {
    const { nFeatures, maxSamples, nEstimators, depth, feature, threshold, size, leafValue } = this
    return { nFeatures, maxSamples, nEstimators, depth, feature, threshold, size, leafValue }
  }

  static fromParts(p: IsolationForestParts): IsolationForest {
    return new IsolationForest(p.nFeatures, p.maxSamples, p.nEstimators, p.depth, p.feature, p.threshold, p.size, p.leafValue)
  }

  toJSON(): IsolationForestJSON {
    return {
      kind: 'iforest',
      nFeatures: this.nFeatures,
      maxSamples: this.maxSamples,
      nEstimators: this.nEstimators,
      depth: this.depth,
      feature: Array.from(this.feature),
      threshold: Array.from(this.threshold),
      size: Array.from(this.size),
      leafValue: Array.from(this.leafValue),
    }
  }

  static fromJSON(j: IsolationForestJSON): IsolationForest {
    return new IsolationForest(
      j.nFeatures,
      j.maxSamples,
      j.nEstimators,
      j.depth,
      Int32Array.from(j.feature),
      Float64Array.from(j.threshold),
      Int32Array.from(j.size),
      Float64Array.from(j.leafValue),
    )
  }
}

const f32 = new Float32Array(1)
const i32 = new Int32Array(f32.buffer)

/**
 * An int32 whose order matches the float32 order of x (x is rounded to float32, as scikit-learn
 * does with its inputs), halved so that differences of two keys never overflow. Ties between
 * adjacent float32 values go left; that is the only departure from an exact comparison.
 */
export function orderKey(x: number): number {
  f32[0] = x
  const i = i32[0]
  return (i >= 0 ? i : i ^ 0x7fffffff) >> 1
}

// Key of the largest float32 <= t, so that key(x) <= key(t) exactly when float32(x) <= t.
function thresholdKeyOf(t: number): number {
  f32[0] = t
  const i = i32[0]
  let k = i >= 0 ? i : i ^ 0x7fffffff
  if (f32[0] > t) k -= 1
  return k >> 1
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n)
  for (let i = 0; i < n; i++) a[i] = i
  return a
}

/** Grows trees straight into the heap-ordered arrays. */
class TreeBuilder {
  readonly feature: Int32Array
  readonly threshold: Float64Array
  readonly size: Int32Array
  readonly leafValue: Float64Array
  private readonly nInternal: number
  private readonly nLeaves: number
  private idx = new Uint32Array(0)
  private order = new Int32Array(0)
  private nb = 0
  private lb = 0

  constructor(
    private readonly X: Float64Array,
    private readonly nFeatures: number,
    private readonly depth: number,
    nTrees: number,
    private readonly rng: Random,
  ) {
    this.nInternal = (1 << depth) - 1
    this.nLeaves = 1 << depth
    this.feature = new Int32Array(nTrees * this.nInternal)
    this.threshold = new Float64Array(nTrees * this.nInternal)
    this.size = new Int32Array(nTrees * this.nInternal)
    this.leafValue = new Float64Array(nTrees * this.nLeaves)
  }

  buildTree(t: number, sample: Uint32Array, feats: Int32Array): void {
    this.idx = sample.slice()
    if (this.order.length !== feats.length) this.order = new Int32Array(feats.length)
    this.nb = t * this.nInternal
    this.lb = t * this.nLeaves
    this.grow(0, 0, this.idx.length, 0, feats)
  }

  // A leaf reached at `depth` with `n` samples: pass-through nodes down to the bottom row.
  private leaf(node: number, depth: number, n: number, value: number): void {
    if (depth === this.depth) {
      this.leafValue[this.lb + node - this.nInternal] = value
      return
    }
    const k = this.nb + node
    this.feature[k] = 0
    this.threshold[k] = PASS
    this.size[k] = n
    this.leaf(2 * node + 1, depth + 1, n, value)
    this.leaf(2 * node + 2, depth + 1, n, value)
  }

  private grow(node: number, lo: number, hi: number, depth: number, feats: Int32Array): void {
    const n = hi - lo
    if (n <= 1 || depth >= this.depth) return this.leaf(node, depth, n, depth + averagePathLength(n))
    const { X, nFeatures, idx, rng, order } = this
    // Draw features at random without replacement until one is not constant here (scikit-learn
    // skips constant features rather than making a useless split).
    for (let i = 0; i < feats.length; i++) order[i] = feats[i]
    let remaining = feats.length
    let f = -1
    let min = 0
    let max = 0
    while (remaining > 0) {
      const j = rng.nextInt(remaining)
      const cand = order[j]
      order[j] = order[--remaining]
      min = Infinity
      max = -Infinity
      for (let p = lo; p < hi; p++) {
        const v = X[idx[p] * nFeatures + cand]
        if (v < min) min = v
        if (v > max) max = v
      }
      if (max > min) {
        f = cand
        break
      }
    }
    if (f < 0) return this.leaf(node, depth, n, depth + averagePathLength(n))
    let thr = min + rng.next() * (max - min)
    if (thr >= max) thr = min // guard against rounding up to max, which would send everything left
    let i = lo
    let j = hi - 1
    while (i <= j) {
      if (X[idx[i] * nFeatures + f] <= thr) i++
      else {
        const tmp = idx[i]
        idx[i] = idx[j]
        idx[j] = tmp
        j--
      }
    }
    const k = this.nb + node
    this.feature[k] = f
    this.threshold[k] = thr
    this.size[k] = n
    this.grow(2 * node + 1, lo, i, depth + 1, feats)
    this.grow(2 * node + 2, i, hi, depth + 1, feats)
  }
}
