import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LineSplitter } from '../../../src/engine/ingest/LineSplitter'

function split(chunks: string[], max?: number): [string, number, number][] {
  const out: [string, number, number][] = []
  const s = new LineSplitter((line, no, truncatedFrom) => out.push([line, no, truncatedFrom]), max)
  for (const c of chunks) s.push(c)
  s.end()
  return out
}

describe('LineSplitter', () => {
  it('splits LF and CRLF, keeps blank lines numbered, emits a last line without newline', () => {
    expect(split(['a\r\nb\n\nc'])).toEqual([
      ['a', 1, 0],
      ['b', 2, 0],
      ['', 3, 0],
      ['c', 4, 0],
    ])
  })

  it('gives no phantom line after a final newline, and nothing for empty input', () => {
    expect(split(['a\n'])).toEqual([['a', 1, 0]])
    expect(split([''])).toEqual([])
  })

  it('joins lines split across chunks, including a CR/LF pair split between chunks', () => {
    expect(split(['ab', 'c\r', '\nd', 'e'])).toEqual([
      ['abc', 1, 0],
      ['de', 2, 0],
    ])
  })

  it('bounds a giant line: keeps the first max characters, reports its full length, goes on', () => {
    const giant = 'x'.repeat(10_000)
    const out = split([giant.slice(0, 3000), giant.slice(3000), '\nnext\n'], 100)
    expect(out).toEqual([
      ['x'.repeat(100), 1, 10_000],
      ['next', 2, 0],
    ])
    expect(split([`${'y'.repeat(500)}\nok`], 100)).toEqual([
      ['y'.repeat(100), 1, 500],
      ['ok', 2, 0],
    ])
    expect(split(['z'.repeat(300)], 100)).toEqual([['z'.repeat(100), 1, 300]])
  })

  it('gives the same lines however the text is cut into chunks (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', ' ', 'é') }), fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
        const chunks: string[] = []
        let prev = 0
        for (const p of points) {
          chunks.push(text.slice(prev, p))
          prev = p
        }
        chunks.push(text.slice(prev))
        expect(split(chunks)).toEqual(split([text]))
        const expected = text.length === 0 ? [] : text.replace(/\n$/, '').split('\n').map((l) => l.replace(/\r$/, ''))
        expect(split([text]).map((l) => l[0])).toEqual(expected)
      }),
      { numRuns: 300, seed: 42 },
    )
  })
})
