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
  const scopes = set.detections.map((d) => d.scope)
  const tests = set.detections.map((d) => d.test)
  const index = new RuleIndex(set, nRules)
  const all = set.detections.map((_, i) => i)
  for (let row = 0; row < events.length; row++) {
    const ev = events[row]
    view.reset(ev)
    const candidates = useIndex ? index.candidates(ev, row) : all
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
  return out
}

function inScope(scope: Scope, program: string | null, view: EventView): boolean {
  if (scope.kind === 'programs') return program !== null && scope.programs.includes(program)
  if (scope.kind === 'json') return view.isJson
  return true
}

/**
 * The rules an event may match: those without keys, and those one of whose keys it holds. Words
 * are hashed and lowercased while scanning the text and compared in place with the keys of their
 * hash, and prefix and suffix keys are three character codes packed into a number: scanning an
 * event allocates nothing (a million events of thirty words each would otherwise make thirty
 * million strings for the garbage collector).
 */
class RuleIndex {
  private readonly words = new Map<number, { key: string; rules: readonly number[] }[]>()
  private readonly prefixes = new Map<number, number[]>()
  private readonly suffixes = new Map<number, number[]>()
  private readonly stamp: Int32Array
  private readonly list: number[] = []
  private readonly affixes: boolean
  private row = 0

  constructor(private readonly set: SigmaSet, nRules: number) {
    this.stamp = new Int32Array(nRules).fill(-1)
    for (const [key, rules] of set.byWord) {
      if (key[0] === '<' || key[0] === '>') {
        const packed = pack(key.charCodeAt(1), key.charCodeAt(2), key.charCodeAt(3))
        const map = key[0] === '<' ? this.prefixes : this.suffixes
        map.set(packed, [...(map.get(packed) ?? []), ...rules])
        continue
      }
      let h = HASH_SEED
      for (let i = 0; i < key.length; i++) h = hashStep(h, key.charCodeAt(i))
      const bucket = this.words.get(h)
      if (bucket) bucket.push({ key, rules })
      else this.words.set(h, [{ key, rules }])
    }
    this.affixes = this.prefixes.size + this.suffixes.size > 0
  }

  candidates(ev: NormalizedEvent, row: number): readonly number[] {
    this.row = row
    this.list.length = 0
    for (const i of this.set.everywhere) this.add(i)
    this.scan(ev.raw)
    // Escaped JSON text hides words (`\u0061dmin`, `a\nb`): its unescaped form is scanned too.
    if (ev.raw.includes('\\')) this.scan(unescapeJson(ev.raw))
    this.scanField(ev.raw, ev.host)
    this.scanField(ev.raw, ev.source_file)
    this.scanField(ev.raw, ev.event)
    this.scanField(ev.raw, ev.outcome)
    this.scanField(ev.raw, ev.program)
    this.scanField(ev.raw, ev.user)
    this.scanField(ev.raw, ev.target_user)
    this.scanField(ev.raw, ev.src_ip)
    this.scanField(ev.raw, ev.auth_method)
    this.scanField(ev.raw, ev.command)
    this.scanField(ev.raw, ev.country)
    this.scanField(ev.raw, ev.key_type)
    this.scanField(ev.raw, ev.key_fingerprint)
    if (ev.pid !== null) this.scan(String(ev.pid))
    if (ev.src_port !== null) this.scan(String(ev.src_port))
    if (ev.bytes !== null) this.scan(String(ev.bytes))
    return this.list
  }

  /**
   * A field's words, unless the raw line already holds the value as a whole (bounded by non-word
   * characters or its ends): then every word of the value is a word of the line, scanned already.
   */
  private scanField(raw: string, s: string | null | undefined): void {
    if (!s) return
    const at = raw.indexOf(s)
    if (at >= 0 && !isWordCode(raw.charCodeAt(at - 1)) && !isWordCode(raw.charCodeAt(at + s.length))) return
    this.scan(s)
  }

  private add(i: number): void {
    if (this.stamp[i] === this.row) return
    this.stamp[i] = this.row
    this.list.push(i)
  }

  private take(rules: readonly number[] | undefined): void {
    if (rules !== undefined) for (const i of rules) this.add(i)
  }

  private scan(text: string): void {
    // Lowercasing outside ASCII can make ASCII letters (the Kelvin sign): such text is lowercased whole first.
    let t = text
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 127) {
        t = text.toLowerCase()
        break
      }
    }
    let start = -1
    let h = HASH_SEED
    let first = 0
    let last = 0
    for (let i = 0; i <= t.length; i++) {
      let c = i < t.length ? t.charCodeAt(i) : 32
      if (c >= 65 && c <= 90) c |= 32
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95) {
        if (start < 0) {
          start = i
          h = HASH_SEED
          first = 0
        }
        h = hashStep(h, c)
        if (i - start < 3) first = (first << 8) | c
        last = ((last << 8) | c) & 0xffffff
        continue
      }
      if (start < 0) continue
      const bucket = this.words.get(h)
      if (bucket !== undefined) for (const { key, rules } of bucket) if (sameWord(t, start, i, key)) this.take(rules)
      if (this.affixes && i - start >= 3) {
        this.take(this.prefixes.get(first))
        this.take(this.suffixes.get(last))
      }
      start = -1
    }
  }
}

/**
 * Whether a character may be part of a word once lowercased: [A-Za-z0-9_], and anything outside
 * ASCII (lowercasing can make a letter of it). NaN (before the start, past the end) is not.
 */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127
}

const HASH_SEED = 2166136261
const hashStep = (h: number, c: number): number => Math.imul(h ^ c, 16777619)

/** Whether t[start, end), lowercased in ASCII, is `key`. */
function sameWord(t: string, start: number, end: number, key: string): boolean {
  if (end - start !== key.length) return false
  for (let i = 0; i < key.length; i++) {
    let c = t.charCodeAt(start + i)
    if (c >= 65 && c <= 90) c |= 32
    if (c !== key.charCodeAt(i)) return false
  }
  return true
}

const pack = (a: number, b: number, c: number): number => (a << 16) | (b << 8) | c

/** JSON string escapes resolved (`\u0041` → `A`, `\n` → a blank), pairwise from the left. */
function unescapeJson(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (_m, g: string) => {
    if (g.length === 5) return String.fromCharCode(parseInt(g.slice(1), 16))
    return g === 'n' || g === 'r' || g === 't' || g === 'b' || g === 'f' ? ' ' : g
  })
}
