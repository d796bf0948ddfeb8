/**
 * Sigma string values: `*` and `?` wildcards (`\*`, `\?`, `\\` escape them), anchored as the
 * modifiers say (exact, contains, startswith, endswith), compiled once to a test on a string.
 * Matching is case-insensitive by lowercasing both sides (never a regex `i` flag), so the needles
 * the rule index picks (`needles.ts`) agree with what the matcher accepts.
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

/**
 * A test on a string; `cased` keeps the rule's case, otherwise both sides are lowercased
 * (`lowered`: the caller passes strings already lowercased, e.g. the raw line lowercased once).
 */
export function compilePattern(value: string, anchor: Anchor, cased = false, lowered = false): (s: string) => boolean {
  const v = cased ? value : value.toLowerCase()
  const pieces = anchored(v, anchor)
  const lits = pieces.filter((p): p is { lit: string } => 'lit' in p)
  const wild = pieces.length - lits.length
  const norm = cased || lowered ? (s: string) => s : (s: string) => s.toLowerCase()
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
  if (pieces.every((p) => !('one' in p))) return starGlob(pieces, lits, norm)
  const source = pieces.map((p) => ('lit' in p ? escapeRegex(p.lit) : 'any' in p ? '[\\s\\S]*' : '[\\s\\S]')).join('')
  const re = new RegExp(`^${source}$`)
  return (s) => re.test(norm(s))
}

/**
 * Only `*` wildcards: the literals in order, each found after the one before (leftmost is always
 * right for `*`), the first at the start and the last at the end unless a `*` frees them. Linear,
 * where the equivalent regex backtracks over long lines.
 */
function starGlob(pieces: readonly Piece[], lits: readonly { lit: string }[], norm: (s: string) => string): (s: string) => boolean {
  const head = 'any' in pieces[0]
  const tail = 'any' in pieces[pieces.length - 1]
  const parts = lits.map((l) => l.lit)
  return (s) => {
    const x = norm(s)
    let pos = 0
    let from = 0
    let to = parts.length
    let end = x.length
    if (!head) {
      if (!x.startsWith(parts[0])) return false
      pos = parts[0].length
      from = 1
    }
    if (!tail) {
      const last = parts[parts.length - 1]
      if (x.length - last.length < pos || !x.endsWith(last)) return false
      end = x.length - last.length
      to--
    }
    for (let k = from; k < to; k++) {
      const i = x.indexOf(parts[k], pos)
      if (i < 0 || i + parts[k].length > end) return false
      pos = i + parts[k].length
    }
    return true
  }
}
