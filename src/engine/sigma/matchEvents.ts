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
    this.index = useIndex ? new RuleIndex(set, set.detections.length) : null
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

/** Bits of a word's hash (and of a packed affix) kept in the presence filters: 2^20 bits, 128 KiB each. */
const FILTER_BITS = 20
const FILTER_MASK = (1 << FILTER_BITS) - 1

/** Distinct field values whose candidates are remembered; past it the memory starts afresh. */
const FIELD_CACHE_LIMIT = 65_536

/**
 * The rules an event may match: those without keys, and those one of whose keys it holds. Words
 * are hashed and lowercased while scanning the text and compared in place with the keys of their
 * hash, and prefix and suffix keys are three character codes packed into a number: scanning an
 * event allocates nothing (a million events of thirty words each would otherwise make thirty
 * million strings for the garbage collector). A bit filter over the hashes answers "no key" for
 * most words without a map lookup, and the candidates of a field value (a host, an account, an
 * address: a few thousand values over a million events) are worked out once and remembered.
 */
class RuleIndex {
  private readonly words = new Map<number, { key: string; rules: readonly number[] }[]>()
  private readonly prefixes = new Map<number, number[]>()
  private readonly suffixes = new Map<number, number[]>()
  /** Presence filters: bit `hash & FILTER_MASK` set when some key has that hash (or packed affix). */
  private readonly wordBits = new Uint32Array(1 << (FILTER_BITS - 5))
  private readonly affixBits = new Uint32Array(1 << (FILTER_BITS - 5))
  private readonly stamp: Int32Array
  private readonly list: number[] = []
  private readonly affixes: boolean
  private call = 0
  /** Rule lists a text's words hit, while `collect` is on (to remember a field value's). */
  private collecting: (readonly number[])[] | null = null
  private readonly fieldCache = new Map<string | number, readonly (readonly number[])[]>()
  /** Per field slot, the last value seen and its rule lists. */
  private readonly lastValue: (string | number | null)[] = new Array(16).fill(null)
  private readonly lastHits: (readonly (readonly number[])[])[] = new Array(16).fill([])

  constructor(
    private readonly set: SigmaSet,
    nRules: number,
  ) {
    this.stamp = new Int32Array(nRules).fill(-1)
    for (const [key, rules] of set.byWord) {
      if (key[0] === '<' || key[0] === '>') {
        const packed = pack(key.charCodeAt(1), key.charCodeAt(2), key.charCodeAt(3))
        const map = key[0] === '<' ? this.prefixes : this.suffixes
        map.set(packed, [...(map.get(packed) ?? []), ...rules])
        setBit(this.affixBits, packed)
        continue
      }
      let h = HASH_SEED
      for (let i = 0; i < key.length; i++) h = hashStep(h, key.charCodeAt(i))
      const bucket = this.words.get(h)
      if (bucket) bucket.push({ key, rules })
      else this.words.set(h, [{ key, rules }])
      setBit(this.wordBits, h)
    }
    this.affixes = this.prefixes.size + this.suffixes.size > 0
  }

  candidates(ev: NormalizedEvent): readonly number[] {
    this.call++
    this.list.length = 0
    for (const i of this.set.everywhere) this.add(i)
    this.scan(ev.raw)
    // Escaped JSON text hides words (`\u0061dmin`, `a\nb`): its unescaped form is scanned too.
    if (ev.raw.includes('\\')) this.scan(unescapeJson(ev.raw))
    this.field(0, ev.host)
    this.field(1, ev.source_file)
    this.field(2, ev.event)
    this.field(3, ev.outcome)
    this.field(4, ev.program)
    this.field(5, ev.user)
    this.field(6, ev.target_user)
    this.field(7, ev.src_ip)
    this.field(8, ev.auth_method)
    this.field(9, ev.command)
    this.field(10, ev.country)
    this.field(11, ev.key_type)
    this.field(12, ev.key_fingerprint)
    this.field(13, ev.pid)
    this.field(14, ev.src_port)
    this.field(15, ev.bytes)
    return this.list
  }

  /**
   * Field `slot`'s words: the rule lists they hit, worked out once per distinct value. Consecutive
   * events mostly repeat a field (the same host, file, program): that is checked before the map.
   */
  private field(slot: number, value: string | number | null | undefined): void {
    if (value === null || value === undefined || value === '') return
    let hits: readonly (readonly number[])[] | undefined = this.lastValue[slot] === value ? this.lastHits[slot] : this.fieldCache.get(value)
    if (hits === undefined) {
      const collected: (readonly number[])[] = []
      this.collecting = collected
      this.scan(typeof value === 'number' ? String(value) : value)
      this.collecting = null
      if (this.fieldCache.size >= FIELD_CACHE_LIMIT) this.fieldCache.clear()
      this.fieldCache.set(value, (hits = collected))
    }
    this.lastValue[slot] = value
    this.lastHits[slot] = hits
    for (const rules of hits) this.take(rules)
  }

  private add(i: number): void {
    if (this.stamp[i] === this.call) return
    this.stamp[i] = this.call
    this.list.push(i)
  }

  private take(rules: readonly number[] | undefined): void {
    if (rules === undefined) return
    if (this.collecting !== null) this.collecting.push(rules)
    else for (const i of rules) this.add(i)
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
      if (hasBit(this.wordBits, h)) {
        const bucket = this.words.get(h)
        if (bucket !== undefined) for (const { key, rules } of bucket) if (sameWord(t, start, i, key)) this.take(rules)
      }
      if (this.affixes && i - start >= 3) {
        if (hasBit(this.affixBits, first)) this.take(this.prefixes.get(first))
        if (hasBit(this.affixBits, last)) this.take(this.suffixes.get(last))
      }
      start = -1
    }
  }
}

const setBit = (bits: Uint32Array, h: number): void => {
  const b = h & FILTER_MASK
  bits[b >>> 5] |= 1 << (b & 31)
}
const hasBit = (bits: Uint32Array, h: number): boolean => {
  const b = h & FILTER_MASK
  return (bits[b >>> 5] & (1 << (b & 31))) !== 0
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
