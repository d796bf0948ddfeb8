/** The end-to-end figures of `vigil bench`: a full scan of a generated folder, and a first-scan bulk load. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../../engine/api/createEngine'
import { generateDataset } from '../../engine/generate/generateDataset'
import { benchEvents } from '../../engine/store/bench'
import { Store } from '../../engine/store/Store'

export interface ScanBench {
  files: number
  events: number
  ms: number
  eventsPerSec: number
  /** Resident memory after the scan (the store is in memory). */
  rssMB: number
}

/**
 * Generates `events` events (seeded; 14 days when there are a million or more, as `vigil
 * generate` does by default) and times discover + parse + store + analyse, as `vigil scan` runs it.
 */
export async function benchScan(events: number): Promise<ScanBench> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-scan-'))
  const engine = createEngine({ analyze: { seed: 42 } })
  try {
    // A hidden labels file: discovery skips it, so only logs are timed.
    await generateDataset({ outDir: dir, events, seed: 42, hosts: 4, days: events >= 1_000_000 ? 14 : 7, labelsFile: '.labels.csv' })
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

export interface BulkBench {
  events: number
  /** Events into an empty in-memory store, indexes deferred (a first scan). */
  insertMs: number
  insertPerSec: number
  /** Building the deferred indexes afterwards (what a watched or --db scan adds). */
  indexMs: number
}

/** Times the first-scan path of the store: a bulk load of `n` synthetic events, then its indexes. */
export function benchBulkInsert(n = 200_000): BulkBench {
  const store = Store.open(':memory:')
  try {
    const events = benchEvents(n)
    const sourceId = store.addSource('/bench', 0)
    const t0 = performance.now()
    store.beginBulkLoad()
    store.commitFile(
      {
        sourceId,
        relPath: 'auth.log',
        dev: 0,
        ino: 0,
        size: 0,
        mtimeMs: 0,
        offset: 0,
        compressed: false,
        format: 'auth',
        lines: n,
        events: n,
        unparsed: 0,
        lastEventTs: null,
        status: 'scanned',
        message: null,
        csvHeader: null,
      },
      events,
    )
    const t1 = performance.now()
    store.finishBulkLoad(true)
    const t2 = performance.now()
    return { events: n, insertMs: t1 - t0, insertPerSec: n / ((t1 - t0) / 1000), indexMs: t2 - t1 }
  } finally {
    store.close()
  }
}
