/**
 * The live latency figures of `vigil bench` (append → scored event, single lines and bursts; the
 * sustained rate), printed for the person who ran them. Asserted: every line comes back scored
 * (the bench throws after 60 s otherwise); the p95 ≤ 200 ms target is reported, not asserted, as
 * a loaded test machine would make it flaky.
 */
import { describe, expect, it } from 'vitest'
import { benchLive } from '../../src/cli/commands/benchLive'

describe('live latency', () => {
  it('single lines and bursts are scored and pushed', async () => {
    const r = await benchLive(20, 200, 5)
    process.stdout.write(
      `live latency: singles p50 ${r.p50.toFixed(1)} ms p95 ${r.p95.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms; ` +
        `bursts of ${r.burstSize} p50 ${r.burstP50.toFixed(1)} ms p95 ${r.burstP95.toFixed(1)} ms p99 ${r.burstP99.toFixed(1)} ms; ` +
        `sustained ${Math.round(r.sustainedPerSec)}/s over ${r.sustainedLines} lines\n`,
    )
    expect(r.singles).toBe(20)
    expect(r.bursts).toBe(5)
    expect(r.p50).toBeGreaterThan(0)
    expect(r.sustainedPerSec).toBeGreaterThan(0)
  }, 120_000)
})
