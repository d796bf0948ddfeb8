import { describe, expect, it } from 'vitest'
import { repeatsOuterKey } from '../../../../src/engine/parse/json/repeatsOuterKey'

describe('repeatsOuterKey: a wrapper key named twice, which JSON.parse would collapse', () => {
  it('finds a key repeated in the top-level object or an object directly in it', () => {
    expect(repeatsOuterKey('{"Records":[1],"Records":[2]}')).toBe(true)
    expect(repeatsOuterKey('{"took":1,"hits":{"hits":[1], "total":2,\n  "hits" :[2]}}')).toBe(true)
  })
  it('ignores keys repeated inside records, in arrays and in other objects, and string values', () => {
    expect(repeatsOuterKey('{"Records":[{"user":"a","user":"b"}],"count":1}')).toBe(false)
    expect(repeatsOuterKey('[{"Records":1,"Records":2}]')).toBe(false)
    expect(repeatsOuterKey('{"a":{"b":{"c":1,"c":2}}}')).toBe(false)
    expect(repeatsOuterKey('{"note":"Records","Records":[1]}')).toBe(false)
    expect(repeatsOuterKey('{"a":{"x":1},"b":{"x":2}}')).toBe(false)
  })
  it('reads escaped quotes and braces inside strings as text', () => {
    expect(repeatsOuterKey('{"msg":"say \\"hi\\": {\\"Records\\":1}","Records":[1]}')).toBe(false)
    expect(repeatsOuterKey('{"k\\"":1,"k\\"":2}')).toBe(true)
  })
})
