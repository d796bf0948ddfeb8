/**
 * The per-event pass: for each event, the detection rules whose needles it holds (plus the rules
 * without any), in scope of its logsource, are tested (`RuleIndex.ts` finds them in one pass).
 */
import type { NormalizedEvent } from '../../shared/event'
import { EventView } from './EventView'
import { RuleIndex } from './RuleIndex'
import type { SigmaSet } from './SigmaSet'
import type { Scope } from './types'

/** Rows (indices into `events`) each detection matched, ascending. */
export type DetectionMatches = number[][]

/** Runs every detection over `events`; `useIndex: false` tries every rule on every event (tests). */
export function matchEvents(set: SigmaSet, events: readonly NormalizedEvent[], useIndex = true): DetectionMatches {
  const out: DetectionMatches = set.detections.map(() => [])
  if (set.detections.length === 0) return out
  const matcher = new SigmaMatcher(set, useIndex)
  for (let row = 0; row < events.length; row++) for (const i of matcher.match(events[row])) out[i].push(row)
  return out
}

/**
 * The detections of a set that match one event at a time: its candidates from the index (or every
 * rule), then their logsource scope and compiled test. Built once per pass; `match` reuses its
 * buffers, so the answer is valid until the next call.
 */
export class SigmaMatcher {
  private readonly view: EventView
  private readonly index: RuleIndex | null
  private readonly all: readonly number[]
  private readonly found: number[] = []

  constructor(
    private readonly set: SigmaSet,
    useIndex = true,
  ) {
    this.view = new EventView(set.fieldMap)
    this.index = useIndex ? new RuleIndex(set) : null
    this.all = set.detections.map((_, i) => i)
  }

  /** Indices of the detections `ev` matches (a buffer reused by the next call). */
  match(ev: NormalizedEvent): readonly number[] {
    const found = this.found
    found.length = 0
    const candidates = this.index ? this.index.candidates(ev) : this.all
    if (candidates.length === 0) return found
    const view = this.view.reset(ev)
    const detections = this.set.detections
    let program: string | null | undefined
    for (const i of candidates) {
      const d = detections[i]
      const scope = d.scope
      if (scope.kind !== 'all') {
        if (program === undefined) program = ev.program === null ? null : ev.program.toLowerCase()
        if (!inScope(scope, program, view)) continue
      }
      if (d.test(view)) found.push(i)
    }
    return found
  }
}

function inScope(scope: Scope, program: string | null, view: EventView): boolean {
  if (scope.kind === 'programs') return program !== null && scope.programs.includes(program)
  if (scope.kind === 'json') return view.isJson
  return true
}
