/**
 * The quick filter's little language, shared by the engine (which turns it into SQL) and the
 * renderer (which highlights the matches in the raw line): words separated by spaces, every one
 * must match; `"port 59098"` is a phrase (spaces included); `Accept*` matches words that start with
 * `Accept`. Matching is case-insensitive and literal otherwise (no wildcards but the final `*`).
 */

export type SearchTerm =
  /** The text anywhere (a word or a quoted phrase). */
  | { kind: 'substring'; text: string }
  /** A word starting with the text. */
  | { kind: 'prefix'; text: string }

/** The terms of a quick filter; an unclosed quote runs to the end. Empty terms are dropped. */
export function parseSearchTerms(input: string): SearchTerm[] {
  const terms: SearchTerm[] = []
  let i = 0
  while (i < input.length) {
    if (/\s/.test(input[i])) {
      i++
      continue
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1)
      const end = close === -1 ? input.length : close
      const phrase = input.slice(i + 1, end)
      if (phrase.trim() !== '') terms.push({ kind: 'substring', text: phrase })
      i = end + 1
      continue
    }
    let end = i
    while (end < input.length && !/\s/.test(input[end])) end++
    const word = input.slice(i, end)
    i = end
    // `*` alone (or `**`) is no prefix: the word itself is searched, literally.
    if (word.length > 1 && word.endsWith('*') && !word.endsWith('**')) terms.push({ kind: 'prefix', text: word.slice(0, -1) })
    else terms.push({ kind: 'substring', text: word })
  }
  return terms
}

/** Lower case, keeping each character's length (a few letters lengthen when lowered), so offsets hold in the original. */
function lowerSameLength(text: string): string {
  const lower = text.toLowerCase()
  return lower.length === text.length ? lower : text.replace(/./gsu, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c))
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c)

/**
 * Where the terms match in `text`: sorted, non-overlapping [start, end) ranges (a prefix term
 * highlights the prefix of each word it starts).
 */
export function matchRanges(text: string, terms: readonly SearchTerm[]): [number, number][] {
  const lower = lowerSameLength(text)
  const ranges: [number, number][] = []
  for (const term of terms) {
    const needle = lowerSameLength(term.text)
    if (needle === '') continue
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
      if (term.kind === 'prefix' && isWordChar(lower[at - 1])) continue
      ranges.push([at, at + needle.length])
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: [number, number][] = []
  for (const r of ranges) {
    const last = merged[merged.length - 1]
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  return merged
}

/** Whether some word of `text` starts with `prefix` (case-insensitive): the prefix term's test. */
export function hasWordPrefix(text: string, prefix: string): boolean {
  return matchRanges(text, [{ kind: 'prefix', text: prefix }]).length > 0
}
