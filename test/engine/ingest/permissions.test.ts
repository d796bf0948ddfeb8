/**
 * The real EACCES path. Tests run as root here, and root reads everything, so `chmod 000` alone
 * proves nothing. When running as root, this test drops the *effective* uid of its own worker
 * process to `nobody` (65534) around the call (vitest runs each test file in its own forked
 * process) and restores it after; as a normal user, chmod 000 is enough. Either way the kernel
 * really refuses the open and discoverFiles/parseFile report it.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { discoverFiles } from '../../../src/engine/ingest/discoverFiles'
import { parseFile } from '../../../src/engine/parse/parseFile'
import { readAppended } from '../../../src/engine/ingest/readAppended'
import { useTempDir } from './tempDir'

const tempDir = useTempDir()
const isRoot = process.getuid?.() === 0

async function asUnprivileged<T>(fn: () => Promise<T>): Promise<T> {
  if (!isRoot) return fn()
  process.seteuid!(65534)
  try {
    return await fn()
  } finally {
    process.seteuid!(0)
  }
}

describe('unreadable files, for real', () => {
  it('names the unreadable file with the fix and scans the rest of the folder', async () => {
    const root = tempDir()
    mkdirSync(path.join(root, 'web-01'))
    chmodSync(path.join(root, 'web-01'), 0o755)
    writeFileSync(path.join(root, 'web-01/auth.log'), 'Jan  5 03:12:00 web-01 sshd[1]: Accepted password for alice from 10.0.0.5 port 22 ssh2\n', { mode: 0o644 })
    writeFileSync(path.join(root, 'web-01/auth.log.1'), 'secret\n', { mode: 0o640 })
    chmodSync(path.join(root, 'web-01/auth.log.1'), 0o000)
    mkdirSync(path.join(root, 'private'), { mode: 0o700 })
    writeFileSync(path.join(root, 'private/secure'), 'x\n')
    chmodSync(path.join(root, 'private'), 0o000)

    const { files, problems } = await asUnprivileged(() => discoverFiles(root))
    expect(files.map((f) => f.relPath)).toEqual(['web-01/auth.log'])
    expect(problems).toEqual([
      { file: 'private', code: 'unreadable', message: expect.stringMatching(/^private: permission denied \(folder\)/) },
      {
        file: 'web-01/auth.log.1',
        code: 'unreadable',
        message: "web-01/auth.log.1: permission denied — add your user to the 'adm' group (sudo usermod -aG adm $USER, then log in again) or copy the file somewhere readable",
      },
    ])
    const parsed = await asUnprivileged(() => parseFile(files[0]))
    expect(parsed.events.map((e) => e.event)).toEqual(['auth_success'])
  })

  it('parseFile and readAppended return the problem instead of throwing', async () => {
    const root = tempDir()
    const file = path.join(root, 'auth.log')
    writeFileSync(file, 'line\n')
    const { files } = await discoverFiles(root)
    chmodSync(file, 0o000)
    const parsed = await asUnprivileged(() => parseFile(files[0]))
    expect(parsed.problem).toEqual({ file: 'auth.log', code: 'unreadable', message: expect.stringContaining('auth.log: permission denied') })
    expect(parsed.events).toEqual([])
    const appended = await asUnprivileged(() => readAppended(file, 0))
    expect(appended.ok).toBe(false)
    if (!appended.ok) expect(appended.error.code).toBe('unreadable')
  })
})
