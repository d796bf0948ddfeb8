/**
 * The per-event pass: for each event, the detection rules whose trigger words it holds (plus the
 * rules without any), in scope of its logsource, are tested. Words come from the raw line (and,
 * when it holds JSON escapes, its unescaped text) and the normalized fields, so a rule matching on
 * any of them is never missed by the index.
 */
import type { NormalizedEvent } from '../../shared/event'
import { EventView } from './EventView'
import type { SigmaSet } from './SigmaSet'
import type { Scope } from './types'

/** Rows (indices into `events`) each detection matched, ascending. */
export type DetectionMatches = number[][]

/** Runs every detection over `events`; `useIndex: false` tries every rule on every event (tests). */
export function matchEvents(set: SigmaSet, events: readonly NormalizedEvent[], useIndex = true): DetectionMatches {
  const nRules = set.detections.length
  const out: DetectionMatches = set.detections.map(() => [])
  if (nRules === 0) return out
  const view = new EventView(set.fieldMap)
  const stamp = new Int32Array(nRules).fill(-1)
  const scopes = set.detections.map((d) => d.scope)
  const tests = set.detections.map((d) => d.test)
  const candidates: number[] = []
  const byWord = set.byWord
  const everywhere = set.everywhere
  const all = set.detections.map((_, i) => i)
  for (let row = 0; row < events.length; row++) {
    const ev = events[row]
    view.reset(ev)
    candidates.length = 0
    if (useIndex) {
      for (const i of everywhere) {
        stamp[i] = row
        candidates.push(i)
      }
      forEachWord(eventText(ev), (w) => {
        const list = byWord.get(w)
        if (list === undefined) return
        for (const i of list) {
          if (stamp[i] === row) continue
          stamp[i] = row
          candidates.push(i)
        }
      })
    } else candidates.push(...all)
    let program: string | null | undefined
    for (const i of candidates) {
      const scope = scopes[i]
      if (scope.kind !== 'all') {
        if (program === undefined) program = ev.program === null ? null : ev.program.toLowerCase()
        if (!inScope(scope, program, view)) continue
      }
      if (tests[i](view)) out[i].push(row)
    }
  }
  for (const rows of out) if (rows.length > 1) rows.sort((a, b) => a - b)
  return out
}

function inScope(scope: Scope, program: string | null, view: EventView): boolean {
  if (scope.kind === 'programs') return program !== null && scope.programs.includes(program)
  if (scope.kind === 'json') return view.isJson
  return true
}

/** The text an event's words are taken from: raw (unescaped too) and every normalized string. */
export function eventText(ev: NormalizedEvent): string {
  let s = ev.raw
  if (s.includes('\\')) s += '\n' + unescapeJson(s)
  s += `\n${ev.host}\n${ev.source_file}\n${ev.program ?? ''}\n${ev.pid ?? ''}\n${ev.event}\n${ev.outcome}\n${ev.user ?? ''}\n${ev.target_user ?? ''}\n${ev.src_ip ?? ''}\n${ev.src_port ?? ''}\n${ev.auth_method ?? ''}\n${ev.command ?? ''}\n${ev.bytes ?? ''}\n${ev.country ?? ''}\n${ev.key_type ?? ''}\n${ev.key_fingerprint ?? ''}`
  return s.toLowerCase()
}

/** JSON string escapes resolved (`\u0041` → `A`, `\n` → newline), pairwise from the left. */
function unescapeJson(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (_m, g: string) => {
    if (g.length === 5) return String.fromCharCode(parseInt(g.slice(1), 16))
    return g === 'n' || g === 'r' || g === 't' || g === 'b' || g === 'f' ? ' ' : g
  })
}

/** Calls `f` with every run of [a-z0-9_] in an already lowercased text. */
function forEachWord(text: string, f: (w: string) => void): void {
  let start = -1
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95
    if (word) {
      if (start < 0) start = i
    } else if (start >= 0) {
      f(text.slice(start, i))
      start = -1
    }
  }
}
