/**
 * Internet background on internet-facing hosts: scanners that knock once, clients that never send
 * a banner, old clients that cannot negotiate, and a few password guesses for root or common names
 * from random addresses every hour — what every exposed sshd sees, and what an analyst does not
 * want at the top of the grid.
 */
import type { Emitter } from './Emitter'
import { anyPublicIp } from './geo'
import { type Random, chance, intBetween, pick, poisson } from './sampling'
import { failedConnection, sourcePort } from './sshActivity'
import * as ssh from './sshdMessages'
import type { Host, World } from './world'

const HOUR = 3_600_000
const COMMON_NAMES = ['admin', 'test', 'user', 'ubuntu', 'oracle', 'git', 'pi', 'ftpuser', 'guest', 'support', 'mysql', 'www', 'tomcat', 'hadoop', 'dev', 'minecraft', 'steam', 'teamspeak']

export class InternetNoise {
  /** Scanners that come back every few hours, one knock each time. */
  private readonly regulars: string[]

  constructor(
    private readonly world: World,
    rng: Random,
    /** Multiplier of the hourly rate (below 1 for tiny data sets). */
    private readonly scale: number,
  ) {
    this.regulars = Array.from({ length: 40 }, () => anyPublicIp(rng))
  }

  /** Knocks on every internet-facing host during hour `h`. */
  hour(em: Emitter, rng: Random, h: number): void {
    const t0 = this.world.startMs + h * HOUR
    for (const host of this.world.hosts) {
      if (!host.internetFacing) continue
      const rate = (host.index === 0 ? 4 : 2) * this.scale
      for (let i = 0, n = poisson(rng, rate); i < n; i++) this.knock(em, rng, host, t0 + rng.next() * HOUR)
    }
  }

  private knock(em: Emitter, rng: Random, host: Host, ts: number): void {
    const d = host.dialect
    const ip = chance(rng, 0.3) ? pick(rng, this.regulars) : anyPublicIp(rng)
    const port = sourcePort(rng)
    const tag = `sshd[${em.pid(host, ts, rng)}]`
    const rhost = d === 'legacy' && chance(rng, 0.15) ? `${ip.split('.').reverse().join('-')}.dyn.example-isp.net` : undefined
    const r = rng.next()
    if (r < 0.35) {
      em.syslog(host, ts, tag, ssh.noIdentification(d, ip, port))
    } else if (r < 0.5) {
      em.syslog(host, ts, tag, ssh.closedPreauth(d, ip, port, null))
    } else if (r < 0.58) {
      em.syslog(host, ts, tag, d === 'modern' ? ssh.unableToNegotiate(ip, port) : ssh.noIdentification(d, ip, port))
    } else if (r < 0.63) {
      em.syslog(host, ts, tag, ssh.badBanner(d, ip, port))
    } else if (r < 0.88) {
      failedConnection(em, rng, { host, ip, user: 'root', invalid: false, attempts: intBetween(rng, 1, 3), start: ts, label: null, rhost })
    } else {
      failedConnection(em, rng, { host, ip, user: pick(rng, COMMON_NAMES), invalid: true, attempts: chance(rng, 0.3) ? 0 : 1, start: ts, label: null, rhost })
    }
  }
}
