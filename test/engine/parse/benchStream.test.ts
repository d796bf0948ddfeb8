import { describe, expect, it } from 'vitest'
import { benchStreamParse } from '../../../src/engine/parse/benchStream'

describe('benchStreamParse', () => {
  it('streams a generated auth.log from disk: every line an understood event, figures filled in', async () => {
    const r = await benchStreamParse(8)
    expect(r.fileMB).toBeGreaterThanOrEqual(8)
    expect(r.lines).toBeGreaterThan(60_000)
    expect(r.events).toBe(r.lines)
    expect(r.unparsed).toBe(0)
    expect(r.linesPerSec).toBeGreaterThan(0)
    expect(r.rssPeakMB).toBeGreaterThanOrEqual(r.rssBeforeMB)
  }, 60_000)
})
