/** Needles of patterns and the automaton that finds them: what the rule index stands on. */
import { describe, expect, it } from 'vitest'
import { NeedleAutomaton } from '../../../src/engine/sigma/NeedleAutomaton'
import { needleOf } from '../../../src/engine/sigma/needles'

const found = (a: NeedleAutomaton, needles: readonly string[], text: string): string[] => {
  const ids = new Set<number>()
  a.scan(text, (id) => ids.add(id))
  return [...ids].sort((x, y) => x - y).map((id) => needles[id])
}

describe('needleOf', () => {
  it('takes a literal piece between wildcards, lowercased, the rarest one', () => {
    expect(needleOf('*Curl -O *')?.text).toBe('curl -o ')
    // Common words lose to a rare one, wherever it stands.
    expect(needleOf('Failed password for * 203.0.113.9*')?.text).toBe('203.0.11')
    expect(needleOf('root?ssh?wget')?.text).toBe('wget')
  })

  it('cuts a long piece to its most telling window', () => {
    expect(needleOf('failed password for invalid user oracle')?.text).toBe('r oracle')
  })

  it('has none when the pattern holds no literal text', () => {
    expect(needleOf('*')).toBeNull()
    expect(needleOf('?*?')).toBeNull()
  })

  it('stops at dashes and slashes under windash (a "-" of the rule may be a "/" of the event)', () => {
    expect(needleOf('-ExecutionPolicy bypass', /[-/\u2013\u2014\u2015]/g)?.text).toBe('executio')
    expect(needleOf('a-bc/defgh', /[-/\u2013\u2014\u2015]/g)?.text).toBe('defgh')
  })
})

describe('NeedleAutomaton', () => {
  const needles = ['he', 'she', 'his', 'hers', 'σκ', 'c:\\temp']

  it('finds every needle a text holds, overlapping ones too', () => {
    const a = new NeedleAutomaton(needles)
    expect(found(a, needles, 'ushers')).toEqual(['he', 'she', 'hers'])
    expect(found(a, needles, 'this')).toEqual(['his'])
    expect(found(a, needles, 'nothing here')).toEqual(['he'])
    expect(found(a, needles, 'xyz')).toEqual([])
  })

  it('reads capitals as small letters, outside ASCII too', () => {
    const a = new NeedleAutomaton(needles)
    expect(found(a, needles, 'USHERS in C:\\TEMP')).toEqual(['he', 'she', 'hers', 'c:\\temp'])
    expect(found(a, needles, 'ΣΚ and SHE')).toEqual(['he', 'she', 'σκ'])
  })

  it('cuts needles shorter when the table would be too big: more texts hold them, none is lost', () => {
    const long = ['abcdefghijkl', 'mnopqrstuvwx']
    const a = new NeedleAutomaton(long, 100)
    expect(a.needleLength).toBeLessThan(12)
    expect(found(a, long, 'xx abcdefghijkl yy')).toEqual(['abcdefghijkl'])
    // Only the cut part is looked for now: a text holding it reports the needle.
    expect(found(a, long, 'mnopqrs'.slice(0, a.needleLength))).toEqual(['mnopqrstuvwx'])
    expect(found(a, long, 'nothing')).toEqual([])
  })
})
