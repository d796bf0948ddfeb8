/**
 * Builds the integration folder from test/fixtures/integration (today, 2025-03-01: auth.log with a
 * brute-force burst, an invalid-user sweep, a sudo denial, hostile user names and one line no
 * parser knows; app.jsonl with ECS and flat aliases and a password spray) plus the week before,
 * generated here: auth.log.1.gz (web1's routine logins, gzipped; its last two lines repeat the
 * first two of auth.log, as an overlapping rotation does) and app.jsonl.1 (db1's routine logins).
 */
import { copyFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

export const FIXTURES = resolve(__dirname, '../fixtures/integration')
const DAY = 86_400_000
const WEEK_START = Date.UTC(2025, 1, 22) // Saturday 22 February: a full week incl. a weekend

const iso6 = (ms: number): string => new Date(ms).toISOString().replace('Z', '000+00:00')
const isoZ = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z')

/** web1's routine week: three users log in by key each working hour, sessions, and a daily sudo. */
export function previousWeekAuth(): string[] {
  const lines: string[] = []
  const users: [string, string][] = [
    ['alice', '10.0.0.5'],
    ['bob', '10.0.0.6'],
    ['carol', '10.0.0.7'],
  ]
  let pid = 9000
  for (let d = 0; d < 7; d++) {
    for (let h = 8; h <= 18; h++) {
      users.forEach(([u, ip], k) => {
        const t = WEEK_START + d * DAY + h * 3_600_000 + (5 + k * 13) * 60_000
        pid++
        lines.push(`${iso6(t)} web1 sshd[${pid}]: Accepted publickey for ${u} from ${ip} port ${40000 + h * 10 + k} ssh2: ED25519 SHA256:abc${k}`)
        lines.push(`${iso6(t + 1000)} web1 sshd[${pid}]: pam_unix(sshd:session): session opened for user ${u}(uid=${1000 + k}) by (uid=0)`)
        lines.push(`${iso6(t + 20 * 60_000)} web1 sshd[${pid}]: pam_unix(sshd:session): session closed for user ${u}`)
      })
      const t = WEEK_START + d * DAY + h * 3_600_000 + 50 * 60_000
      lines.push(`${iso6(t)} web1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl status nginx`)
    }
  }
  return lines.sort()
}

/** db1's routine week in JSON lines. */
export function previousWeekApp(): string[] {
  const out: string[] = []
  for (let d = 0; d < 7; d++) {
    for (let h = 8; h <= 18; h++) {
      ;[
        ['dave', '10.0.1.8'],
        ['erin', '10.0.1.9'],
      ].forEach(([u, ip], k) => {
        const t = WEEK_START + d * DAY + h * 3_600_000 + (10 + k * 20) * 60_000
        out.push(
          JSON.stringify({
            '@timestamp': isoZ(t),
            host: { name: 'db1' },
            event: { category: 'authentication', outcome: 'success' },
            user: { name: u },
            source: { ip },
            message: `user ${u} logged in`,
          }),
        )
      })
    }
  }
  return out
}

export function makeIntegrationFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-integration-'))
  copyFileSync(join(FIXTURES, 'auth.log'), join(dir, 'auth.log'))
  copyFileSync(join(FIXTURES, 'app.jsonl'), join(dir, 'app.jsonl'))
  const today = readFileSync(join(FIXTURES, 'auth.log'), 'utf8').split('\n')
  const rotated = [...previousWeekAuth(), today[0], today[1]]
  writeFileSync(join(dir, 'auth.log.1.gz'), gzipSync(`${rotated.join('\n')}\n`))
  writeFileSync(join(dir, 'app.jsonl.1'), `${previousWeekApp().join('\n')}\n`)
  const when = new Date(Date.UTC(2025, 2, 1, 23, 59, 0))
  for (const f of ['auth.log', 'app.jsonl', 'auth.log.1.gz', 'app.jsonl.1']) utimesSync(join(dir, f), when, when)
  return dir
}

/** Distinct events the folder holds (the two repeated lines count once). */
export function fixtureEventCount(): number {
  const count = (f: string): number => readFileSync(join(FIXTURES, f), 'utf8').split('\n').filter((l) => l !== '').length
  return count('auth.log') + count('app.jsonl') + previousWeekAuth().length + previousWeekApp().length
}
