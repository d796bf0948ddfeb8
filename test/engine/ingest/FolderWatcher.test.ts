/**
 * The folder watcher's reports. chokidar passes on one 'change' per file per 50 ms and drops the
 * rest; the watcher also reports a known file's native (raw) events, so a line appended right
 * after another is news at once instead of waiting for the live reader's trailing look.
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FolderWatcher } from '../../../src/engine/ingest/FolderWatcher'
import { isLogFileName } from '../../../src/engine/ingest/logFileName'
import { waitUntil } from '../api/watchHelpers'
import { useTempDir } from './tempDir'

const LINE = 'Mar  1 10:00:00 web1 sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2\n'

interface Report {
  path: string
  kind: 'add' | 'change'
  at: number
}

const tempDir = useTempDir()

describe('FolderWatcher', () => {
  const watchers: FolderWatcher[] = []
  afterEach(async () => {
    for (const w of watchers.splice(0)) await w.close()
  })

  async function watch(dir: string, settleMs: number, onReport: (r: Report) => void = () => undefined): Promise<Report[]> {
    const reports: Report[] = []
    const w = await FolderWatcher.start(
      dir,
      isLogFileName,
      {
        onFile: (path, kind) => {
          const r = { path, kind, at: performance.now() }
          reports.push(r)
          onReport(r)
        },
        onUnlink: () => undefined,
        onProblem: () => undefined,
      },
      { settleMs },
    )
    watchers.push(w)
    return reports
  }

  it('reports a line appended right after another, inside chokidar’s 50 ms change throttle', async () => {
    const dir = tempDir()
    const log = join(dir, 'auth.log')
    writeFileSync(log, LINE)
    let secondAppended = false
    let reportsAtSecond = 0
    const reports = await watch(dir, 50, (r) => {
      // At the first report chokidar's throttle window for the file has just opened: append again.
      if (r.path === log && !secondAppended) {
        secondAppended = true
        reportsAtSecond = reports.length
        appendFileSync(log, LINE)
      }
    })
    const before = reports.length
    appendFileSync(log, LINE)
    await waitUntil(() => secondAppended, 'the first report')
    expect(reportsAtSecond).toBeGreaterThan(before)
    // Reported again after the second append (chokidar alone would stay silent until a third write).
    await waitUntil(() => reports.length > reportsAtSecond, 'a report after the second append', 2_000)
    expect(reports.every((r) => r.path === log && r.kind === 'change')).toBe(true)
  })
})
