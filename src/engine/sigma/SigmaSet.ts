/**
 * A loaded rule set ready to run: detection rules indexed by their trigger words, correlations in
 * the order they can be evaluated (a correlation after the correlations it refers to), and which
 * rules report on their own. Built once per scan (or per live session), shared by every event.
 */
import { fieldMapWith, type SigmaFieldMap } from './fieldMap'
import type { CorrelationRule, DetectionRule, SigmaRule } from './types'

export interface SigmaSet {
  detections: readonly DetectionRule[]
  /** Evaluation order: referenced correlations first. Cyclic ones are left out (see `cyclic`). */
  correlations: readonly CorrelationRule[]
  /** Ids of correlations in a reference cycle: never evaluated. */
  cyclic: readonly string[]
  /** Trigger word → indices into `detections`. */
  byWord: ReadonlyMap<string, readonly number[]>
  /** Detections with no trigger word: tried on every event in their scope. */
  everywhere: readonly number[]
  /** Per detection: whether its matches are findings of their own (not only a correlation's input). */
  standalone: readonly boolean[]
  /** Ids of rules (detections or correlations) that only feed a correlation. */
  quiet: ReadonlySet<string>
  fieldMap: ReturnType<typeof fieldMapWith>
  /** Rule id or name → the rule. */
  byRef: ReadonlyMap<string, SigmaRule>
}

/** Where a pass reads the rules to run (a SigmaLibrary, or a fixed set in tests). */
export interface SigmaSource {
  readonly current: SigmaSet | null
}

export function buildSigmaSet(rules: readonly SigmaRule[], extraFields?: SigmaFieldMap): SigmaSet {
  const detections = rules.filter((r): r is DetectionRule => r.kind === 'detection')
  const correlationsIn = rules.filter((r): r is CorrelationRule => r.kind === 'correlation')
  const byRef = new Map<string, SigmaRule>()
  for (const r of rules) {
    if (r.name && !byRef.has(r.name)) byRef.set(r.name, r)
    byRef.set(r.id, r)
  }
  const byWord = new Map<string, number[]>()
  const everywhere: number[] = []
  detections.forEach((d, i) => {
    if (d.trigger === null) everywhere.push(i)
    else
      for (const w of d.trigger) {
        let list = byWord.get(w)
        if (!list) byWord.set(w, (list = []))
        list.push(i)
      }
  })
  // Rules a correlation refers to are its building blocks: they report on their own only when
  // that correlation says `generate: true` (the specification's default is not to).
  const quiet = new Set<string>()
  for (const c of correlationsIn) if (!c.generate) for (const ref of c.rules) quiet.add(byRef.get(ref)?.id ?? ref)
  const standalone = detections.map((d) => !quiet.has(d.id))
  const ordered: CorrelationRule[] = []
  const done = new Set<string>()
  let pending = correlationsIn
  for (;;) {
    const ready = pending.filter((c) => c.rules.every((ref) => byRef.get(ref)?.kind !== 'correlation' || done.has(byRef.get(ref)!.id)))
    if (ready.length === 0) break
    for (const c of ready) {
      ordered.push(c)
      done.add(c.id)
    }
    pending = pending.filter((c) => !done.has(c.id))
  }
  return {
    detections,
    correlations: ordered,
    cyclic: pending.map((c) => c.id),
    byWord,
    everywhere,
    standalone,
    quiet,
    fieldMap: fieldMapWith(extraFields),
    byRef,
  }
}
