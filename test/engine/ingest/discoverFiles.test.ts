import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { discoverFiles } from '../../../src/engine/ingest/discoverFiles'
import { isLogFileName } from '../../../src/engine/ingest/logFileName'
import { nodeFs, type IngestFs } from '../../../src/engine/ingest/fsSeam'
import { parseFile } from '../../../src/engine/parse/parseFile'
import { useTempDir } from './tempDir'

const tempDir = useTempDir()

function write(root: string, rel: string, text = 'x\n'): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
  writeFileSync(path.join(root, rel), text)
}

describe('isLogFileName', () => {
  it.each([
    'auth.log', 'auth.log.1', 'auth.log.2.gz', 'auth.log-20260105', 'auth.log-20260105.gz', 'secure', 'secure-20260105',
    'secure.1.gz', 'messages', 'messages.1', 'syslog', 'syslog.7.gz', 'app.log', 'app.log.1', 'app.log.3.gz', 'nginx-access.log-20260101.gz',
    'events.json', 'events.jsonl', 'events.ndjson', 'logins.csv', 'trail.json.gz', 'AUTH.LOG',
  ])('accepts %s', (name) => expect(isLogFileName(name)).toBe(true))
  it.each(['wtmp', 'btmp', 'lastlog', 'readme.txt', 'notes.md', 'system.journal', '.gz', 'catalog', 'logfile', 'auth.log~'])('rejects %s', (name) =>
    expect(isLogFileName(name)).toBe(false),
  )
})

describe('discoverFiles', () => {
  it('finds log files recursively, skips others and hidden entries, sorted, with forward-slash relPaths', async () => {
    const root = tempDir()
    for (const rel of ['web-01/auth.log', 'web-01/auth.log.1', 'web-01/auth.log.2.gz', 'db-02/secure', 'db-02/sub/app.jsonl', 'events.json', 'logins.csv', 'messages', 'syslog.1', 'readme.txt', 'web-01/wtmp', '.git/x.log', 'web-01/.hidden.log']) {
      write(root, rel)
    }
    const { files, problems } = await discoverFiles(root)
    expect(problems).toEqual([])
    expect(files.map((f) => f.relPath)).toEqual([
      'db-02/secure',
      'db-02/sub/app.jsonl',
      'events.json',
      'logins.csv',
      'messages',
      'syslog.1',
      'web-01/auth.log',
      'web-01/auth.log.1',
      'web-01/auth.log.2.gz',
    ])
    const gz = files.find((f) => f.relPath.endsWith('.gz'))!
    expect(gz.compressed).toBe(true)
    expect(gz.absPath).toBe(path.join(root, 'web-01/auth.log.2.gz'))
    expect(gz.size).toBe(2)
    expect(gz.ino).toBeGreaterThan(0)
    expect(gz.mtimeMs).toBeGreaterThan(0)
  })

  it('takes a single file opened directly, whatever its name; relPath is the basename', async () => {
    const root = tempDir()
    write(root, 'dump.txt')
    const { files, problems } = await discoverFiles(path.join(root, 'dump.txt'))
    expect(problems).toEqual([])
    expect(files.map((f) => f.relPath)).toEqual(['dump.txt'])
  })

  it('reports a missing root as a problem', async () => {
    const root = tempDir()
    const missing = path.join(root, 'nope')
    const { files, problems } = await discoverFiles(missing)
    expect(files).toEqual([])
    expect(problems).toEqual([{ file: missing, code: 'not_found', message: expect.stringContaining('nope: not found') }])
  })

  it('survives symlink loops and lists a file reached twice once', async () => {
    const root = tempDir()
    write(root, 'a/auth.log')
    symlinkSync(path.join(root, 'a'), path.join(root, 'a/loop'))
    symlinkSync(path.join(root, 'a/auth.log'), path.join(root, 'alias.log'))
    symlinkSync(path.join(root, 'self.log'), path.join(root, 'self.log'))
    symlinkSync(path.join(root, 'gone'), path.join(root, 'dangling.log'))
    const { files, problems } = await discoverFiles(root)
    expect(files.map((f) => f.relPath)).toEqual(['a/auth.log'])
    expect(problems).toEqual([
      { file: 'a/loop', code: 'symlink_loop', message: expect.stringContaining('a/loop: symbolic link loop') },
      { file: 'dangling.log', code: 'not_found', message: expect.stringContaining('dangling.log: not found') },
      { file: 'self.log', code: 'symlink_loop', message: expect.stringContaining('self.log: symbolic link loop') },
    ])
  })

  it('does not open a FIFO named like a log (it would block): reports it and goes on', async () => {
    const root = tempDir()
    write(root, 'auth.log')
    execFileSync('mkfifo', [path.join(root, 'auth.log.1')])
    const { files, problems } = await discoverFiles(root)
    expect(files.map((f) => f.relPath)).toEqual(['auth.log'])
    expect(problems).toEqual([{ file: 'auth.log.1', code: 'not_regular', message: 'auth.log.1: not a regular file (FIFO, socket or device), skipped' }])
  })

  it('reports unreadable files and folders (injected EACCES) by name with the fix, and scans the rest', async () => {
    const root = tempDir()
    write(root, 'web-01/auth.log')
    write(root, 'web-01/auth.log.1')
    write(root, 'locked/secure')
    const denied = (p: string): Error => Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' })
    const fs: IngestFs = {
      ...nodeFs,
      open: async (p) => (p.endsWith('auth.log.1') ? Promise.reject(denied(p)) : nodeFs.open(p)),
      readdir: async (p) => (p.endsWith('locked') ? Promise.reject(denied(p)) : nodeFs.readdir(p)),
    }
    const { files, problems } = await discoverFiles(root, fs)
    // Files whose mode allows reading are not opened by discovery (running as root, all are):
    // the read names the one that fails.
    expect(files.map((f) => f.relPath)).toEqual(['web-01/auth.log', 'web-01/auth.log.1'])
    expect(problems.map((p) => [p.file, p.code])).toEqual([['locked', 'unreadable']])
    expect(problems[0].message).toMatch(/^locked: permission denied \(folder\)/)
    const parsed = await parseFile(files[1], { fs })
    expect(parsed.problem).toEqual({
      file: 'web-01/auth.log.1',
      code: 'unreadable',
      message: "web-01/auth.log.1: permission denied — add your user to the 'adm' group (sudo usermod -aG adm $USER, then log in again) or copy the file somewhere readable",
    })
  })

  it('never leaves the opened folder: links out are listed as skipped, links inside are followed', async () => {
    const outside = tempDir()
    write(outside, 'shadow', 'root:$6$secret:19000:0:99999:7:::\n')
    write(outside, 'logs/auth.log')
    const root = tempDir()
    write(root, 'web/auth.log')
    symlinkSync(path.join(outside, 'shadow'), path.join(root, 'secure'))
    symlinkSync(path.join(outside, 'logs'), path.join(root, 'y'))
    symlinkSync('/', path.join(root, 'x'))
    symlinkSync('/proc/kmsg', path.join(root, 'kmsg.log'))
    symlinkSync('/dev/zero', path.join(root, 'zero.log'))
    symlinkSync(path.join(outside, 'notes.txt'), path.join(root, 'notes.txt'))
    symlinkSync(path.join(root, 'web'), path.join(root, 'web-link'))
    symlinkSync(path.join(root, 'web/auth.log'), path.join(root, 'messages'))
    const { files, problems } = await discoverFiles(root)
    expect(files.map((f) => f.relPath)).toEqual(['messages'])
    expect(problems).toEqual([
      { file: 'kmsg.log', code: 'outside_folder', message: 'kmsg.log: points outside the folder (to /proc/kmsg), skipped' },
      { file: 'secure', code: 'outside_folder', message: `secure: points outside the folder (to ${path.join(outside, 'shadow')}), skipped` },
      { file: 'x', code: 'outside_folder', message: 'x: points outside the folder (to /), skipped' },
      { file: 'y', code: 'outside_folder', message: `y: points outside the folder (to ${path.join(outside, 'logs')}), skipped` },
      { file: 'zero.log', code: 'outside_folder', message: 'zero.log: points outside the folder (to /dev/zero), skipped' },
    ])
  })

  it('opens a folder through a link to it (as /var/log may be) and bounds it where the link leads', async () => {
    const real = tempDir()
    write(real, 'auth.log')
    write(real, 'sub/secure')
    symlinkSync(path.join(real, 'sub'), path.join(real, 'sub-link'))
    const holder = tempDir()
    const link = path.join(holder, 'logs')
    symlinkSync(real, link)
    const { files, problems } = await discoverFiles(link)
    expect(problems).toEqual([])
    expect(files.map((f) => [f.relPath, f.absPath])).toEqual([
      ['auth.log', path.join(link, 'auth.log')],
      ['sub/secure', path.join(link, 'sub/secure')],
    ])
  })

  it('refuses kernel pseudo-filesystems opened directly', async () => {
    expect(await discoverFiles('/proc/self')).toEqual({
      files: [],
      problems: [{ file: '/proc/self', code: 'not_regular', message: '/proc/self: in /proc, a kernel pseudo-filesystem, not logs; skipped' }],
    })
    expect((await discoverFiles('/dev/zero')).problems.map((p) => p.code)).toEqual(['not_regular'])
  })

  it('opens /var/log itself', async () => {
    const { problems } = await discoverFiles('/var/log')
    expect(problems.filter((p) => p.code === 'outside_folder' || p.code === 'io_error')).toEqual([])
  })
})
