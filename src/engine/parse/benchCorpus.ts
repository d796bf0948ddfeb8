/**
 * A generated, realistic auth-log corpus for throughput measurement (seeded: same lines each run).
 */
import { Random } from '../util/random'

/** The engine's seeded generator as a function, for the corpus builders below. */
function seededRandom(seed: number): () => number {
  const rng = new Random(seed)
  return () => rng.next()
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const USERS = ['root', 'admin', 'alice', 'bob', 'deploy', 'oracle', 'test', 'ubuntu', 'postgres', 'git']
const HOSTS = ['web-01', 'web-02', 'db-01', 'bastion']

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** `n` syslog auth lines, in time order from `startMs` (about a second apart), a realistic mix of sshd/PAM/sudo/CRON messages. */
export function syslogCorpus(n: number, seed = 1, startMs = Date.UTC(2025, 11, 20)): string[] {
  const rnd = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
  const lines: string[] = new Array(n)
  let t = startMs
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 2000)
    const d = new Date(t)
    const day = d.getUTCDate()
    const stamp = `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ` ${day}` : day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
    const host = pick(HOSTS)
    const pid = 1000 + Math.floor(rnd() * 60000)
    const ip = `${1 + Math.floor(rnd() * 222)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`
    const port = 1024 + Math.floor(rnd() * 64000)
    const user = pick(USERS)
    const r = rnd()
    let msg: string
    if (r < 0.3) msg = `sshd[${pid}]: Failed password for ${rnd() < 0.5 ? 'invalid user ' : ''}${user} from ${ip} port ${port} ssh2`
    else if (r < 0.4) msg = `sshd[${pid}]: Invalid user ${user} from ${ip} port ${port}`
    else if (r < 0.5) msg = `sshd[${pid}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=${user}`
    else if (r < 0.6) msg = `sshd[${pid}]: Connection closed by authenticating user ${user} ${ip} port ${port} [preauth]`
    else if (r < 0.66) msg = `sshd[${pid}]: Accepted publickey for ${user} from ${ip} port ${port} ssh2: ED25519 SHA256:pPq1bqTzvG8xQ0o1yZ3l0d0u3pZr2Q8k4mS0aB1cD2e`
    else if (r < 0.72) msg = `sshd[${pid}]: pam_unix(sshd:session): session opened for user ${user}(uid=1000) by (uid=0)`
    else if (r < 0.78) msg = `sshd[${pid}]: Received disconnect from ${ip} port ${port}:11: Bye Bye [preauth]`
    else if (r < 0.84) msg = `CRON[${pid}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)`
    else if (r < 0.9) msg = `CRON[${pid}]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)`
    else if (r < 0.95) msg = `sudo:    ${user} : TTY=pts/0 ; PWD=/home/${user} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`
    else msg = `sshd[${pid}]: Did not receive identification string from ${ip} port ${port}`
    lines[i] = `${stamp} ${host} ${msg}`
  }
  return lines
}

/** `n` JSON lines: a mix of login, file, API and network records with ECS and flat aliases. */
export function jsonlCorpus(n: number, seed = 2): string[] {
  const rnd = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
  const lines: string[] = new Array(n)
  let t = Date.UTC(2025, 11, 20)
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 2000)
    const ip = `${1 + Math.floor(rnd() * 222)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`
    const user = pick(USERS)
    const r = rnd()
    if (r < 0.4) {
      lines[i] = JSON.stringify({ timestamp: new Date(t).toISOString(), user, source_ip: ip, event_type: 'login', outcome: rnd() < 0.7 ? 'success' : 'failure', host: pick(HOSTS) })
    } else if (r < 0.6) {
      lines[i] = JSON.stringify({ '@timestamp': new Date(t).toISOString(), user: { name: user }, source: { ip, geo: { country_iso_code: 'DE' } }, event: { action: 'file_read', outcome: 'success' }, host: { name: pick(HOSTS) } })
    } else if (r < 0.8) {
      lines[i] = JSON.stringify({ time: Math.floor(t / 1000), username: user, client_ip: ip, type: 'api_request', status: 200, bytes: Math.floor(rnd() * 100000) })
    } else {
      lines[i] = JSON.stringify({ ts: t, user, src_ip: ip, category: 'network', action: 'allow', bytes_out: Math.floor(rnd() * 1e6) })
    }
  }
  return lines
}
