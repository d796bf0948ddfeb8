import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ALIASES } from '../../../../src/engine/parse/json/aliases'
import { RecordFields, type FieldCategory, type JsonRecord } from '../../../../src/engine/parse/json/RecordFields'

const CATEGORIES = Object.keys(ALIASES) as FieldCategory[]
/** The categories that take an object or array as it is; the others take strings, numbers and booleans. */
const ANY_VALUE: ReadonlySet<FieldCategory> = new Set(['user', 'targetUser', 'outcome', 'host', 'command', 'errorCode', 'httpish'])

/**
 * The rule written out plainly: every (dotted, lower-cased) key path that is an alias of a
 * category gives it a value, best alias first, keys of equal rank in the order met.
 */
function expected(record: JsonRecord, category: FieldCategory): unknown[] {
  const found: { rank: number; value: unknown }[] = []
  const visit = (obj: JsonRecord, prefix: string, depth: number): void => {
    for (const key of Object.keys(obj)) {
      const value = obj[key]
      if (value === null || value === undefined || value === '') continue
      const path = prefix === '' ? key.toLowerCase() : `${prefix}.${key.toLowerCase()}`
      const rank = (ALIASES[category] as readonly string[]).indexOf(path)
      const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      if (rank >= 0 && (scalar || ANY_VALUE.has(category))) found.push({ rank, value })
      if (depth < 4 && typeof value === 'object' && !Array.isArray(value)) visit(value as JsonRecord, path, depth + 1)
    }
  }
  visit(record, '', 0)
  return found.sort((a, b) => a.rank - b.rank).map((f) => f.value)
}

describe('RecordFields: the values of each field category, best alias first', () => {
  it('reads nested, dotted and differently cased aliases, best first', () => {
    const view = new RecordFields({ User: 'b', user: { name: 'a' }, 'source.ip': '10.0.0.1', source: { ip: '10.0.0.2' }, Timestamp: 5, '@timestamp': 7 })
    // `user` takes objects too (an account object's name is read later): equal ranks keep key order.
    expect(view.all('user')).toEqual(['a', 'b', { name: 'a' }])
    expect(view.get('user')).toBe('a')
    expect(view.nthAlias('user', 1)).toBe('user')
    expect(view.all('srcIp')).toEqual(['10.0.0.1', '10.0.0.2'])
    expect(view.get('ts')).toBe(7)
    expect(view.count('ts')).toBe(2)
    expect(view.getString('ts')).toBe('7')
    expect(view.get('host')).toBeUndefined()
    expect(view.count('host')).toBe(0)
  })

  it('joins ECS keyword arrays for the type fields and ignores objects where a scalar belongs', () => {
    const view = new RecordFields({ event: { category: ['iam'], type: ['user', 'creation'] }, message: { nested: 1 } })
    expect(view.get('typeCategory')).toBe('iam')
    expect(view.get('typeDetail')).toBe('user creation')
    expect(view.get('message')).toBeUndefined()
  })

  it('agrees with the rule written out for records built from the aliases (scalar values, any case, nesting)', () => {
    const paths = [...new Set(Object.values(ALIASES).flat())]
    const keyOf = fc.tuple(fc.constantFrom(...paths), fc.boolean()).map(([p, upper]) => (upper ? p.toUpperCase() : p))
    const scalar = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean())
    // Dotted keys stay whole at the top level and become nested objects below it: both shapes occur.
    const record = fc.array(fc.tuple(keyOf, scalar, fc.boolean()), { maxLength: 25 }).map((entries) => {
      const r: JsonRecord = {}
      for (const [key, value, nest] of entries) {
        const parts = key.split('.')
        if (!nest || parts.length === 1) r[key] = value
        else {
          let at = r
          for (const part of parts.slice(0, -1)) {
            const next = at[part]
            if (typeof next !== 'object' || next === null || Array.isArray(next)) at[part] = {}
            at = at[part] as JsonRecord
          }
          at[parts.at(-1) as string] = value
        }
      }
      return r
    })
    fc.assert(
      fc.property(record, (r) => {
        const view = new RecordFields(r)
        for (const category of CATEGORIES) {
          const want = expected(r, category)
          const got = Array.from({ length: view.count(category) }, (_, i) => view.nth(category, i))
          expect(got).toEqual(want)
          expect(view.get(category)).toEqual(want[0])
        }
      }),
      { numRuns: 300 },
    )
  })
})
