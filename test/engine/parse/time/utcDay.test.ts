import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scanIsoTimestamp } from '../../../../src/engine/parse/time/isoTime'
import { utcDayMs } from '../../../../src/engine/parse/time/utcDay'

const UTC = (ms: number): number => ms

describe('utcDayMs: Date.UTC of a day, remembered for the next line', () => {
  it('plus the time of day equals Date.UTC with all seven fields, also on roll-overs (day 31, hour 24, second 60) and the years 0-99 Date.UTC moves to 19xx', () => {
    const field = fc.record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.integer({ min: 0, max: 11 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 24 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 60 }),
      ms: fc.integer({ min: 0, max: 999 }),
    })
    // Runs of calls, so the remembered day is both reused and replaced.
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 20 }), (times) => {
        for (const t of times) {
          const expected = Date.UTC(t.year, t.month, t.day, t.hour, t.minute, t.second, t.ms)
          expect(utcDayMs(t.year, t.month, t.day) + ((t.hour * 60 + t.minute) * 60 + t.second) * 1000 + t.ms).toBe(expected)
          expect(utcDayMs(t.year, t.month, t.day)).toBe(Date.UTC(t.year, t.month, t.day))
        }
      }),
    )
  })

  it('leaves scanIsoTimestamp reading what Date.parse reads', () => {
    const iso = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString())
    fc.assert(
      fc.property(fc.array(iso, { minLength: 1, maxLength: 10 }), (texts) => {
        for (const s of texts) expect(scanIsoTimestamp(s, 0, UTC)?.ms).toBe(Date.parse(s))
      }),
    )
    expect(scanIsoTimestamp('2026-02-31T24:00:00Z', 0, UTC)?.ms).toBe(Date.UTC(2026, 1, 31, 24))
    expect(scanIsoTimestamp('2026-03-16T00:01:21.019+02:00', 0, UTC)?.ms).toBe(Date.parse('2026-03-16T00:01:21.019+02:00'))
  })
})
