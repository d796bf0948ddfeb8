/**
 * Load: 10 files appended by another process at a fixed combined rate while Vigil watches them.
 * Nothing may be lost or stored twice (exact counts), memory stays bounded, latency is reported.
 * The normal suite runs 5 s; `VIGIL_SOAK=1 npx vitest run test/durability/soak.test.ts` runs the
 * full 60 s at 20,000 lines/s (`vigil bench` reports the same figures).
 */
import { describe, expect, it } from 'vitest'
import { soakLive, type SoakResult } from '../../src/cli/commands/benchLive'

const full = process.env.VIGIL_SOAK === '1'
/** A shorter full-rate soak while iterating: `VIGIL_SOAK_SECONDS=20`. */
const seconds = Number(process.env.VIGIL_SOAK_SECONDS ?? 60)

function report(name: string, r: SoakResult): void {
  // The figures are the point of a soak: printed for the person who ran it.
  process.stdout.write(
    `${name}: written ${r.written} (${Math.round(r.writeRate)}/s), stored ${r.stored}, lost ${r.lost}, processed ${Math.round(r.processRate)}/s; latency p50 ${r.p50} ms p95 ${r.p95} ms p99 ${r.p99} ms max ${r.maxMs} ms; ` +
      `rss start ${r.rssStartMB.toFixed(0)} MB max ${r.rssMaxMB.toFixed(0)} MB end ${r.rssEndMB.toFixed(0)} MB, heap max ${r.heapMaxMB.toFixed(0)} MB; drain ${r.drainMs} ms; rss every 5 s ${r.rssTimelineMB.join(' ')} MB\n`,
  )
}

describe('soak: watching 10 files under a steady write load', () => {
  it.skipIf(full)('5 s at 10,000 lines/s: every line stored once', async () => {
    const r = await soakLive({ files: 10, linesPerSec: 10_000, seconds: 5, drainTimeoutMs: 30_000 })
    report('soak 5 s', r)
    expect(r.written).toBe(50_000)
    expect(r.stored).toBe(r.written)
    expect(r.heapMaxMB).toBeLessThan(1_000)
  })

  it.runIf(full)(`${seconds} s at 20,000 lines/s: every line stored once, memory bounded`, async () => {
    const r = await soakLive({ files: 10, linesPerSec: 20_000, seconds, drainTimeoutMs: 400_000 })
    report(`soak ${seconds} s`, r)
    expect(r.written).toBe(20_000 * seconds)
    expect(r.stored).toBe(r.written)
    // Bounded: live batches are capped (20,000 lines, 1 MiB read windows), so the JS heap does not
    // grow with the backlog; RSS also holds SQLite's 64 MB cache (the store is a file, as in the
    // app) and allocator slack.
    expect(r.heapMaxMB).toBeLessThan(1_000)
    expect(r.rssMaxMB).toBeLessThan(1_500)
  }, 600_000)
})
