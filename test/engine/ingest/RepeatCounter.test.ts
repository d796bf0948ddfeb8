import { describe, expect, it } from 'vitest'
import { RepeatCounter } from '../../../src/engine/ingest/RepeatCounter'
import { numberRepeats } from '../../../src/engine/parse/eventKey'

describe('RepeatCounter', () => {
  it('asks the store once per key, then keeps the count running across batches', () => {
    const asked: string[] = []
    const stored = new Map([['a', 3]])
    const counter = new RepeatCounter((key) => {
      asked.push(key)
      return stored.get(key) ?? 0
    })
    // Three tail batches of the same line, two copies each.
    const all: string[] = []
    for (let batch = 0; batch < 3; batch++) {
      const counts = new Map<string, number>()
      all.push(...numberRepeats(['a', 'a'], () => counter.stored('a'), counts))
      counter.committed(counts)
    }
    expect(all).toEqual(['a#3', 'a#4', 'a#5', 'a#6', 'a#7', 'a#8'])
    expect(asked).toEqual(['a'])
    expect(counter.stored('a')).toBe(9)
  })

  it('leaves a key it has not counted to the store (a first read numbers from 0)', () => {
    const counter = new RepeatCounter(() => 7)
    const counts = new Map<string, number>()
    numberRepeats(['b', 'b'], undefined, counts)
    counter.committed(counts)
    expect(counter.stored('b')).toBe(7)
  })

  it('forgets the least recently used keys past its bound', () => {
    let asked = 0
    const counter = new RepeatCounter(() => {
      asked++
      return 2
    }, 2)
    counter.stored('x')
    counter.stored('y')
    counter.stored('z')
    expect(asked).toBe(3)
    counter.stored('z')
    counter.stored('y')
    expect(asked).toBe(3)
    counter.stored('x')
    expect(asked).toBe(4)
  })
})
