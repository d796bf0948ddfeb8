/** Property tests of the matcher: wildcards against a reference, condition algebra, index soundness. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { matchEvents } from '../../../src/engine/sigma/matchEvents'
import { compilePattern, type Anchor } from '../../../src/engine/sigma/pattern'
import { ev, setOf } from './helpers'

const SEED = 20261207
const alphabet = fc.constantFrom('a', 'B', 'c', ' ', '-', '.', '_', '1', 'é', 'K')
const text = fc.array(alphabet, { maxLength: 12 }).map((cs) => cs.join(''))
const patternText = fc.array(fc.oneof(alphabet, fc.constantFrom('*', '?', '\\*', '\\?')), { maxLength: 8 }).map((cs) => cs.join(''))

/** A naive recursive glob (no regex) over lowercased strings: the reference. */
function refGlob(p: string, s: string): boolean {
  const toks: ({ c: string } | '*' | '?')[] = []
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\' && (p[i + 1] === '*' || p[i + 1] === '?' || p[i + 1] === '\\')) toks.push({ c: p[++i] })
    else if (p[i] === '*' || p[i] === '?') toks.push(p[i] as '*' | '?')
    else toks.push({ c: p[i] })
  }
  const go = (i: number, j: number): boolean => {
    if (i === toks.length) return j === s.length
    const t = toks[i]
    if (t === '*') {
      for (let k = j; k <= s.length; k++) if (go(i + 1, k)) return true
      return false
    }
    if (j >= s.length) return false
    if (t === '?') return go(i + 1, j + 1)
    return t.c === s[j] && go(i + 1, j + 1)
  }
  return go(0, 0)
}

const wrap: Record<Anchor, (p: string) => string> = { exact: (p) => p, contains: (p) => `*${p}*`, startswith: (p) => `${p}*`, endswith: (p) => `*${p}` }

describe('wildcard patterns', () => {
  it('agree with a reference glob for every anchor', () => {
    fc.assert(
      fc.property(patternText, text, fc.constantFrom<Anchor>('exact', 'contains', 'startswith', 'endswith'), (p, s, anchor) => {
        const lowered = p.toLowerCase()
        expect(compilePattern(p, anchor)(s)).toBe(refGlob(wrap[anchor](lowered), s.toLowerCase()))
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})

const WORDS = ['alpha', 'beta', 'gamma', 'root', 'ssh']
const line = fc.array(fc.constantFrom(...WORDS, ' ', '-', 'x'), { maxLength: 6 }).map((ws) => ws.join(' '))

describe('conditions', () => {
  const events = (lines: string[]) => lines.map((l) => ev(l))
  const sels = '  a:\n    - alpha\n  b:\n    - "*bet?*"\n  c:\n    User|contains: oo\n'
  const run = (condition: string, lines: string[]) =>
    matchEvents(setOf(`title: t\nid: r\ndetection:\n${sels}  condition: ${condition}\n`), events(lines).map((e, i) => ({ ...e, user: i % 2 ? 'root' : null })))[0]

  it.each([
    ['not (a or b)', 'not a and not b'],
    ['not (a and b)', 'not a or not b'],
    ['a and (b or c)', '(a and b) or (a and c)'],
    ['not not a', 'a'],
    ['1 of them', 'a or b or c'],
    ['all of them', 'a and b and c'],
  ])('%s ≡ %s', (left, right) => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        expect(run(left, lines)).toEqual(run(right, lines))
      }),
      { seed: SEED, numRuns: 200 },
    )
  })
})

describe('the rule index', () => {
  it('never loses a match: indexed and exhaustive passes agree', () => {
    // Mostly whole words (which become trigger words), some wildcards and word fragments.
    const piece = fc.oneof({ arbitrary: fc.constantFrom(...WORDS), weight: 4 }, { arbitrary: fc.constantFrom('*', '?', ' ', '/', '-', 'ro', 'et'), weight: 2 })
    const value = fc.array(piece, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(''))
    const short = fc.array(fc.constantFrom(...WORDS, ' ', '-', 'x'), { maxLength: 3 }).map((ws) => ws.join(' '))
    const mod = fc.constantFrom('', '|contains', '|startswith', '|endswith', '|contains|all', '|windash')
    const field = fc.constantFrom('User', 'CommandLine', 'msg', 'nested.key', '|contains')
    const rule = fc.record({ field, mod, values: fc.array(value, { minLength: 1, maxLength: 3 }), negate: fc.boolean() })
    const rawOf = fc.oneof(
      short,
      fc.record({ msg: short, nested: fc.record({ key: short }) }).map((o) => JSON.stringify(o)),
      // JSON escapes split words in the raw text: \n, and letters written as \u0061.
      short.map((l) => JSON.stringify({ msg: l.replace(/ /g, '\n') })),
      short.map((l) => `{"msg":"${l.replace(/a/g, '\\u0061')}"}`),
    )
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 5 }), fc.array(fc.tuple(rawOf, fc.option(short), fc.option(short)), { maxLength: 10 }), (rules, rows) => {
        const text = rules
          .map((r, i) => {
            const key = r.field === '|contains' ? '|contains' : `${r.field}${r.mod}`
            const vals = r.values.map((v) => `        - ${JSON.stringify(v)}`).join('\n')
            return `title: r${i}\nid: r${i}\ndetection:\n    sel:\n      '${key}':\n${vals}\n    other:\n      - zzz\n    condition: ${r.negate ? 'sel and not other' : 'sel or other'}\n`
          })
          .join('---\n')
        const set = setOf(text)
        const events = rows.map(([raw, user, command]) => ev(raw, { user, command }))
        expect(matchEvents(set, events, true)).toEqual(matchEvents(set, events, false))
      }),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('never loses a match on folded case, windash, Base64, JSON escapes and number forms', () => {
    // Characters where lowercasing, windash and JSON's own spellings could make a needle miss.
    const ch = fc.constantFrom('a', 'B', 'k', 'K', 'Σ', 'σ', 'ς', 'é', 'İ', 'i', '-', '/', '–', ' ', '1', '0', 'e', '.', '"', '\\', '_')
    const str = fc.array(ch, { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''))
    const wild = fc.array(fc.oneof({ arbitrary: ch, weight: 6 }, { arbitrary: fc.constantFrom('*', '?'), weight: 1 }), { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''))
    const value = fc.oneof(wild, fc.constantFrom(1000, 1, 1.5, 12345678901234567000))
    const mod = fc.constantFrom('', '|contains', '|startswith', '|endswith', '|windash', '|contains|windash', '|cased', '|contains|cased', '|base64', '|base64offset|contains', '|contains|all')
    const field = fc.constantFrom('User', 'Hostname', 'Port', 'msg', '|contains')
    const rule = fc.record({ field, mod, values: fc.array(value, { minLength: 1, maxLength: 3 }) })
    // A number as JSON may spell it: JavaScript reads 1e3 as 1000 and prints the long one as 1.2345678901234567e+19.
    const number = fc.constantFrom('1000', '1e3', '1000.0', '1.50', '15E-1', '12345678901234567890', '-0')
    const rawOf = fc.oneof(
      str,
      fc.tuple(str, number).map(([msg, port]) => `{"msg":${JSON.stringify(msg)},"Port":${port}}`),
      fc.tuple(str, str).map(([msg, user]) => `{"msg":"${[...msg].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}","User":${JSON.stringify(user)}}`),
    )
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(rawOf, fc.option(str), fc.option(str)), { maxLength: 8 }), (rules, rows) => {
        const text = rules
          .map((r, i) => {
            const key = r.field === '|contains' ? '|contains' : `${r.field}${r.mod}`
            const vals = r.values.map((v) => `        - ${JSON.stringify(v)}`).join('\n')
            return `title: r${i}\nid: r${i}\ndetection:\n    sel:\n      '${key}':\n${vals}\n    condition: sel\n`
          })
          .join('---\n')
        const set = setOf(text)
        const events = rows.map(([raw, user, host]) => ev(raw, { user, ...(host === null ? {} : { host }) }))
        expect(matchEvents(set, events, true)).toEqual(matchEvents(set, events, false))
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })
})
