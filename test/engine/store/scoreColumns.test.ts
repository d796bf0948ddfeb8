import { afterEach, describe, expect, it } from 'vitest'
import { Store, type FileState, type KeyedEvent } from '../../../src/engine/store/Store'
import type { NoneScoreColumns } from '../../../src/engine/store/scoreColumns'
import { ROWS_PER_MESSAGE } from '../../../src/engine/store/writerThread'
import type { EventScore } from '../../../src/shared/finding'
import { makeEvent, makeScore } from './makeEvent'

const fileState = (sourceId: number, lines: number): FileState => ({
  sourceId, relPath: 'auth.log', dev: 1, ino: lines, size: 100, mtimeMs: 1000, offset: 100, compressed: false, format: 'auth',
  lines, events: lines, unparsed: 0, lastEventTs: null, status: 'scanned', message: null, csvHeader: null,
})

const keyed = (n: number): KeyedEvent[] =>
  Array.from({ length: n }, (_, i) => ({ key: `k${i}`, event: makeEvent({ source_line: i + 1, ts: Date.UTC(2025, 2, 1, 12, 0, i), raw: `line ${i}` }) }))

/** Detector scores of event `id` below LOW: varied digits, and an infinite one (written as null, as JSON does). */
const detectorsOf = (id: number): [number, number, number] => [Math.round((id % 97) * 10_000 / 97) / 10_000, id % 50 === 0 ? Number.POSITIVE_INFINITY : 0.1234, id % 3 === 0 ? 0.6 : 0]
/** Every 7th event is a finding; the others are NONE. */
const isFinding = (id: number): boolean => id % 7 === 0

/** Stores `n` events and scores them, as objects (writeScoreList) or with the NONE rows as columns. */
function scored(s: Store, n: number, asColumns: boolean): { scores: unknown[]; pending: number; stats: unknown } {
  const src = s.addSource('/logs', 1)
  s.beginBulkLoad()
  const ids = s.commitFile(fileState(src, n), keyed(n)).inserted.map((r) => r.id)
  const model = s.reserveModel(5)
  const detectors = ['iforest', 'statistical', 'rules'] as const
  const scoreOf = (id: number): EventScore => {
    const d = detectorsOf(id)
    const detector_scores = { iforest: d[0], statistical: d[1], rules: d[2] }
    return isFinding(id) ? makeScore(0.9, { detector_scores }) : makeScore(id / n / 3, { detector_scores })
  }
  if (!asColumns) s.writeScoreList(ids, ids.map(scoreOf), 'v18', model, true)
  else {
    const none = ids.filter((id) => !isFinding(id))
    const columns: NoneScoreColumns = {
      ids: Float64Array.from(none),
      score: Float64Array.from(none, (id) => id / n / 3),
      detectors,
      detectorScores: Float64Array.from(none.flatMap(detectorsOf)),
    }
    const findings = ids.filter(isFinding)
    s.writeFreshScoreColumns(columns, findings, findings.map(scoreOf), 'v18', model)
  }
  s.finishBulkLoad(true)
  const db = s['db']
  return {
    scores: db.prepare('SELECT * FROM scores ORDER BY event_id').all(),
    pending: s.findingsTextPending(),
    stats: s.stats(),
  }
}

describe('scores below LOW written as columns (scoreColumns.ts)', () => {
  const stores: Store[] = []
  afterEach(() => {
    for (const s of stores.splice(0)) s.close()
  })
  const open = (scratch: boolean): Store => {
    const s = scratch ? Store.openScratch() : Store.open(':memory:')
    stores.push(s)
    return s
  }

  it('store the same rows as the same scores written as objects, on the writer thread and on this connection', () => {
    // More rows than one message holds, so the columns and the findings travel apart.
    const n = ROWS_PER_MESSAGE + 300
    const reference = scored(open(false), n, false)
    expect(scored(open(true), n, true)).toEqual(reference)
    expect(scored(open(false), n, true)).toEqual(reference)
    const rows = reference.scores as { event_id: number; severity: string; detector_scores: string; episode: string | null }[]
    expect(rows).toHaveLength(n)
    expect(reference.pending).toBe(Math.floor(n / 7))
    // Event 50: a NONE row, its infinite detector score written as null.
    expect(rows[49]).toMatchObject({ event_id: 50, severity: 'NONE', detector_scores: '{"iforest":0.5155,"statistical":null,"rules":0}', episode: null })
    expect(rows[6]).toMatchObject({ event_id: 7, severity: 'HIGH', detector_scores: '{"iforest":0.0722,"statistical":0.1234,"rules":0}' })
  })
})
