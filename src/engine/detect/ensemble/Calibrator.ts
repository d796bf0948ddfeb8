/**
 * Maps a detector's raw score to [0, 1] from its distribution on the baseline, so that every
 * detector speaks the same language: the baseline median sits at 0.2, the (1 - contamination)
 * quantile at 0.5, and scores beyond it climb towards 1 by how far they exceed it, in units of
 * half the baseline's median-to-high distance.
 */

export interface CalibratorJSON {
  kind: 'calibrator'
  min: number
  median: number
  high: number
  scale: number
}

export class Calibrator {
  private constructor(private readonly p: CalibratorJSON) {}

  /** Learns from raw baseline scores (any order). */
  static fit(raw: ArrayLike<number>, contamination: number, minScale = 1e-6): Calibrator {
    const n = raw.length
    if (n === 0) return new Calibrator({ kind: 'calibrator', min: 0, median: 0, high: 0, scale: 1 })
    const s = (raw instanceof Float64Array ? raw.slice() : Float64Array.from(raw)).sort()
    const q = (p: number) => s[Math.min(n - 1, Math.max(0, Math.floor(p * (n - 1))))]
    const median = q(0.5)
    const high = q(1 - Math.min(Math.max(contamination, 1e-4), 0.5))
    // Half the median-to-high distance: an event as far beyond `high` as the baseline's top
    // 1 % is beyond its median lands at about 0.93.
    const scale = Math.max((high - median) / 2, minScale)
    return new Calibrator({ kind: 'calibrator', min: s[0], median, high, scale })
  }

  /** Calibrated score in [0, 1]. */
  apply(x: number): number {
    const { min, median, high, scale } = this.p
    if (x <= median) return median > min ? (0.2 * Math.max(0, x - min)) / (median - min) : 0
    if (x <= high) return high > median ? 0.2 + (0.3 * (x - median)) / (high - median) : 0.5
    return 0.5 + 0.5 * (1 - Math.exp(-(x - high) / scale))
  }

  /** Applies to a whole array in place. */
  applyAll(xs: Float64Array): Float64Array {
    for (let i = 0; i < xs.length; i++) xs[i] = this.apply(xs[i])
    return xs
  }

  toJSON(): CalibratorJSON {
    return { ...this.p }
  }

  static fromJSON(j: CalibratorJSON): Calibrator {
    return new Calibrator({ ...j })
  }
}
