/**
 * Threshold-free metrics of a score against binary truth: ROC-AUC (Mann–Whitney, ties count
 * half) and PR-AUC as average precision (scikit-learn's `average_precision_score`: the step-wise
 * sum of precision × recall increments over distinct thresholds, no interpolation).
 */

/** Ascending copy (native numeric sort), or the array itself when the caller says it is sorted. */
function ascending(values: ArrayLike<number>, sorted: boolean): Float64Array {
  if (sorted && values instanceof Float64Array) return values
  const out = Float64Array.from(values as ArrayLike<number>)
  return sorted ? out : out.sort()
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative, ties counting one half. null when either class is empty. `negativesSorted`: the
 * negatives are already an ascending Float64Array (saves a sort when many kinds share them).
 */
export function rocAuc(positives: ArrayLike<number>, negatives: ArrayLike<number>, negativesSorted = false): number | null {
  if (positives.length === 0 || negatives.length === 0) return null
  const p = ascending(positives, false)
  const n = ascending(negatives, negativesSorted)
  let below = 0
  let sum = 0
  let i = 0
  while (i < p.length) {
    const v = p[i]
    let same = 0
    while (i < p.length && p[i] === v) {
      same++
      i++
    }
    while (below < n.length && n[below] < v) below++
    let equal = 0
    while (below + equal < n.length && n[below + equal] === v) equal++
    sum += same * (below + equal / 2)
  }
  return sum / (p.length * n.length)
}

/**
 * Average precision: Σ (R_k − R_{k−1}) · P_k over the distinct score thresholds, from the highest
 * down (tied scores enter together). null when there are no positives.
 */
export function averagePrecision(positives: ArrayLike<number>, negatives: ArrayLike<number>, negativesSorted = false): number | null {
  if (positives.length === 0) return null
  const p = ascending(positives, false)
  const n = ascending(negatives, negativesSorted)
  let i = p.length - 1
  let j = n.length - 1
  let tp = 0
  let fp = 0
  let prevRecall = 0
  let ap = 0
  while (i >= 0) {
    const v = j >= 0 && n[j] > p[i] ? n[j] : p[i]
    while (i >= 0 && p[i] === v) {
      tp++
      i--
    }
    while (j >= 0 && n[j] === v) {
      fp++
      j--
    }
    const recall = tp / p.length
    ap += (recall - prevRecall) * (tp / (tp + fp))
    prevRecall = recall
  }
  return ap
}

/** Precision, recall and F1 from counts; null where a ratio is 0/0. */
export function prf(tp: number, fp: number, positives: number): { precision: number | null; recall: number | null; f1: number | null } {
  const precision = tp + fp > 0 ? tp / (tp + fp) : null
  const recall = positives > 0 ? tp / positives : null
  const f1 = precision !== null && recall !== null ? (precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0) : null
  return { precision, recall, f1 }
}
