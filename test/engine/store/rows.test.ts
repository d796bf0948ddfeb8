import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EVENT_COLUMNS, EVENT_PARAM_COUNT, eventFromRow, fillEventParams, findingFromRow, FINDING_EXTRA } from '../../../src/engine/store/rows'
import { Store } from '../../../src/engine/store/Store'
import { makeEvent, makeScore } from './makeEvent'

const text = fc.option(fc.string({ maxLength: 12 }), { nil: null })
const num = fc.option(fc.integer({ min: -1e6, max: 1e6 }), { nil: null })
/** Any event: every column with a value of its own, so a column read from another's place shows. */
const anyEvent = fc.record({
  ts: fc.integer({ min: 0, max: 2e12 }), host: fc.string({ maxLength: 8 }), source_file: fc.string({ maxLength: 8 }), source_line: fc.nat(),
  program: text, pid: num, event: fc.constantFrom('auth_failure', 'auth_success', 'other'), outcome: fc.constantFrom('failure', 'success', 'unknown'),
  user: text, target_user: text, src_ip: text, src_port: num, auth_method: text, command: text, bytes: num, country: text, lat: num, lon: num,
  raw: fc.string({ maxLength: 40 }), count: fc.integer({ min: 1, max: 9 }), key_type: text, key_fingerprint: text,
}).map((e) => makeEvent(e as Parameters<typeof makeEvent>[0]))

describe('the row mapper (rows.ts): one column list, both ways', () => {
  it('reads back every column an event was written with (property)', () => {
    fc.assert(
      fc.property(anyEvent, fc.nat(), (e, id) => {
        const out = new Array<unknown>(EVENT_PARAM_COUNT)
        expect(fillEventParams(out, 0, id + 1, 'k', 7, e)).toBe(EVENT_PARAM_COUNT)
        // A row as read: id, key, then the event's columns (file_id is not selected).
        const row = [out[0], out[1], ...out.slice(3)]
        expect(eventFromRow(row)).toEqual(e)
        const finding = findingFromRow([...row, ...FINDING_EXTRA.map(() => null)])
        expect(finding).toMatchObject({ ...e, id: id + 1, score: 0, severity: 'NONE', status: 'new' })
        // The JSON report writes a finding's fields in this order: the event's columns, then the finding's.
        const findingFields = ['id', 'score', 'severity', 'threat_type', 'mitre_techniques', 'mitre_tactics', 'detector_scores', 'reasons', 'attack_version', 'status', 'note', 'episode']
        expect(Object.keys(finding)).toEqual([...EVENT_COLUMNS, ...findingFields])
        const tagged = [...row, ...FINDING_EXTRA.map((c) => (c === 's.sigma_rules' ? 'r1 r2' : c === 't.tags' ? 'a b' : c === 't.color' ? 'red' : null))]
        expect(Object.keys(findingFromRow(tagged))).toEqual([...EVENT_COLUMNS, ...findingFields, 'sigma_rules', 'tags', 'color'])
      }),
    )
    expect(EVENT_PARAM_COUNT).toBe(3 + EVENT_COLUMNS.length)
  })

  it('stores and reads back events and findings through SQLite unchanged', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { minLength: 1, maxLength: 70 }), (events) => {
        const s = Store.open(':memory:')
        const src = s.addSource('/logs', 1)
        const { inserted } = s.commitFile({ sourceId: src, relPath: 'a.log', dev: 1, ino: 1, size: 1, mtimeMs: 1, offset: 1, compressed: false, format: 'auth', lines: 1, events: 1, unparsed: 0, lastEventTs: null, status: 'scanned', message: null, csvHeader: null }, events.map((event, i) => ({ key: `k${i}`, event })))
        s.writeScores(inserted.map((x) => ({ eventId: x.id, score: makeScore(0.95) })), 'v17', null)
        for (const x of inserted) {
          expect(s.committedEventById(x.id)).toEqual(events[x.index])
          expect(s.finding(x.id)).toMatchObject({ ...events[x.index], score: 0.95, severity: 'CRITICAL', threat_type: 'brute_force', reasons: ['5 failed passwords from 10.0.0.1 in 1 min'] })
        }
        s.close()
      }),
      { numRuns: 25 },
    )
  })
})
