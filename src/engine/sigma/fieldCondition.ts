/**
 * One entry of a Sigma selection — `Field|mod1|mod2: value or [values]` — compiled once to a test
 * on an event, plus the words that any matching event must contain (for the rule index). The
 * modifiers of the Sigma specification (appendix "modifiers", v2.1) that make sense on Linux text
 * logs are supported; the others are an error naming the modifier, so the rule is skipped with
 * that reason instead of matching something else than it says.
 */
import { BlockList, isIP } from 'node:net'
import { err, ok, type Result } from '../../shared/result'
import type { EventView, FieldValue } from './EventView'
import { needleOf, oddsOfAny, type Needle } from './needles'
import { compilePattern, type Anchor } from './pattern'

export interface Atom {
  test: (v: EventView) => boolean
  /** Needles one of which every matching event holds (in its line or a field); null when none is known. */
  trigger: Needle[] | null
}

const SUPPORTED = new Set(['contains', 'startswith', 'endswith', 'all', 're', 'i', 'm', 's', 'cidr', 'exists', 'windash', 'base64', 'base64offset', 'cased', 'gt', 'gte', 'lt', 'lte', 'neq'])
const NUMERIC = new Set(['gt', 'gte', 'lt', 'lte'])
const WINDASH = /[-/\u2013\u2014\u2015]/g

/** `key` is the selection key (`Field|mods`, or `|mods` / '' for keywords on the raw line). */
export function compileFieldCondition(key: string, value: unknown): Result<Atom, string> {
  const [field, ...mods] = key.split('|')
  for (const m of mods) if (!SUPPORTED.has(m)) return err(`unsupported modifier "${m}" in "${key}"`)
  const has = (m: string) => mods.includes(m)
  const values: unknown[] = Array.isArray(value) ? value : [value]
  if (values.length === 0) return err(`"${key}" has an empty list of values`)
  for (const x of values) {
    if (x !== null && typeof x === 'object') return err(`"${key}" has a nested map or list as a value`)
  }
  const read = field === '' ? (v: EventView) => v.raw : (v: EventView) => v.field(field)

  if (has('exists')) {
    if (values.length !== 1 || typeof values[0] !== 'boolean') return err(`"${key}": exists takes true or false`)
    const want = values[0]
    return ok({ test: (v) => present(read(v)) === want, trigger: null })
  }

  const numeric = mods.filter((m) => NUMERIC.has(m))
  if (numeric.length > 0) {
    if (numeric.length > 1) return err(`"${key}": one comparison per field`)
    const nums = values.map(Number)
    if (nums.some((n) => !Number.isFinite(n))) return err(`"${key}": ${numeric[0]} needs numbers`)
    const cmp = comparator(numeric[0])
    const one = (x: unknown) => {
      const n = typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN
      return Number.isFinite(n) && nums.some((k) => cmp(n, k))
    }
    return ok({ test: (v) => anyOf(read(v), one), trigger: null })
  }

  if (has('cidr')) {
    const list = new BlockList()
    for (const x of values) {
      const [net, bits] = String(x).split('/')
      const family = isIP(net)
      const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits)
      if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) return err(`"${key}": "${String(x)}" is not a CIDR range`)
      list.addSubnet(net, prefix, family === 6 ? 'ipv6' : 'ipv4')
    }
    const one = (x: unknown) => {
      if (typeof x !== 'string') return false
      const family = isIP(x)
      return family !== 0 && list.check(x, family === 6 ? 'ipv6' : 'ipv4')
    }
    return ok(negatable(has('neq'), { test: (v) => anyOf(read(v), one), trigger: null }))
  }

  if (has('re')) {
    let flags = ''
    if (has('i')) flags += 'i'
    if (has('m')) flags += 'm'
    if (has('s')) flags += 's'
    const res: RegExp[] = []
    for (const x of values) {
      try {
        res.push(new RegExp(String(x), flags))
      } catch (e) {
        return err(`"${key}": invalid regular expression ${JSON.stringify(String(x))} (${(e as Error).message})`)
      }
    }
    const all = has('all')
    const one = (re: RegExp) => (x: unknown) => x !== null && x !== undefined && typeof x !== 'object' && re.test(String(x))
    const tests = res.map(one)
    const test = all ? (v: EventView) => tests.every((t) => anyOf(read(v), t)) : (v: EventView) => tests.some((t) => anyOf(read(v), t))
    return ok(negatable(has('neq'), { test, trigger: null }))
  }
  for (const m of ['i', 'm', 's']) if (has(m)) return err(`"${key}": the ${m} modifier only goes with re`)

  const anchor: Anchor = field === '' ? 'contains' : has('contains') ? 'contains' : has('startswith') ? 'startswith' : has('endswith') ? 'endswith' : 'exact'
  if ([has('contains'), has('startswith'), has('endswith')].filter(Boolean).length > 1) return err(`"${key}": contains, startswith and endswith exclude each other`)
  const windash = has('windash')
  const cased = has('cased')
  const tests: ((v: EventView) => boolean)[] = []
  const needles: (Needle[] | null)[] = []
  for (const x of values) {
    if (x === null) {
      tests.push((v) => !present(read(v)) || read(v) === '')
      needles.push(null)
      continue
    }
    const variants = encoded(String(x), mods)
    if (!variants.ok) return variants
    if (field === '' && !cased && !windash && variants.value.length === 1 && variants.value[0] === String(x)) {
      // A plain keyword: matched against the raw line lowercased once per event, not once per keyword.
      const m = compilePattern(String(x), anchor, false, true)
      tests.push((v) => m(v.rawLower))
      const n = needleOf(String(x))
      needles.push(n === null ? null : [n])
      continue
    }
    const matchers = variants.value.map((s) => compilePattern(windash ? s.replace(WINDASH, '-') : s, anchor, cased || s !== String(x)))
    const norm = windash ? (s: string) => s.replace(WINDASH, '-') : (s: string) => s
    const one = (y: unknown) => {
      if (y === null || y === undefined || typeof y === 'object') return false
      const s = norm(String(y))
      return matchers.some((m) => m(s))
    }
    tests.push((v) => anyOf(read(v), one))
    // Under windash a `-` of the rule stands for other characters of the event: needles stop there.
    const ns = variants.value.map((s) => needleOf(s, windash ? WINDASH : null))
    needles.push(ns.every((n) => n !== null) ? (ns as Needle[]) : null)
  }
  const all = has('all') && values.length > 1
  const test = all ? (v: EventView) => tests.every((t) => t(v)) : tests.length === 1 ? tests[0] : (v: EventView) => tests.some((t) => t(v))
  return ok(negatable(has('neq'), { test, trigger: triggerOf(needles, all) }))
}

/** With `all`, the rarest value's needles (every value must match); else every value's (one must). */
function triggerOf(perValue: (Needle[] | null)[], all: boolean): Needle[] | null {
  if (all) {
    let best: Needle[] | null = null
    for (const ns of perValue) if (ns !== null && (best === null || oddsOfAny(ns) < oddsOfAny(best))) best = ns
    return best
  }
  if (perValue.some((ns) => ns === null)) return null
  return uniqueNeedles(perValue.flatMap((ns) => ns!))
}

/** Needles without repeats (the same text twice would be looked for twice). */
export function uniqueNeedles(needles: readonly Needle[]): Needle[] {
  const seen = new Map<string, Needle>()
  for (const n of needles) if (!seen.has(n.text)) seen.set(n.text, n)
  return [...seen.values()]
}

function negatable(neq: boolean, atom: Atom): Atom {
  return neq ? { test: (v) => !atom.test(v), trigger: null } : atom
}

/** The strings to look for: the value, or its Base64 forms. */
function encoded(value: string, mods: readonly string[]): Result<string[], string> {
  if (mods.includes('base64offset')) {
    if (!mods.includes('contains')) return err('base64offset needs contains (the value sits inside an encoded string)')
    return ok(base64Offsets(value))
  }
  if (mods.includes('base64')) return ok([Buffer.from(value, 'utf8').toString('base64')])
  return ok([value])
}

/**
 * The three stable middles of `value` Base64-encoded at byte offsets 0, 1 and 2 inside a larger
 * string (the encoded edges depend on the neighbouring bytes, so they are cut off), as pySigma does.
 */
export function base64Offsets(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  const out: string[] = []
  const starts = [0, 2, 3]
  const ends = [0, -3, -2]
  for (let i = 0; i < 3; i++) {
    const enc = Buffer.concat([Buffer.alloc(i, 0x20), bytes]).toString('base64')
    const end = ends[(bytes.length + i) % 3]
    out.push(enc.slice(starts[i], end === 0 ? undefined : end))
  }
  return out
}

function comparator(op: string): (a: number, b: number) => boolean {
  if (op === 'gt') return (a, b) => a > b
  if (op === 'gte') return (a, b) => a >= b
  if (op === 'lt') return (a, b) => a < b
  return (a, b) => a <= b
}

function present(x: FieldValue): boolean {
  return x !== undefined && x !== null
}

/** A field that holds a list matches when one of its items does. */
function anyOf(x: FieldValue, test: (y: unknown) => boolean): boolean {
  if (Array.isArray(x)) return x.some(test)
  return test(x)
}
