/**
 * The big-document figure of `vigil bench json-doc`: a generated pretty-printed JSON document
 * (`{"events": [...]}`, two-space indent, one record every ~300 bytes) of a given size, parsed the
 * way a huge file is (events handed on in batches, not kept), with the time, the records found and
 * the peak resident memory, which must not grow with the document.
 */
import { once } from 'node:events'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseFile } from './parseFile'

export interface DocumentParseBench {
  fileMB: number
  /** Records written into the document. */
  records: number
  /** Events parsed, and how many of them were not understood ('other'). */
  events: number
  other: number
  /** Events whose user and source IP came through (every record has both). */
  withUserAndIp: number
  seconds: number
  MBPerSec: number
  /** CPU seconds of this process during the parse, and MB per CPU second: the figure a loaded, shared machine does not distort. */
  cpuSeconds: number
  MBPerCpuSec: number
  rssBeforeMB: number
  rssPeakMB: number
}

const T0 = Date.UTC(2026, 0, 5)

function recordText(i: number): string {
  const r = {
    timestamp: new Date(T0 + i * 1000).toISOString(),
    event_type: i % 10 === 9 ? 'login_success' : 'login_failed',
    user: `user${i % 97}`,
    src_ip: `198.51.100.${i % 250}`,
    host: `web${i % 4}`,
    message: `authentication attempt ${i} via sshd`,
  }
  return JSON.stringify(r, null, 2).replace(/^/gm, '    ')
}

/** Writes about `mb` MB of pretty JSON to `path`; returns how many records it holds. */
async function writeDocument(path: string, mb: number): Promise<number> {
  const out = createWriteStream(path)
  out.write('{\n  "generator": "vigil bench",\n  "events": [\n')
  let written = 0
  let records = 0
  while (written < mb * 1e6) {
    const parts: string[] = []
    for (let k = 0; k < 10_000; k++) parts.push(recordText(records++))
    const text = `${written === 0 ? '' : ',\n'}${parts.join(',\n')}`
    written += Buffer.byteLength(text)
    if (!out.write(text)) await once(out, 'drain')
  }
  out.write('\n  ]\n}\n')
  out.end()
  await once(out, 'finish')
  return records
}

/** Generates a `mb` MB pretty JSON document in a temporary folder, streams it through `parseFile`, and removes it. */
export async function benchDocumentParse(mb: number): Promise<DocumentParseBench> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-doc-'))
  try {
    const path = join(dir, 'events.json')
    const records = await writeDocument(path, mb)
    const st = statSync(path)
    const rss = (): number => process.memoryUsage().rss / 1e6
    global.gc?.()
    const rssBeforeMB = rss()
    let rssPeakMB = rssBeforeMB
    const sampler = setInterval(() => (rssPeakMB = Math.max(rssPeakMB, rss())), 50)
    let events = 0
    let other = 0
    let withUserAndIp = 0
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const parsed = await parseFile(
      { absPath: path, relPath: 'events.json', size: st.size, mtimeMs: st.mtimeMs, dev: st.dev, ino: st.ino, compressed: false },
      {
        timeZone: 'UTC',
        onEvents: (batch) => {
          events += batch.length
          for (const e of batch) {
            if (e.event === 'other') other++
            if (e.user !== null && e.src_ip !== null) withUserAndIp++
          }
        },
      },
    )
    const seconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    clearInterval(sampler)
    rssPeakMB = Math.max(rssPeakMB, rss())
    if (parsed.problem) throw new Error(parsed.problem.message)
    return { fileMB: st.size / 1e6, records, events, other, withUserAndIp, seconds, MBPerSec: st.size / 1e6 / seconds, cpuSeconds, MBPerCpuSec: st.size / 1e6 / cpuSeconds, rssBeforeMB, rssPeakMB }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
