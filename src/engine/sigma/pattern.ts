/**
 * Sigma string values: `*` and `?` wildcards (`\*`, `\?`, `\\` escape them), anchored as the
 * modifiers say (exact, contains, startswith, endswith), compiled once to a test on a string.
 * Matching is case-insensitive by lowercasing both sides (never a regex `i` flag), so the words the
 * rule index picks (`triggerWords`) agree with what the matcher accepts.
 */

export type Anchor = 'exact' | 'contains' | 'startswith' | 'endswith'

/** A value cut at its wildcards: literal text, `*` (any run) and `?` (one character). */
export type Piece = { lit: string } | { any: true } | { one: true }

export function splitWildcards(value: string): Piece[] {
  const out: Piece[] = []
  let lit = ''
  for (let i = 0; i < value.length; i++) {
    const c = value[i]
    if (c === '\\' && i + 1 < value.length && (value[i + 1] === '*' || value[i + 1] === '?' || value[i + 1] === '\\')) {
      lit += value[++i]
    } else if (c === '*' || c === '?') {
      if (lit) out.push({ lit })
      lit = ''
      out.push(c === '*' ? { any: true } : { one: true })
    } else lit += c
  }
  if (lit) out.push({ lit })
  return out
}

/** The pieces a value means once its anchor is applied (`contains` = `*value*`). */
function anchored(value: string, anchor: Anchor): Piece[] {
  const pieces = splitWildcards(value)
  if (anchor === 'contains' || anchor === 'endswith') pieces.unshift({ any: true })
  if (anchor === 'contains' || anchor === 'startswith') pieces.push({ any: true })
  return pieces
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** A test on a string; `cased` keeps the rule's case, otherwise both sides are lowercased. */
export function compilePattern(value: string, anchor: Anchor, cased = false): (s: string) => boolean {
  const v = cased ? value : value.toLowerCase()
  const pieces = anchored(v, anchor)
  const lits = pieces.filter((p): p is { lit: string } => 'lit' in p)
  const wild = pieces.length - lits.length
  const norm = cased ? (s: string) => s : (s: string) => s.toLowerCase()
  // The common shapes without a regex: a literal, or one literal with `*` on either side.
  if (wild === 0) {
    const lit = lits[0]?.lit ?? ''
    return (s) => norm(s) === lit
  }
  if (lits.length === 1 && pieces.every((p) => 'lit' in p || 'any' in p)) {
    const lit = lits[0].lit
    const head = 'any' in pieces[0]
    const tail = 'any' in pieces[pieces.length - 1]
    if (head && tail) return (s) => norm(s).includes(lit)
    if (head) return (s) => norm(s).endsWith(lit)
    if (tail) return (s) => norm(s).startsWith(lit)
  }
  if (lits.length === 0 && pieces.every((p) => 'any' in p)) return () => true
  const source = pieces.map((p) => ('lit' in p ? escapeRegex(p.lit) : 'any' in p ? '[\\s\\S]*' : '[\\s\\S]')).join('')
  const re = new RegExp(`^${source}$`)
  return (s) => re.test(norm(s))
}

const WORD = /[a-z0-9_]+/g

/**
 * Words that any string this pattern accepts must contain as whole words (runs of [a-z0-9_]
 * bounded by other characters or the string's ends), lowercased. Used by the rule index: an event
 * none of whose words is among a rule's trigger words cannot match it. Empty when the pattern
 * guarantees no whole word (e.g. `*adm*`).
 */
export function wholeWords(value: string, anchor: Anchor): string[] {
  const pieces = anchored(value.toLowerCase(), anchor)
  const out: string[] = []
  pieces.forEach((p, i) => {
    if (!('lit' in p)) return
    const leftBound = i === 0
    const rightBound = i === pieces.length - 1
    for (const m of p.lit.matchAll(WORD)) {
      const start = m.index
      const end = start + m[0].length
      if ((start > 0 || leftBound) && (end < p.lit.length || rightBound)) out.push(m[0])
    }
  })
  return out
}

/** The best single trigger word of a pattern (the longest: long words are rare), or null. */
export function triggerWord(value: string, anchor: Anchor): string | null {
  let best: string | null = null
  for (const w of wholeWords(value, anchor)) if (best === null || w.length > best.length) best = w
  return best
}

/** Every whole word of a text, lowercased (an event's side of the index). */
export function wordsOf(text: string, into: Set<string>): void {
  for (const m of text.toLowerCase().matchAll(WORD)) into.add(m[0])
}
