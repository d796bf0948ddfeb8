/**
 * A loaded rule set ready to run: detection rules indexed by their needles, correlations in
 * the order they can be evaluated (a correlation after the correlations it refers to), and which
 * rules report on their own. Built once per scan (or per live session), shared by every event.
 */
import { fieldMapWith, type MappableField, type SigmaFieldMap } from './fieldMap'
import type { CorrelationRule, DetectionRule, SigmaRule } from './types'

export interface SigmaSet {
  detections: readonly DetectionRule[]
  /** Evaluation order: referenced correlations first. Cyclic ones are left out (see `cyclic`). */
  correlations: readonly CorrelationRule[]
  /** Ids of correlations in a reference cycle: never evaluated. */
  cyclic: readonly string[]
  /** Needle → indices into `detections` (see needles.ts). */
  byNeedle: ReadonlyMap<string, readonly number[]>
  /** Detections without needles: tried on every event in their scope. */
  everywhere: readonly number[]
  /**
   * Normalized fields (other than the raw line) that indexed rules read: their values are searched
   * for needles besides the line (a host named by the file's path, an account a parser cleaned up).
   */
  needleFields: readonly MappableField[]
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
  const fieldMap = fieldMapWith(extraFields)
  const byNeedle = new Map<string, number[]>()
  const everywhere: number[] = []
  const needleFields = new Set<MappableField>()
  detections.forEach((d, i) => {
    if (d.trigger === null) {
      everywhere.push(i)
      return
    }
    for (const n of d.trigger) {
      let list = byNeedle.get(n)
      if (!list) byNeedle.set(n, (list = []))
      list.push(i)
    }
    for (const f of d.fields) {
      const mapped = fieldMap.get(f.toLowerCase())
      if (mapped !== undefined && mapped !== 'raw') needleFields.add(mapped)
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
    byNeedle,
    everywhere,
    needleFields: [...needleFields],
    standalone,
    quiet,
    fieldMap,
    byRef,
  }
}
