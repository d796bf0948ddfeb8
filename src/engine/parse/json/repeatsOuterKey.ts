/**
 * Whether an object in the outer two levels of a JSON text names one key twice. `JSON.parse` keeps
 * only the last of repeated keys, so `{"Records":[a],"Records":[b]}` would silently lose `a` —
 * and a log file's text is attacker-shaped; the token stream sees both. Only the wrapper levels
 * matter (a top-level object and the objects it holds, e.g. `hits`): inside a record both readers
 * keep the last value alike.
 */
const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const COLON = 0x3a

/** The outer levels whose keys are checked: the top-level object and the objects directly in it (not records in arrays). */
const CHECKED_DEPTH = 2

export function repeatsOuterKey(text: string): boolean {
  // A top-level array has no wrapper: nothing to check.
  if (text.trimStart().startsWith('[')) return false
  // One set of keys per open object within the checked depth; null for arrays and deeper objects.
  const keys: (Set<string> | null)[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      const start = i + 1
      for (i = start; i < text.length; i++) {
        const s = text.charCodeAt(i)
        if (s === BACKSLASH) i++
        else if (s === QUOTE) break
      }
      const seen = keys.at(-1)
      if (seen == null || !followedByColon(text, i + 1)) continue
      const key = text.slice(start, i)
      if (seen.has(key)) return true
      seen.add(key)
    } else if (c === OPEN_BRACE) {
      const outer = keys.length === 0 || (keys.length < CHECKED_DEPTH && keys.at(-1) != null)
      keys.push(outer ? new Set() : null)
    } else if (c === OPEN_BRACKET) {
      keys.push(null)
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      keys.pop()
    }
  }
  return false
}

function followedByColon(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === COLON) return true
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false
  }
  return false
}
