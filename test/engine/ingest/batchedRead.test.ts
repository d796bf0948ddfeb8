/**
 * A first scan reads a big file in batches, each stored as it comes (issue 10): the store must end
 * up exactly as after a one-shot read — events, keys (identical lines numbered across a batch
 * boundary), offsets and line counts — for syslog, JSON lines and gzip alike.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultPipeline } from '../../../src/engine/api/defaultPipeline'
import { ingestFile, type IngestDeps } from '../../../src/engine/ingest/ingestFile'
import { discoverFiles } from '../../../src/engine/ingest/discoverFiles'
import { Store } from '../../../src/engine/store/Store'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const failure = (sec: number): string => `2025-03-01T10:00:${String(sec % 60).padStart(2, '0')}.000000+00:00 web1 sshd[4242]: Failed password for root from 203.0.113.7 port 50000 ssh2`
const login = (i: number): string => JSON.stringify({ ts: `2025-03-01T11:${String(i % 60).padStart(2, '0')}:00Z`, user: `u${i % 5}`, src_ip: `198.51.100.${i % 7}`, event: 'login_success' })

/** A folder of 47 syslog lines (identical runs of 3 across the 5-event batch boundaries), 23 JSON lines, a gzip copy and a line without its newline. */
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-batched-'))
  dirs.push(dir)
  const syslog = Array.from({ length: 47 }, (_, i) => failure(Math.floor(i / 3)))
  writeFileSync(join(dir, 'auth.log'), syslog.map((l) => `${l}\n`).join(''))
  writeFileSync(join(dir, 'audit.jsonl'), Array.from({ length: 23 }, (_, i) => login(i)).join('\n')) // no final newline
  writeFileSync(join(dir, 'old.log.gz'), gzipSync(syslog.slice(0, 12).map((l) => `${l.replace('web1', 'web2')}\n`).join('')))
  return dir
}

/** Reads every file of `dir` into a fresh store, in a bulk load (as a first scan does) or not. */
async function readAll(dir: string, bulk: boolean, readBatchEvents?: number) {
  const store = Store.openScratch()
  const sourceId = store.addSource(dir, 0)
  const deps: IngestDeps = { store, pipeline: defaultPipeline, parseOptions: { timeZone: 'UTC' }, status: 'scanned', readBatchEvents, batchFromBytes: 0 }
  if (bulk) expect(store.beginBulkLoad()).toBe(true)
  const { files } = await discoverFiles(dir)
  let inserted = 0
  for (const file of files) inserted += (await ingestFile(deps, sourceId, file)).inserted.length
  store.finishBulkLoad()
  const events = store.allEvents().map(({ id: _id, ...rest }) => rest)
  const fileRows = store.files(sourceId).map((f) => ({ relPath: f.relPath, offset: f.offset, lines: f.lines, events: f.events, unparsed: f.unparsed, lastEventTs: f.lastEventTs, format: f.format, status: f.status }))
  store.close()
  return { inserted, events, fileRows }
}

describe('batched first read', () => {
  it('stores exactly what a one-shot read stores, batch boundaries inside runs of identical lines', async () => {
    const dir = folder()
    const oneShot = await readAll(dir, false)
    const batched = await readAll(dir, true, 5)
    // Hand count: 47 syslog + 23 JSON + 12 gzip lines, each an event; none dropped as a duplicate.
    expect(oneShot.inserted).toBe(82)
    expect(oneShot.events).toHaveLength(82)
    expect(batched.inserted).toBe(82)
    expect(batched.events).toEqual(oneShot.events)
    expect(batched.fileRows).toEqual(oneShot.fileRows)
    const auth = batched.fileRows.find((f) => f.relPath === 'auth.log')
    expect(auth).toMatchObject({ lines: 47, events: 47 })
    expect(auth?.offset).toBe(47 * (failure(0).length + 1))
    // 16 runs of identical lines (the last one of 2): keys #1 and #2 numbered on across batches.
    const keys = batched.events.filter((e) => e.event.source_file === 'auth.log').map((e) => e.key)
    expect(new Set(keys).size).toBe(47)
    expect(keys.filter((k) => k.endsWith('#2'))).toHaveLength(15)
  })

  it('a read that fails mid-file leaves nothing of it stored', async () => {
    const dir = folder()
    const store = Store.openScratch()
    const sourceId = store.addSource(dir, 0)
    let calls = 0
    const pipeline = { ...defaultPipeline, eventKey: (e: Parameters<typeof defaultPipeline.eventKey>[0]) => {
      if (++calls > 25) throw new Error('crash mid-file')
      return defaultPipeline.eventKey(e)
    } }
    const deps: IngestDeps = { store, pipeline, parseOptions: { timeZone: 'UTC' }, status: 'scanned', readBatchEvents: 5, batchFromBytes: 0 }
    expect(store.beginBulkLoad()).toBe(true)
    const auth = (await discoverFiles(dir)).files.find((f) => f.relPath === 'auth.log')
    if (auth === undefined) throw new Error('auth.log not discovered')
    await expect(ingestFile(deps, sourceId, auth)).rejects.toThrow('crash mid-file')
    expect(calls).toBe(26) // the first batch (the 20 sniffed lines) was stored before the second failed
    store.finishBulkLoad()
    expect(store.eventCount()).toBe(0)
    expect(store.file(sourceId, 'auth.log')).toBeUndefined()
    store.close()
  })
})
