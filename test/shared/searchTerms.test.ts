// The quick filter's terms (words, "phrases", prefix*) and where they match in a raw line.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasWordPrefix, matchRanges, parseSearchTerms } from '../../src/shared/searchTerms'

describe('parseSearchTerms', () => {
  it('splits words, keeps quoted phrases whole and reads a final * as a prefix', () => {
    expect(parseSearchTerms('  root  "port 59098" Accept* ')).toEqual([
      { kind: 'substring', text: 'root' },
      { kind: 'substring', text: 'port 59098' },
      { kind: 'prefix', text: 'Accept' },
    ])
    // An unclosed quote runs to the end; a lone or doubled star is literal; empty phrases vanish.
    expect(parseSearchTerms('"Failed pass')).toEqual([{ kind: 'substring', text: 'Failed pass' }])
    expect(parseSearchTerms('* a** ""')).toEqual([
      { kind: 'substring', text: '*' },
      { kind: 'substring', text: 'a**' },
    ])
  })

  it('never loses a word: every non-space run of a quote-free input is a term', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[^\s"*]{1,8}$/), { maxLength: 6 }), (words) => {
        expect(parseSearchTerms(words.join('  ')).map((t) => t.text)).toEqual(words)
      }),
      { seed: 12 },
    )
  })
})

describe('matchRanges', () => {
  const raw = 'Mar 28 07:07:12 bastion-01 sshd[811]: Accepted password for root from 10.1.2.3 port 59098 ssh2'
  it('finds phrases case-insensitively and prefixes only at a word start', () => {
    const [[a, b]] = matchRanges(raw, parseSearchTerms('"PORT 59098"'))
    expect(raw.slice(a, b)).toBe('port 59098')
    expect(matchRanges(raw, parseSearchTerms('accept*')).map(([s, e]) => raw.slice(s, e))).toEqual(['Accept'])
    expect(matchRanges(raw, parseSearchTerms('ccept*'))).toEqual([])
    expect(hasWordPrefix(raw, 'bast')).toBe(true)
    expect(hasWordPrefix(raw, 'astion')).toBe(false)
  })

  it('merges overlapping matches into sorted, disjoint ranges', () => {
    expect(matchRanges('aaaa', parseSearchTerms('aa aaa'))).toEqual([[0, 4]])
    expect(matchRanges('root from root', parseSearchTerms('root from'))).toEqual([
      [0, 4],
      [5, 9],
      [10, 14],
    ])
  })

  it('keeps offsets true where lower case changes a letter\'s length', () => {
    const text = 'İstanbul login'
    const [[a, b]] = matchRanges(text, parseSearchTerms('login'))
    expect(text.slice(a, b)).toBe('login')
  })
})
