import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isMethodName, methodParams } from '../../src/shared/api'
import { emptyEvent, normalizedEventSchema } from '../../src/shared/event'
import { SEVERITIES, severityOf, severityRank } from '../../src/shared/finding'

describe('severity bands (DESIGN.md)', () => {
  it.each([
    [0, 'NONE'],
    [0.4999, 'NONE'],
    [0.5, 'LOW'],
    [0.6999, 'LOW'],
    [0.7, 'MEDIUM'],
    [0.8499, 'MEDIUM'],
    [0.85, 'HIGH'],
    [0.9499, 'HIGH'],
    [0.95, 'CRITICAL'],
    [1, 'CRITICAL'],
  ] as const)('score %f is %s', (score, severity) => {
    expect(severityOf(score)).toBe(severity)
  })

  it('is monotonic in the score', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        return severityRank(severityOf(lo)) <= severityRank(severityOf(hi))
      }),
    )
  })

  it('ranks NONE lowest and CRITICAL highest', () => {
    expect(SEVERITIES.map(severityRank)).toEqual([0, 1, 2, 3, 4])
  })
})

describe('API params schemas', () => {
  it('knows its methods and only those', () => {
    expect(isMethodName('findings.list')).toBe(true)
    expect(isMethodName('toString')).toBe(false)
    expect(isMethodName('__proto__')).toBe(false)
  })

  it('rejects unknown keys, wrong types and out-of-range values', () => {
    expect(methodParams['findings.list'].safeParse({ minSeverity: 'HIGH' }).success).toBe(true)
    expect(methodParams['findings.list'].safeParse({ minSeverity: 'SEVERE' }).success).toBe(false)
    expect(methodParams['findings.list'].safeParse({ extra: 1 }).success).toBe(false)
    expect(methodParams['triage.set'].safeParse({ id: 3, status: 'escalated', note: 'called the owner' }).success).toBe(true)
    expect(methodParams['triage.set'].safeParse({ id: -1, status: 'escalated' }).success).toBe(false)
    expect(methodParams['triage.set'].safeParse({ id: 1, status: 'closed' }).success).toBe(false)
    expect(methodParams['sources.open'].safeParse({ path: '' }).success).toBe(false)
    expect(methodParams['export.csv'].safeParse({ ids: [1, 2.5] }).success).toBe(false)
    expect(methodParams['app.info'].safeParse(null).success).toBe(false)
  })
})

describe('normalized event', () => {
  it('an empty event is valid and unparsed until a parser fills it', () => {
    const e = emptyEvent({ ts: 0, host: 'h', source_file: 'auth.log', source_line: 1, raw: 'x' })
    expect(normalizedEventSchema.parse(e)).toEqual(e)
    expect(e.event).toBe('other')
    expect(e.count).toBe(1)
  })
})
