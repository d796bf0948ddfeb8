import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { normalizedEventSchema } from '../../../src/shared/event'
import { discoverFiles, type DiscoveredFile } from '../../../src/engine/ingest/discoverFiles'
import { parseFile, type ParseOptions } from '../../../src/engine/parse/parseFile'
import { useTempDir } from '../ingest/tempDir'

const tempDir = useTempDir()

const line = (i: number, user = 'alice'): string =>
  `Jan  5 03:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} web-01 sshd[${1000 + i}]: Failed password for ${user} from 203.0.113.${i % 250} port ${40000 + i} ssh2`

/** Writes `files` under a fresh root (mtime Jan 12 2026) and parses them all. */
async function parseAll(files: Record<string, string | Buffer>, options: ParseOptions = {}) {
  const root = tempDir()
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel)
    mkdirSync(path.dirname(abs), { recursive: true })
    writeFileSync(abs, content)
    utimesSync(abs, new Date('2026-01-12T00:00:00Z'), new Date('2026-01-12T00:00:00Z'))
  }
  const { files: found, problems } = await discoverFiles(root)
  expect(problems).toEqual([])
  const parsed = new Map<string, Awaited<ReturnType<typeof parseFile>>>()
  for (const f of found) parsed.set(f.relPath, await parseFile(f, { timeZone: 'UTC', ...options }))
  return { root, found, parsed }
}

describe('parseFile: formats and files', () => {
  it('parses a plain auth.log: events with source_file/source_line, host, counts, bytes', async () => {
    const text = `${line(1)}\n${line(2, 'root')}\nnot a syslog line\n`
    const { parsed } = await parseAll({ 'web-01/auth.log': text })
    const r = parsed.get('web-01/auth.log')!
    expect(r.format).toBe('auth')
    expect(r.lines).toBe(3)
    expect(r.unparsed).toBe(1)
    expect(r.bytesRead).toBe(Buffer.byteLength(text))
    expect(r.tailOffset).toBe(Buffer.byteLength(text))
    expect(r.problem).toBeNull()
    expect(r.events.map((e) => [e.source_file, e.source_line, e.event, e.user])).toEqual([
      ['web-01/auth.log', 1, 'auth_failure', 'alice'],
      ['web-01/auth.log', 2, 'auth_failure', 'root'],
      ['web-01/auth.log', 3, 'other', null],
    ])
    expect(r.events[2].raw).toBe('not a syslog line')
    expect(r.events[2].host).toBe('web-01') // from the folder
    for (const e of r.events) expect(normalizedEventSchema.safeParse(e).success).toBe(true)
  })

  it('reads .gz rotations (by content, also multi-member) and keeps what a truncated .gz holds', async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => line(i))
    const full = gzipSync(`${lines.join('\n')}\n`)
    const twoMembers = Buffer.concat([gzipSync(`${line(1)}\n`), gzipSync(`${line(2)}\n`)])
    const { parsed } = await parseAll({
      'auth.log.2.gz': full,
      'auth.log.3.gz': full.subarray(0, Math.floor(full.length / 2)),
      'auth.log.4.gz': twoMembers,
      'auth.log.5': gzipSync(`${line(7)}\n`), // gzip without the .gz name
    })
    const whole = parsed.get('auth.log.2.gz')!
    expect(whole.problem).toBeNull()
    expect(whole.events).toHaveLength(4000)
    expect(whole.bytesRead).toBe(full.length)
    expect(whole.tailOffset).toBe(full.length)
    expect(whole.events[3999].src_port).toBe(43999)

    const cut = parsed.get('auth.log.3.gz')!
    expect(cut.problem).toEqual({ file: 'auth.log.3.gz', code: 'corrupt', message: expect.stringMatching(/^auth\.log\.3\.gz: damaged or truncated gzip; kept the [\d,]+ bytes that decompressed$/) })
    expect(cut.events.length).toBeGreaterThan(1000)
    expect(cut.events.length).toBeLessThan(4000)
    // Every complete line kept is exactly the original; only the last one may be cut.
    for (let i = 0; i < cut.events.length - 1; i++) expect(cut.events[i].raw).toBe(lines[i])
    expect(lines[cut.events.length - 1].startsWith(cut.events.at(-1)!.raw)).toBe(true)

    expect(parsed.get('auth.log.4.gz')!.events.map((e) => e.pid)).toEqual([1001, 1002])
    expect(parsed.get('auth.log.5')!.events.map((e) => e.pid)).toEqual([1007])
  })

  it('skips binary files with a reason, and reads empty files as nothing', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(5000, 1)])
    const { parsed } = await parseAll({ 'app.log': elf, 'empty.log': '', 'blank.log': '\n\n  \n' })
    const bin = parsed.get('app.log')!
    expect(bin.problem).toEqual({ file: 'app.log', code: 'binary', message: 'app.log: skipped, a binary format (by its signature)' })
    expect(bin.events).toEqual([])
    expect(bin.format).toBe('unknown')
    const empty = parsed.get('empty.log')!
    expect([empty.problem, empty.events.length, empty.lines, empty.format]).toEqual([null, 0, 0, 'unknown'])
    const blank = parsed.get('blank.log')!
    expect([blank.problem, blank.events.length, blank.lines, blank.unparsed]).toEqual([null, 0, 3, 0])
  })

  it('decodes invalid UTF-8 with replacement, strips CRLF, reads a last line without newline', async () => {
    const bad = Buffer.concat([Buffer.from(`${line(1)}\r\n`), Buffer.from('Jan  5 03:12:00 web-01 sshd[9]: Invalid user b'), Buffer.from([0xc3, 0x28]), Buffer.from('x from 10.0.0.1 port 22\r\n'), Buffer.from(line(3))])
    const { parsed } = await parseAll({ 'auth.log': bad })
    const r = parsed.get('auth.log')!
    expect(r.events.map((e) => e.event)).toEqual(['auth_failure', 'invalid_user', 'auth_failure'])
    expect(r.events[0].raw).toBe(line(1))
    expect(r.events[1].user).toBe('b\uFFFD(x')
    expect(r.events[1].src_port).toBe(22)
    expect(r.events[2].raw).toBe(line(3))
    expect(r.lines).toBe(3)
    // The last line has no newline yet: tailing resumes at its start, to read it again whole.
    expect(r.bytesRead).toBe(bad.length)
    expect(r.tailOffset).toBe(bad.length - Buffer.byteLength(line(3)))
  })

  it('bounds a 20 MB single line: kept cut at 64 Ki characters, marked, and the next line parses', async () => {
    const giant = `Jan  5 03:12:00 web-01 sshd[1]: Invalid user ${'A'.repeat(20 * 1024 * 1024)} from 10.0.0.1\n${line(2)}\n`
    const { parsed } = await parseAll({ 'auth.log': giant })
    const r = parsed.get('auth.log')!
    expect(r.truncatedLines).toBe(1)
    expect(r.events).toHaveLength(2)
    expect(r.events[0].raw.length).toBeLessThan(65_536 + 100)
    expect(r.events[0].raw).toMatch(/ …\[truncated by Vigil: line was 20,971,5\d\d characters\]$/)
    expect(r.events[0].source_line).toBe(1)
    expect(r.events[1]).toMatchObject({ source_line: 2, event: 'auth_failure', user: 'alice' })
  })

  it('marks a giant record of a JSON document the same way in its raw text', async () => {
    // Pretty-printed: every line is short, the first record is 126,000+ characters compact.
    const doc = JSON.stringify({ events: [{ timestamp: '2026-01-05T03:12:00Z', user: 'a', notes: new Array(2000).fill('x'.repeat(60)) }, { timestamp: '2026-01-05T03:13:00Z', user: 'b' }] }, null, 2)
    const { parsed } = await parseAll({ 'audit.json': doc })
    const r = parsed.get('audit.json')!
    expect(r.events.map((e) => e.user)).toEqual(['a', 'b'])
    expect(r.events[0].raw.startsWith('{"timestamp":"2026-01-05T03:12:00Z"')).toBe(true)
    expect(r.events[0].raw).toMatch(/^.{65536} …\[truncated by Vigil: line was 126,\d{3} characters\]$/s)
    expect(r.events[1].raw).toBe('{"timestamp":"2026-01-05T03:13:00Z","user":"b"}')
  })

  it('takes the host from the line, else the first folder, else the root folder', async () => {
    const { root, parsed } = await parseAll({
      'web-01/deep/er/app.jsonl': '{"msg":"x"}\n',
      'top.jsonl': '{"msg":"x"}\n{"msg":"y","host":"db-9"}\n',
    })
    expect(parsed.get('web-01/deep/er/app.jsonl')!.events[0].host).toBe('web-01')
    expect(parsed.get('top.jsonl')!.events.map((e) => e.host)).toEqual([path.basename(root), 'db-9'])
  })

  it('reads JSON lines, documents (record index as source_line), journald and CSV', async () => {
    const { parsed } = await parseAll({
      'a.jsonl': '{"timestamp":"2026-01-05T03:12:00Z","user":"alice","src_ip":"10.0.0.5","event_type":"login","outcome":"failure"}\n',
      'b.json': JSON.stringify({ Records: [{ eventTime: '2026-01-05T03:12:00Z', eventName: 'ConsoleLogin', userIdentity: { userName: 'admin' }, sourceIPAddress: '203.0.113.9', responseElements: { ConsoleLogin: 'Success' } }, { eventTime: '2026-01-05T03:13:00Z', eventName: 'DeleteTrail' }] }, null, 2),
      'c.json': '[{"time": 1767582720, "user": "bob", "type": "logout"}]',
      'j.jsonl': '{"__REALTIME_TIMESTAMP":"1767582720000000","_HOSTNAME":"db-02","SYSLOG_IDENTIFIER":"sshd","_PID":"77","MESSAGE":"Accepted publickey for carol from 10.0.0.9 port 2222 ssh2: ED25519 SHA256:x"}\n',
      'd.csv': 'timestamp,user,ip,success\n2026-01-05T03:12:00Z,alice,10.0.0.1,true\n"2026-01-05T03:13:00Z","bob, jr","10.0.0.2",false\n',
    })
    const a = parsed.get('a.jsonl')!
    expect(a.format).toBe('json')
    expect(a.events[0]).toMatchObject({ event: 'auth_failure', outcome: 'failure', user: 'alice', src_ip: '10.0.0.5', ts: Date.UTC(2026, 0, 5, 3, 12), source_line: 1 })
    const b = parsed.get('b.json')!
    expect(b.events.map((e) => [e.source_line, e.event, e.outcome, e.user])).toEqual([
      [1, 'auth_success', 'success', 'admin'],
      [2, 'log_tamper', 'unknown', null],
    ])
    expect(JSON.parse(b.events[1].raw)).toEqual({ eventTime: '2026-01-05T03:13:00Z', eventName: 'DeleteTrail' })
    const c = parsed.get('c.json')!
    expect(c.events.map((e) => [e.source_line, e.event, e.user, e.ts])).toEqual([[1, 'session_close', 'bob', 1767582720000]])
    const j = parsed.get('j.jsonl')!
    expect(j.events[0]).toMatchObject({ host: 'db-02', program: 'sshd', pid: 77, event: 'auth_success', user: 'carol', src_ip: '10.0.0.9', auth_method: 'publickey', ts: 1767582720000 })
    const d = parsed.get('d.csv')!
    expect(d.format).toBe('csv')
    expect(d.csvHeader).toBe('timestamp,user,ip,success')
    expect(d.events.map((e) => [e.source_line, e.event, e.outcome, e.user, e.src_ip])).toEqual([
      [2, 'auth_success', 'success', 'alice', '10.0.0.1'],
      [3, 'auth_failure', 'failure', 'bob, jr', '10.0.0.2'],
    ])
  })

  it('honours a forced format and hands events over in batches when streaming', async () => {
    const { found } = await parseAll({ 'x.log': '{"user":"a","outcome":"success"}\n'.repeat(25_000) })
    const file: DiscoveredFile = found[0]
    const forced = await parseFile(file, { format: 'auth' })
    expect(forced.format).toBe('auth')
    expect(forced.unparsed).toBe(25_000)
    const batches: number[] = []
    const streamed = await parseFile(file, { onEvents: (evs) => batches.push(evs.length) })
    expect(streamed.events).toEqual([])
    expect(batches).toEqual([10_000, 10_000, 5_000])
    expect(streamed.unparsed).toBe(0)
  })
})

describe('parseFile without a file', () => {
  it('reports the missing file instead of throwing inside its error handler', async () => {
    const root = tempDir()
    const { files } = await discoverFiles(root)
    expect(files).toEqual([])
    const parsed = await parseFile(files[0])
    expect(parsed.problem).toEqual({ file: '(none)', code: 'not_found', message: 'parseFile: no file given (the folder had no log files?)' })
    expect(parsed.events).toEqual([])
  })
})
