/**
 * The `condition` of a Sigma detection: `and`, `or`, `not`, parentheses, `1 of X*`, `all of X*`,
 * `1 of them`, `all of them` (selection names with `*` wildcards), parsed once into a tree and
 * compiled to one test over compiled selections. Precedence: not > and > or. The legacy
 * aggregations (`| count() by x > 5`, `near`) are errors that name themselves: correlation rules
 * replaced them, and silently matching the selection alone would flood the analyst.
 */
import { err, ok, type Result } from '../../shared/result'
import { uniqueNeedles, type Atom } from './fieldCondition'
import { oddsOfAny } from './needles'
import type { EventView } from './EventView'

export type ConditionNode =
  | { op: 'and' | 'or'; args: ConditionNode[] }
  | { op: 'not'; arg: ConditionNode }
  | { op: 'ref'; name: string }
  | { op: 'oneOf' | 'allOf'; pattern: string }

const TOKEN = /\s*(\(|\)|[^\s()]+)/y

function tokenize(text: string): string[] {
  const out: string[] = []
  TOKEN.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = TOKEN.exec(text)) !== null) out.push(m[1])
  return out
}

/** Parses a condition string. */
export function parseCondition(text: string): Result<ConditionNode, string> {
  if (text.includes('|')) return err(`legacy aggregation in condition "${text}" (use a correlation rule)`)
  const tokens = tokenize(text)
  let at = 0
  const peek = () => tokens[at]?.toLowerCase()
  const fail = (what: string): never => {
    throw new ConditionError(`${what} in condition "${text}"`)
  }
  const parseOr = (): ConditionNode => {
    const args = [parseAnd()]
    while (peek() === 'or') {
      at++
      args.push(parseAnd())
    }
    return args.length === 1 ? args[0] : { op: 'or', args }
  }
  const parseAnd = (): ConditionNode => {
    const args = [parseNot()]
    while (peek() === 'and') {
      at++
      args.push(parseNot())
    }
    return args.length === 1 ? args[0] : { op: 'and', args }
  }
  const parseNot = (): ConditionNode => {
    if (peek() === 'not') {
      at++
      return { op: 'not', arg: parseNot() }
    }
    return parsePrimary()
  }
  const parsePrimary = (): ConditionNode => {
    const tok = tokens[at]
    if (tok === undefined) return fail('unexpected end')
    const lower = tok.toLowerCase()
    if (tok === '(') {
      at++
      const inner = parseOr()
      if (tokens[at] !== ')') fail('missing ")"')
      at++
      return inner
    }
    if (lower === '1' || lower === 'all' || lower === 'any') {
      if (tokens[at + 1]?.toLowerCase() !== 'of') {
        if (lower === 'all' || lower === '1') fail(`"${tok}" without "of"`)
      } else {
        const target = tokens[at + 2]
        if (target === undefined || target === '(' || target === ')') fail(`"${tok} of" without a name`)
        at += 3
        const pattern = target!.toLowerCase() === 'them' ? '*' : target!
        return { op: lower === 'all' ? 'allOf' : 'oneOf', pattern }
      }
    }
    if (/^\d+$/.test(lower) && tokens[at + 1]?.toLowerCase() === 'of') fail(`"${tok} of" (only "1 of" and "all of" exist)`)
    if (['and', 'or', ')', 'of', 'near'].includes(lower)) fail(`unexpected "${tok}"`)
    at++
    return { op: 'ref', name: tok }
  }
  try {
    const node = parseOr()
    if (at < tokens.length) fail(`unexpected "${tokens[at]}"`)
    return ok(node)
  } catch (e) {
    if (e instanceof ConditionError) return err(e.message)
    throw e
  }
}

class ConditionError extends Error {}

/** Selection names a `X*` pattern covers (`*` = them), in definition order. */
export function namesMatching(pattern: string, names: readonly string[]): string[] {
  // `them` leaves out names starting with `_` (the specification's helper selections).
  if (pattern === '*') return names.filter((n) => !n.startsWith('_'))
  if (!pattern.includes('*')) return names.filter((n) => n === pattern)
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
  return names.filter((n) => re.test(n))
}

/** Compiles a condition over named atoms; the atoms' triggers combine into the whole rule's. */
export function compileCondition(node: ConditionNode, selections: ReadonlyMap<string, Atom>): Result<Atom, string> {
  const names = [...selections.keys()]
  const build = (n: ConditionNode): Atom => {
    switch (n.op) {
      case 'ref': {
        const a = selections.get(n.name)
        if (!a) throw new ConditionError(`condition names "${n.name}", which the detection does not define`)
        return a
      }
      case 'not': {
        const a = build(n.arg)
        return { test: (v) => !a.test(v), trigger: null }
      }
      case 'and':
        return andOf(n.args.map(build))
      case 'or':
        return orOf(n.args.map(build))
      case 'oneOf':
      case 'allOf': {
        const matched = namesMatching(n.pattern, names)
        if (matched.length === 0) throw new ConditionError(`"${n.op === 'oneOf' ? '1' : 'all'} of ${n.pattern}" matches no selection`)
        const atoms = matched.map((m) => selections.get(m)!)
        return n.op === 'oneOf' ? orOf(atoms) : andOf(atoms)
      }
      default: {
        const never: never = n
        throw new Error(`unknown condition node ${JSON.stringify(never)}`)
      }
    }
  }
  try {
    return ok(build(node))
  } catch (e) {
    if (e instanceof ConditionError) return err(e.message)
    throw e
  }
}

/** All must hold: the trigger of the most selective part (the rarest needles) stands for all. */
export function andOf(atoms: readonly Atom[]): Atom {
  if (atoms.length === 1) return atoms[0]
  let trigger: Atom['trigger'] = null
  for (const a of atoms) if (a.trigger !== null && (trigger === null || oddsOfAny(a.trigger) < oddsOfAny(trigger))) trigger = a.trigger
  const tests = atoms.map((a) => a.test)
  return { test: (v: EventView) => tests.every((t) => t(v)), trigger }
}

/** One must hold: every part needs a trigger, and any of their needles may be the one. */
export function orOf(atoms: readonly Atom[]): Atom {
  if (atoms.length === 1) return atoms[0]
  const trigger = atoms.every((a) => a.trigger !== null) ? uniqueNeedles(atoms.flatMap((a) => a.trigger!)) : null
  const tests = atoms.map((a) => a.test)
  return { test: (v: EventView) => tests.some((t) => t(v)), trigger }
}
