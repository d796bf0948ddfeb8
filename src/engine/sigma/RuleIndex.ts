/**
 * The rules an event may match: those without needles, and those one of whose needles it holds.
 * One pass of the needle automaton over the raw line finds them all, whatever the number of
 * rules; values a rule can read that are not in the line as written are searched too:
 *  - a JSON record's strings with escapes (`\u0061dmin`, `a\nb`): the record's text unescaped;
 *  - a JSON number whose text is not what JavaScript prints (`1e3` is read as 1000): the text
 *    with its numbers printed as JavaScript does;
 *  - the normalized fields indexed rules read (`SigmaSet.needleFields`): a host named by the
 *    file's path, an account a parser cleaned up. Their values repeat (a few thousand hosts,
 *    accounts, addresses over a million events): each value's needles are found once and kept.
 */
import type { NormalizedEvent } from '../../shared/event'
import type { MappableField } from './fieldMap'
import { NeedleAutomaton } from './NeedleAutomaton'
import type { SigmaSet } from './SigmaSet'

/** Distinct field values whose needles are remembered; past it the memory starts afresh. */
const FIELD_CACHE_LIMIT = 65_536

/** Number text JSON allows that JavaScript prints otherwise: an exponent, or more digits than a double holds. */
const ODD_NUMBER = /\d[eE][-+]?\d|\d{16}/
const JSON_NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g

/** Needles that could lie inside a number as JavaScript prints it (`1e+21`, `Infinity`). */
const NUMBER_TEXT = /^[0-9.e+\-infty]+$/

export class RuleIndex {
  private readonly automaton: NeedleAutomaton
  /** Per needle id, the detections that hold it among their needles. */
  private readonly rulesOf: readonly (readonly number[])[]
  private readonly everywhere: readonly number[]
  private readonly fields: readonly MappableField[]
  /** Whether some needle could lie inside a printed number: only then do number spellings matter. */
  private readonly numberNeedles: boolean
  /** Per needle and per rule, the last event (call) it was taken in: each is taken once per event. */
  private readonly needleStamp: Int32Array
  private readonly ruleStamp: Int32Array
  private readonly list: number[] = []
  private call = 0
  private readonly fieldCache = new Map<string | number, readonly number[]>()
  /** Per needle field, the last value seen and its needles (consecutive lines mostly repeat a host, a program). */
  private readonly lastValue: (string | number | null)[]
  private readonly lastNeedles: (readonly number[])[]
  /** The needles a scan found, while a field value's are being collected. */
  private collected: number[] | null = null
  private readonly take = (id: number): void => {
    if (this.collected !== null) this.collected.push(id)
    else this.takeNeedle(id)
  }

  constructor(set: SigmaSet) {
    const needles = [...set.byNeedle.keys()]
    this.automaton = new NeedleAutomaton(needles)
    this.rulesOf = needles.map((n) => set.byNeedle.get(n)!)
    this.everywhere = set.everywhere
    this.fields = set.needleFields
    this.numberNeedles = needles.some((n) => NUMBER_TEXT.test(n))
    this.needleStamp = new Int32Array(needles.length).fill(-1)
    this.ruleStamp = new Int32Array(set.detections.length).fill(-1)
    this.lastValue = this.fields.map(() => null)
    this.lastNeedles = this.fields.map(() => [])
  }

  /** Indices of the detections `ev` may match, each once (a buffer reused by the next call). */
  candidates(ev: NormalizedEvent): readonly number[] {
    this.call++
    this.list.length = 0
    for (const i of this.everywhere) this.add(i)
    const raw = ev.raw
    this.automaton.scan(raw, this.take)
    if (isJsonText(raw)) {
      if (raw.includes('\\')) this.automaton.scan(unescapeJson(raw), this.take)
      if (this.numberNeedles && ODD_NUMBER.test(raw)) this.automaton.scan(raw.replace(JSON_NUMBER, (m) => String(Number(m))), this.take)
    }
    for (let f = 0; f < this.fields.length; f++) this.field(f, ev[this.fields[f]])
    return this.list
  }

  private field(slot: number, value: string | number | null | undefined): void {
    if (value === null || value === undefined || value === '') return
    let needles = this.lastValue[slot] === value ? this.lastNeedles[slot] : this.fieldCache.get(value)
    if (needles === undefined) {
      const found: number[] = []
      this.collected = found
      this.automaton.scan(typeof value === 'number' ? String(value) : value, this.take)
      this.collected = null
      if (this.fieldCache.size >= FIELD_CACHE_LIMIT) this.fieldCache.clear()
      this.fieldCache.set(value, (needles = found))
    }
    this.lastValue[slot] = value
    this.lastNeedles[slot] = needles
    for (const id of needles) this.takeNeedle(id)
  }

  private takeNeedle(id: number): void {
    if (this.needleStamp[id] === this.call) return
    this.needleStamp[id] = this.call
    for (const i of this.rulesOf[id]) this.add(i)
  }

  private add(i: number): void {
    if (this.ruleStamp[i] === this.call) return
    this.ruleStamp[i] = this.call
    this.list.push(i)
  }
}

/** Whether a line is (or starts as) a JSON object: only then has it values of its own. */
function isJsonText(raw: string): boolean {
  let i = 0
  while (i < raw.length && (raw.charCodeAt(i) === 32 || raw.charCodeAt(i) === 9)) i++
  return raw.charCodeAt(i) === 123
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }

/** JSON string escapes resolved as JSON.parse does (`\u0041` → `A`, `\n` → a newline), pairwise from the left. */
export function unescapeJson(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (_m, g: string) => (g.length === 5 ? String.fromCharCode(parseInt(g.slice(1), 16)) : (SIMPLE_ESCAPES[g] ?? g)))
}
