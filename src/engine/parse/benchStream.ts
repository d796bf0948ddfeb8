/**
 * The big-file figure of `vigil bench`: a generated auth.log of a given size on disk, parsed the
 * way a huge file is (streaming: a year pass, then events handed on in batches and not kept), with
 * the time, the throughput and the peak resident memory, which must not grow with the file.
 */
import { once } from 'node:events'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { syslogCorpus } from './benchCorpus'
import { parseFile } from './parseFile'

export interface StreamParseBench {
  /** Size of the file parsed (decimal MB). */
  fileMB: number
  lines: number
  events: number
  unparsed: number
  seconds: number
  linesPerSec: number
  MBPerSec: number
  /** Resident memory before the parse and its peak during it (MB, sampled every 50 ms). */
  rssBeforeMB: number
  rssPeakMB: number
}

const CHUNK_LINES = 100_000

/** Writes about `mb` MB of generated syslog auth lines to `path`, in time order. */
async function writeCorpus(path: string, mb: number): Promise<void> {
  const out = createWriteStream(path)
  let written = 0
  for (let chunk = 0; written < mb * 1e6; chunk++) {
    // Each chunk goes on in time where the previous one ended (its lines are about 1 s apart).
    const text = `${syslogCorpus(CHUNK_LINES, chunk + 1, Date.UTC(2025, 0, 1) + chunk * CHUNK_LINES * 1000).join('\n')}\n`
    written += Buffer.byteLength(text)
    if (!out.write(text)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

/** Generates a `mb` MB auth.log in a temporary folder, streams it through `parseFile`, and removes it. */
export async function benchStreamParse(mb: number): Promise<StreamParseBench> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-stream-'))
  try {
    const path = join(dir, 'auth.log')
    await writeCorpus(path, mb)
    const st = statSync(path)
    const rss = (): number => process.memoryUsage().rss / 1e6
    global.gc?.()
    const rssBeforeMB = rss()
    let rssPeakMB = rssBeforeMB
    const sampler = setInterval(() => (rssPeakMB = Math.max(rssPeakMB, rss())), 50)
    let events = 0
    const t0 = performance.now()
    const parsed = await parseFile(
      { absPath: path, relPath: 'auth.log', size: st.size, mtimeMs: st.mtimeMs, dev: st.dev, ino: st.ino, compressed: false },
      { timeZone: 'UTC', onEvents: (batch) => void (events += batch.length) },
    )
    const seconds = (performance.now() - t0) / 1000
    clearInterval(sampler)
    rssPeakMB = Math.max(rssPeakMB, rss())
    if (parsed.problem) throw new Error(parsed.problem.message)
    return {
      fileMB: st.size / 1e6,
      lines: parsed.lines,
      events,
      unparsed: parsed.unparsed,
      seconds,
      linesPerSec: parsed.lines / seconds,
      MBPerSec: st.size / 1e6 / seconds,
      rssBeforeMB,
      rssPeakMB,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
