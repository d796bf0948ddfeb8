// The generated sshd lines of legacy hosts have the shapes of the real OpenSSH sample (loghub's
// templates), so a parser written against real logs reads the generated ones too.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateDataset } from '../../../src/engine/generate/generateDataset'
import { linesOf } from './readGenerated'
import { sharedPath } from '../../support/sharedData'

const tmp = mkdtempSync(join(tmpdir(), 'vigil-formats-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** Shapes the 2,000-line sample happens not to contain (publickey logins, other users' variants). */
const EXTRA_TEMPLATES = [
  'Accepted publickey for <*> from <*> port <*> ssh2: <*>',
  'Disconnecting: Too many authentication failures for <*> [preauth]',
  'message repeated <*> times: [ Failed password for <*> from <*> port <*> ssh2]',
  "Bad protocol version identification 'GET / HTTP/1.1' from <*> port <*>",
  'PAM <*> more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=<*>  user=<*>',
  'PAM <*> more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=<*>  user=<*>',
  'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=<*>  user=<*>',
]

function toRegex(template: string): RegExp {
  const parts = template.split('<*>').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${parts.join('.+?')}\\s*$`)
}

function templates(): RegExp[] {
  const rows = readFileSync(sharedPath('data/real-logs/loghub-OpenSSH_2k.log_templates.csv'), 'utf8').trim().split(/\r?\n/).slice(1)
  return [...rows.map((r) => r.slice(r.indexOf(',') + 1)), ...EXTRA_TEMPLATES].map(toRegex)
}

describe('legacy sshd lines', () => {
  it('match a template of the real OpenSSH sample', async () => {
    const r = await generateDataset({ outDir: join(tmp, 'd'), events: 8_000, seed: 11, hosts: 3, days: 7 })
    const res = templates()
    const sshd = r.files
      .filter((f) => f.startsWith('bastion-01/auth.log'))
      .flatMap((f) => linesOf(join(tmp, 'd'), f))
      .map((l) => /^\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ sshd\[\d+\]: (.*)$/.exec(l)?.[1])
      .filter((m): m is string => m !== undefined)
    expect(sshd.length).toBeGreaterThan(500)
    const unmatched = sshd.filter((m) => !res.some((re) => re.test(m)))
    expect(unmatched).toEqual([])
  })
})
