/** The end-to-end figure of `vigil bench`: a full scan of a generated, labeled log folder. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../../engine/api/createEngine'
import { generateDataset } from '../../engine/generate/generateDataset'

export interface ScanBench {
  files: number
  events: number
  ms: number
  eventsPerSec: number
  /** Resident memory after the scan (the store is in memory). */
  rssMB: number
}

/** Generates `events` events (seeded) and times discover + parse + store + analyse. */
export async function benchScan(events: number): Promise<ScanBench> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-scan-'))
  const engine = createEngine({ analyze: { seed: 42 } })
  try {
    // A hidden labels file: discovery skips it, so only logs are timed.
    await generateDataset({ outDir: dir, events, seed: 42, hosts: 4, days: 7, labelsFile: '.labels.csv' })
    const t0 = performance.now()
    const res = await engine.scan([dir])
    const ms = performance.now() - t0
    if (!res.ok) throw new Error(res.error.message)
    return {
      files: res.value.files,
      events: res.value.events,
      ms,
      eventsPerSec: res.value.events / (ms / 1000),
      rssMB: process.memoryUsage().rss / 1e6,
    }
  } finally {
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
