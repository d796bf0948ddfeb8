/**
 * Files that are data, not logs (a CSV without a timestamp column, a JSON document whose records
 * carry no time) are skipped with a reason instead of becoming thousands of 'other' events.
 */
import { utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { discoverFiles } from '../../../src/engine/ingest/discoverFiles'
import { parseFile, type ParsedFile } from '../../../src/engine/parse/parseFile'
import { useTempDir } from '../ingest/tempDir'
import { sharedPath } from '../../support/sharedData'

const tempDir = useTempDir()
/** Asked inside the tests that need it: the other tests run without ../shared. */
const realLogs = (): string => sharedPath('data/real-logs')

async function parseOne(name: string, content: string, streaming = false): Promise<ParsedFile & { batches: number }> {
  const root = tempDir()
  const abs = path.join(root, name)
  writeFileSync(abs, content)
  utimesSync(abs, new Date('2026-01-12T00:00:00Z'), new Date('2026-01-12T00:00:00Z'))
  const { files } = await discoverFiles(abs)
  let batches = 0
  const parsed = await parseFile(files[0], { timeZone: 'UTC', ...(streaming ? { onEvents: () => batches++ } : {}) })
  return { ...parsed, batches }
}

function expectSkipped(p: ParsedFile, message: string): void {
  expect(p.problem).toEqual({ file: p.file.relPath, code: 'not_a_log', message })
  expect(p.events).toEqual([])
  expect([p.lines, p.unparsed]).toEqual([0, 0])
}

describe('files that are not logs', () => {
  it('skips a CSV with a header but no timestamp column (vigil generate labels)', async () => {
    const labels = 'file,line,attack,episode\nweb-01/auth.log,12,brute_force,1\nweb-01/auth.log,13,brute_force,1\n'
    expectSkipped(await parseOne('labels.csv', labels), 'labels.csv: skipped, a CSV without a timestamp column is not a log')
    const streamed = await parseOne('labels.csv', labels, true)
    expectSkipped(streamed, 'labels.csv: skipped, a CSV without a timestamp column is not a log')
    expect(streamed.batches).toBe(0)
  })

  it('skips the Loghub templates CSV beside the real sample', async () => {
    const abs = path.join(realLogs(), 'loghub-OpenSSH_2k.log_templates.csv')
    const { files } = await discoverFiles(abs)
    const parsed = await parseFile(files[0])
    expectSkipped(parsed, 'loghub-OpenSSH_2k.log_templates.csv: skipped, a CSV without a timestamp column is not a log')
    expect(parsed.format).toBe('csv')
  })

  it('reads the real-logs folder as one log of 2,000 parsed lines and one skipped file', async () => {
    const { files, problems } = await discoverFiles(realLogs())
    expect(problems).toEqual([])
    const parsed = await Promise.all(files.map((f) => parseFile(f)))
    const logs = parsed.filter((p) => p.problem === null)
    expect(logs.map((p) => [p.file.relPath, p.lines, p.events.length, p.unparsed])).toEqual([['loghub-OpenSSH_2k.log', 2000, 2000, 0]])
    expect(parsed.filter((p) => p.problem !== null).map((p) => [p.file.relPath, p.problem?.code])).toEqual([['loghub-OpenSSH_2k.log_templates.csv', 'not_a_log']])
  })

  it('still reads a CSV with a timestamp column, and a header-only CSV log', async () => {
    const ok = await parseOne('logins.csv', 'timestamp,user,ip,success\n2026-01-05T03:12:00Z,alice,10.0.0.1,true\n')
    expect(ok.problem).toBeNull()
    expect(ok.events.map((e) => [e.event, e.user])).toEqual([['auth_success', 'alice']])
    const headerOnly = await parseOne('logins.csv', 'time,user,ip,result\n')
    expect([headerOnly.problem, headerOnly.events.length, headerOnly.format]).toEqual([null, 0, 'csv'])
  })

  it('skips a JSON document whose records carry no time (a config file, an inventory)', async () => {
    const config = JSON.stringify({ name: 'vigil', version: '1.0.0', user: 'alice', dependencies: { zod: '^4' } }, null, 2)
    expectSkipped(await parseOne('package.json', config), 'package.json: skipped, a JSON file without a timestamped record is not a log')
    const inventory = JSON.stringify({ events: [{ user: 'a', type: 'login' }, { user: 'b', type: 'logout' }] }, null, 2)
    expectSkipped(await parseOne('inventory.json', inventory), 'inventory.json: skipped, a JSON file without a timestamped record is not a log')
    const streamed = await parseOne('inventory.json', inventory, true)
    expectSkipped(streamed, 'inventory.json: skipped, a JSON file without a timestamped record is not a log')
    expect(streamed.batches).toBe(0)
  })

  it('does not judge JSON lines (they stream record by record): time-less records are kept', async () => {
    const lines = `${JSON.stringify({ id: 1, user: 'a', event_type: 'login' })}\n${JSON.stringify({ id: 2, user: 'b', event_type: 'login' })}\n`
    const p = await parseOne('users.jsonl', lines)
    expect(p.events.length).toBe(2)
    // Kept, but not silently: the file reports its untimed records.
    expect(p.problem).toEqual({ file: 'users.jsonl', code: 'data_errors', message: 'users.jsonl: 2 records with no valid time (each shown at the time of the record before it)' })
  })

  it('keeps a JSON document that does not parse (damaged, not data): its lines as JSON lines', async () => {
    const p = await parseOne('broken.json', '{\n  "user": "a",\n  "oops"\n')
    expect(p.problem).toBeNull()
    expect(p.events.map((e) => e.event)).toEqual(['other', 'other', 'other'])
  })

  it('keeps every record of a JSON log where some records have a time', async () => {
    const doc = JSON.stringify([{ event_type: 'login', user: 'a' }, { timestamp: '2026-01-05T03:12:00Z', event_type: 'login', user: 'b' }])
    const untimed = { file: 'mixed.json', code: 'data_errors', message: 'mixed.json: 1 record with no valid time (each shown at the time of the record before it)' }
    const p = await parseOne('mixed.json', doc)
    expect(p.problem).toEqual(untimed)
    expect(p.events.map((e) => e.user)).toEqual(['a', 'b'])
    const streamed = await parseOne('mixed.json', doc, true)
    expect([streamed.problem, streamed.lines, streamed.batches]).toEqual([untimed, 1, 1])
  })
})
