/**
 * Needles: fixed text that every string a pattern accepts must contain, lowercased as the matcher
 * lowercases (`toLowerCase`). The rule index (`RuleIndex.ts`) looks for all rules' needles in one
 * pass over a line; an event holding none of a rule's needles cannot match it, so only the rules
 * whose needles it holds are tested. A needle is a substring of a literal piece of the pattern
 * (the text between its wildcards), so it is sound for any anchor: whatever surrounds the value,
 * the piece is in it.
 */
import { splitWildcards } from './pattern'

/** Needles longer than this are cut to the most telling window (the index's table grows with their length). */
export const MAX_NEEDLE = 8

/** A needle and the chance (a rough guess) that a line of a log holds it: the index picks the rarest. */
export interface Needle {
  text: string
  odds: number
}

/**
 * Words every line of an auth log or its JSON records is full of: a needle made of them alone
 * sends most events to its rule, so any other part of the pattern is preferred.
 */
const COMMON_WORDS = new Set([
  'user', 'from', 'for', 'port', 'ssh2', 'sshd', 'root', 'session', 'opened', 'closed', 'by', 'uid',
  'password', 'failed', 'invalid', 'accepted', 'pam_unix', 'auth', 'the', 'to', 'of', 'on', 'in',
  'connection', 'preauth', 'sudo', 'cron', 'true', 'false', 'null', 'host', 'message', 'tmp', 'bin', 'usr',
  'error', 'received', 'disconnect', 'authentication', 'failure', 'command', 'pwd', 'tty',
])

const WORD = /[a-z0-9_]+/g

/** Per character of `text`: 1 when it belongs to a word that is not common (the characters that make a needle rare). */
function rareChars(text: string): Uint8Array {
  const rare = new Uint8Array(text.length)
  for (const m of text.matchAll(WORD)) if (!COMMON_WORDS.has(m[0])) rare.fill(1, m.index, m.index + m[0].length)
  return rare
}

/** The chance a line holds a text with `rare` rare characters among `length`: a quarter per rare one, a coin toss for common words and punctuation. */
function oddsOf(rare: number, length: number): number {
  return rare === 0 ? 0.5 / Math.max(1, length / 4) : Math.max(1e-12, 0.25 ** rare)
}

/** The window of at most MAX_NEEDLE characters of `text` with the lowest odds (the first, on ties). */
function bestWindow(text: string): Needle {
  const rare = rareChars(text)
  const width = Math.min(MAX_NEEDLE, text.length)
  let inWindow = 0
  for (let i = 0; i < width; i++) inWindow += rare[i]
  let best = { at: 0, rare: inWindow }
  for (let i = 1; i + width <= text.length; i++) {
    inWindow += rare[i + width - 1] - rare[i - 1]
    if (inWindow > best.rare) best = { at: i, rare: inWindow }
  }
  return { text: text.slice(best.at, best.at + width), odds: oddsOf(best.rare, width) }
}

/**
 * The rarest needle of a pattern, or null when it guarantees no text (`*`, `?`). Its anchor
 * (contains, startswith...) only adds wildcards, so it plays no part. `breaks` are
 * characters a needle must not span: `windash` makes `-` in the rule stand for `/` and dashes of
 * other widths in the event, so a needle stops at each of them.
 */
export function needleOf(value: string, breaks: RegExp | null = null): Needle | null {
  // Lowercased whole, as compilePattern does (wildcards and escapes are ASCII: they stay).
  let best: Needle | null = null
  for (const piece of splitWildcards(value.toLowerCase())) {
    if (!('lit' in piece)) continue
    for (const part of breaks === null ? [piece.lit] : piece.lit.split(breaks)) {
      if (part === '') continue
      const n = bestWindow(part)
      if (best === null || n.odds < best.odds || (n.odds === best.odds && n.text.length > best.text.length)) best = n
    }
  }
  return best
}

/** The chance that a line holds one of `needles`. */
export function oddsOfAny(needles: readonly Needle[]): number {
  let odds = 0
  for (const n of needles) odds += n.odds
  return Math.min(1, odds)
}
