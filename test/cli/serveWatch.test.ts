import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/index'
import type { CliIO } from '../../src/cli/io'
import { makeIntegrationFolder } from '../integration/fixtureFolder'
import { connectWs } from './serve/wsClient'

/** An io whose output can be awaited line by line, stopped with an AbortController. */
function liveIO(cwd: string, env: Record<string, string> = {}) {
  const stop = new AbortController()
  let out = ''
  let err = ''
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = []
  const check = (): void => {
    for (const w of [...waiters]) {
      const m = out.match(w.re)
      if (m) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(m)
      }
    }
  }
  const io: CliIO = {
    out: (t) => {
      out += t
      check()
    },
    err: (t) => void (err += t),
    cwd,
    env,
    signal: stop.signal,
  }
  return {
    io,
    stop: () => stop.abort(),
    stdout: () => out,
    stderr: () => err,
    waitFor: (re: RegExp) => new Promise<RegExpMatchArray>((resolve) => {
      waiters.push({ re, resolve })
      check()
    }),
  }
}

describe('vigil serve and vigil watch (CLI)', () => {
  let work: string
  let renderer: string
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'vigil-cli-live-'))
    renderer = join(work, 'renderer')
    mkdirSync(renderer)
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Vigil</title>')
  })
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('serve opens PATH, prints the URL line, answers over the socket, and stops cleanly', async () => {
    const dir = makeIntegrationFolder()
    try {
      const live = liveIO(work, { VIGIL_RENDERER_DIR: renderer })
      const exit = main(['serve', dir, '--no-open'], live.io)
      const [line, origin, token] = await live.waitFor(/^Vigil is serving on (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]{64})$/m)
      expect(line).toBe(`Vigil is serving on ${origin}/?token=${token}`)
      // The URL comes first; the folder is read in the background.
      expect(live.stderr()).toContain('Opening ')
      expect(live.stderr()).not.toContain('Opened ')
      const client = await connectWs(`${origin.replace('http', 'ws')}/api?token=${token}`, origin)
      await expect.poll(() => live.stderr(), { timeout: 30_000 }).toMatch(/Opened .*: [\d,]+ events\n/)
      expect((await client.call('app.info', {})).roots).toEqual([dir])
      expect((await client.call('findings.list', { minSeverity: 'HIGH' })).length).toBe(48)
      const page = await client.call('findings.query', { minSeverity: 'HIGH', startRow: 0, endRow: 10 })
      expect(page.total).toBe(48)
      expect(page.rows).toHaveLength(10)
      await client.close()
      live.stop()
      expect(await exit).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('serve --db without PATH re-opens the folders of the last session, reading only what is new', async () => {
    const dir = makeIntegrationFolder()
    const db = join(work, 'restore.sqlite')
    const serveOnce = async (args: string[]) => {
      const live = liveIO(work, { VIGIL_RENDERER_DIR: renderer })
      const exit = main(['serve', ...args, '--db', db, '--no-open'], live.io)
      const [, origin, token] = await live.waitFor(/^Vigil is serving on (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]{64})$/m)
      const client = await connectWs(`${origin.replace('http', 'ws')}/api?token=${token}`, origin)
      return { live, exit, client }
    }
    try {
      const first = await serveOnce([dir])
      await expect.poll(() => first.live.stderr(), { timeout: 30_000 }).toMatch(/Opened .*: [\d,]+ events\n/)
      const before = await first.client.call('summary.get', {})
      await first.client.close()
      first.live.stop()
      expect(await first.exit).toBe(0)

      appendFileSync(join(dir, 'auth.log'), 'Mar 10 10:00:00 web-01 sshd[4242]: Failed password for root from 203.0.113.77 port 50000 ssh2\n')
      const second = await serveOnce([])
      await expect.poll(async () => (await second.client.call('summary.get', {})).events, { timeout: 30_000 }).toBe(before.events + 1)
      // The restored root is registered once its read is scored, a moment after its events count.
      await expect.poll(async () => (await second.client.call('app.info', {})).roots, { timeout: 30_000 }).toEqual([dir])
      await second.client.close()
      second.live.stop()
      expect(await second.exit).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("serve without --db keeps its store in the desktop app's file, so triage outlives the process", async () => {
    const dir = makeIntegrationFolder()
    const config = mkdtempSync(join(tmpdir(), 'vigil-config-'))
    const serveOnce = async (args: string[]) => {
      const live = liveIO(work, { VIGIL_RENDERER_DIR: renderer, XDG_CONFIG_HOME: config })
      const exit = main(['serve', ...args, '--no-open'], live.io)
      const [, origin, token] = await live.waitFor(/^Vigil is serving on (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]{64})$/m)
      const client = await connectWs(`${origin.replace('http', 'ws')}/api?token=${token}`, origin)
      return { live, exit, client }
    }
    try {
      const first = await serveOnce([dir])
      expect(first.live.stderr()).toContain(`Store: ${join(config, 'vigil', 'vigil.sqlite')} (triage is kept there; --db FILE for another)\n`)
      await expect.poll(() => first.live.stderr(), { timeout: 30_000 }).toMatch(/Opened .*: [\d,]+ events\n/)
      const [top] = (await first.client.call('findings.query', { minSeverity: 'HIGH', startRow: 0, endRow: 1 })).rows
      await first.client.call('triage.set', { id: top.id, status: 'escalated', note: 'kept across runs' })
      await first.client.close()
      first.live.stop()
      expect(await first.exit).toBe(0)
      expect(existsSync(join(config, 'vigil', 'vigil.sqlite'))).toBe(true)

      const second = await serveOnce([])
      await expect.poll(async () => (await second.client.call('summary.get', {})).events, { timeout: 30_000 }).toBeGreaterThan(0)
      expect((await second.client.call('findings.get', { id: top.id })).finding).toMatchObject({ id: top.id, status: 'escalated', note: 'kept across runs' })
      await second.client.close()
      second.live.stop()
      expect(await second.exit).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
      rmSync(config, { recursive: true, force: true })
    }
  })

  it('serve without a built UI says to run npm run build, in one line', async () => {
    const live = liveIO(work, { VIGIL_RENDERER_DIR: join(work, 'nothing-here') })
    expect(await main(['serve', '--no-open'], live.io)).toBe(1)
    expect(live.stderr()).toMatch(/^vigil: the UI is not built .*run `npm run build` first\n$/)
  })

  it('serve with a missing PATH exits 2', async () => {
    const live = liveIO(work, { VIGIL_RENDERER_DIR: renderer })
    expect(await main(['serve', join(work, 'missing'), '--no-open'], live.io)).toBe(2)
  })

  it('watch prints existing events, then each appended one, as JSON lines with the CSV fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-watch-'))
    try {
      const log = join(dir, 'auth.log')
      writeFileSync(log, '2025-03-01T10:00:00.000000+00:00 web1 sshd[1]: Accepted publickey for alice from 10.0.0.5 port 40000 ssh2\n')
      const live = liveIO(work)
      const exit = main(['watch', dir, '--jsonl', '--min-severity', 'NONE'], live.io)
      await Promise.race([live.waitFor(/"user":"alice"/), exit.then((c) => { throw new Error(`exited ${c}: ${live.stderr()}`) })])
      appendFileSync(log, '2025-03-01T10:00:05.000000+00:00 web1 sudo:  mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/mallory ; USER=root ; COMMAND=/bin/bash\n')
      await live.waitFor(/"user":"mallory"/)
      live.stop()
      expect(await exit).toBe(0)
      const records = live.stdout().trimEnd().split('\n').map((l) => JSON.parse(l))
      expect(records.map((r) => [r.user, r.event, r.source_line])).toEqual([
        ['alice', 'auth_success', 1],
        ['mallory', 'sudo_denied', 2],
      ])
      expect(Object.keys(records[0]).slice(0, 18)).toEqual(
        'timestamp,host,source_file,source_line,event,outcome,user,target_user,src_ip,score,severity,threat_type,mitre_techniques,mitre_tactics,reasons,status,note,raw'.split(','),
      )
      expect(records[1].timestamp).toBe('2025-03-01T10:00:05.000Z')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
