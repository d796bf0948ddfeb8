import { describe, expect, it } from 'vitest'
import { benchParse } from '../../../src/engine/parse/bench'
import { jsonlCorpus, syslogCorpus } from '../../../src/engine/parse/benchCorpus'

describe('benchParse', () => {
  it('reports positive throughput on a small generated corpus, every line understood', () => {
    const r = benchParse(5000)
    expect(r.lines).toBe(5000)
    expect(r.syslogUnparsed).toBe(0)
    expect(r.jsonlUnparsed).toBe(0)
    for (const v of [r.syslogLinesPerSec, r.syslogMBPerSec, r.jsonlLinesPerSec, r.jsonlMBPerSec]) expect(v).toBeGreaterThan(0)
  })

  it('generates the same corpus for the same seed', () => {
    expect(syslogCorpus(50, 3)).toEqual(syslogCorpus(50, 3))
    expect(jsonlCorpus(50, 3)).toEqual(jsonlCorpus(50, 3))
    expect(syslogCorpus(50, 3)).not.toEqual(syslogCorpus(50, 4))
  })
})
