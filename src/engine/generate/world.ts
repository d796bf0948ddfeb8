/**
 * The generated organisation: hosts, people with habits, service accounts and address plans.
 * Everything is drawn once from the seed; the activity generators only read it.
 */
import { type Country, HOME_COUNTRIES, country, jitteredPoint, publicIp } from './geo'
import { type Random, chance, intBetween, logNormal, pick, sample } from './sampling'

/** `legacy`: RFC 3164 timestamps, OpenSSH 7.x / PAM 1.1 wording. `modern`: rsyslog ISO 8601, OpenSSH 9 / PAM 1.5. */
export type Dialect = 'legacy' | 'modern'

/**
 * What a data set varies beyond its size (shapes.ts): each is off by default, so the default
 * folder stays what it was; each draws from its own random stream, so turning one on does not
 * move the rest.
 */
export interface Variety {
  /** Attack episodes from tiny (a dozen lines) to huge (thousands), instead of one middle size. */
  attackSizes: boolean
  /** Lateral movement over 2–6 hosts, from a foothold host, a new internal address or the internet. */
  lateralSpread: boolean
  /** Some people work late or night shifts (hours that wrap past midnight). */
  shiftWorkers: boolean
  /** Admins who walk several hosts from the bastion every working day (lateral movement's near miss). */
  hoppingAdmins: boolean
  /** People who use a commercial VPN from home, and one who travels abroad for days on the company VPN. */
  vpnTravellers: boolean
  /** Attacks from the first day: no clean baseline. */
  dayOne: boolean
}

export const NO_VARIETY: Variety = Object.freeze({
  attackSizes: false,
  lateralSpread: false,
  shiftWorkers: false,
  hoppingAdmins: false,
  vpnTravellers: false,
  dayOne: false,
})

export interface Host {
  index: number
  name: string
  /** Internal address (the source IP when someone hops from this host to another). */
  ip: string
  dialect: Dialect
  internetFacing: boolean
}

export type UserKind = 'admin' | 'dev' | 'staff'

export interface User {
  index: number
  name: string
  uid: number
  kind: UserKind
  /** Usual working hours, UTC, [start, end). */
  start: number
  end: number
  /** Multiplier of activity on Saturdays and Sundays. */
  weekend: number
  /** Relative amount of activity. */
  activity: number
  /** Preference for each host (all zero: never logs in over SSH). */
  hostWeights: Float64Array
  sshIps: string[]
  sshMethod: 'publickey' | 'password'
  keyLabel: string
  home: Country
  /** Where this user's JSON logins are located (a GeoIP database gives the same point each time). */
  homePoint: { lat: number; lon: number }
  homeIps: string[]
  usesCloud: boolean
  /** Median bytes per file download: the user's volume habit. */
  bytesMedian: number
  /** Admins' usual sudo commands. */
  sudoCommands: string[]
  /** An admin who sometimes logs in as root directly (on hosts that allow it). */
  rootHabit: boolean
  /** An admin who walks several hosts from the bastion every working day (Variety.hoppingAdmins). */
  hopHabit?: boolean
  /** A commercial VPN exit this person sometimes connects from (Variety.vpnTravellers). */
  vpnExit?: { ip: string; country: Country; point: { lat: number; lon: number } }
  /** Days abroad (data-set days, [from, to)) with the hotel's address (Variety.vpnTravellers). */
  trip?: { from: number; to: number; ip: string; country: Country; point: { lat: number; lon: number } }
}

export interface World {
  seed: number
  startMs: number
  days: number
  variety: Variety
  hosts: Host[]
  users: User[]
  /** Company networks. */
  mgmtIp: string
  ciIp: string
  backupIp: string
  /** The office's public address (what the portal and the cloud see from the office). */
  officeEgress: string
  /** Headquarters: where the office egress address is located. */
  hq: Country
  hqPoint: { lat: number; lon: number }
  /** Every address normal activity uses (attackers are drawn outside it). */
  knownIps: Set<string>
}

const HOST_NAMES = ['bastion-01', 'web-01', 'db-01', 'app-01', 'web-02', 'app-02', 'ci-01', 'mail-01', 'files-01', 'monitor-01']
const INTERNET_FACING = new Set(['bastion-01', 'web-01', 'web-02', 'mail-01'])

const FIRST_NAMES = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'karl', 'laura',
  'mike', 'nina', 'oscar', 'peggy', 'quinn', 'rupert', 'sybil', 'trent', 'ursula', 'victor', 'wendy',
  'xavier', 'yvonne', 'zoe', 'anna', 'ben', 'clara', 'daniel', 'eva', 'felix', 'greta', 'hannah',
  'jonas', 'klara', 'lukas', 'marie', 'noah', 'olga', 'paul', 'rosa', 'simon', 'tina', 'uwe', 'vera',
  'walter', 'yasmin', 'marta', 'pieter', 'sanne', 'louis', 'chloe', 'oliver', 'amelia', 'jakub', 'zofia',
  'pablo', 'lucia', 'henrik', 'ingrid', 'tomas', 'elena', 'mateo', 'sofia', 'emil', 'lena', 'arne',
]
const SURNAMES = [
  'smith', 'mueller', 'schmidt', 'jansen', 'dubois', 'kowalski', 'garcia', 'brown', 'wagner', 'becker',
  'devries', 'martin', 'nowak', 'lopez', 'taylor', 'hoffmann', 'bakker', 'bernard', 'wisniewski', 'sanchez',
]

const ADMIN_COMMANDS = [
  '/usr/bin/systemctl restart nginx', '/usr/bin/systemctl status nginx', '/usr/bin/apt update',
  '/usr/bin/apt upgrade -y', '/usr/bin/journalctl -u nginx --since today', '/usr/bin/tail -n 200 /var/log/syslog',
  '/usr/bin/docker ps', '/usr/bin/docker logs app', '/usr/bin/vim /etc/nginx/sites-available/default',
  '/usr/bin/systemctl reload nginx', '/usr/sbin/ufw status', '/usr/bin/df -h', '/usr/bin/du -sh /var/lib/docker',
  '/usr/bin/systemctl restart postgresql', '/usr/bin/less /var/log/nginx/error.log', '/usr/bin/netstat -tlpn',
  '/usr/bin/certbot renew', '/usr/bin/crontab -l', '/usr/bin/ls -la /root', '/bin/bash',
]

/** Name of the i-th host (its folder in the data set). */
export function hostName(i: number): string {
  return i < HOST_NAMES.length ? HOST_NAMES[i] : `node-${String(i + 1).padStart(2, '0')}`
}

/** Monday 2026-03-02, shifted by whole weeks by the seed: the first day of the data set. */
export function baseDateMs(seed: number): number {
  return Date.UTC(2026, 2, 2) + 7 * 86_400_000 * (Math.abs(Math.floor(seed)) % 4)
}

/** How many people the organisation has for a data set of this size. */
export function userCount(events: number): number {
  return Math.max(12, Math.min(5000, Math.round(Math.sqrt(events) / 8)))
}

export interface WorldOptions {
  seed: number
  events: number
  hosts: number
  days: number
  /** First day (UTC midnight); default baseDateMs(seed). */
  startMs?: number
  variety?: Variety
}

/** Draws the organisation. */
export function buildWorld(rng: Random, options: WorldOptions): World {
  const hosts: Host[] = []
  for (let i = 0; i < options.hosts; i++) {
    const name = hostName(i)
    hosts.push({
      index: i,
      name,
      ip: `10.0.1.${10 + i}`,
      dialect: i % 2 === 0 ? 'legacy' : 'modern',
      internetFacing: INTERNET_FACING.has(name) || i === 0,
    })
  }
  const knownIps = new Set<string>(hosts.map((h) => h.ip))
  const names = userNames(rng, userCount(options.events))
  const users: User[] = names.map((name, index) => drawUser(rng, name, index, hosts, knownIps))
  // Scenarios need at least two admins, one of them with password logins, and a dev with passwords.
  users[0].kind = 'admin'
  users[1].kind = 'admin'
  users[1].sshMethod = 'password'
  users[2].kind = 'dev'
  users[2].sshMethod = 'password'
  users[2].sudoCommands = []
  for (const u of users.slice(0, 3)) fillSsh(rng, u, hosts)
  users[0].rootHabit = true
  const hq = country('DE')
  const officeEgress = '217.229.18.34'
  knownIps.add(officeEgress)
  return {
    seed: options.seed,
    startMs: options.startMs ?? baseDateMs(options.seed),
    days: options.days,
    variety: options.variety ?? NO_VARIETY,
    hosts,
    users,
    mgmtIp: '10.0.0.5',
    ciIp: '10.0.0.21',
    backupIp: '10.0.0.30',
    officeEgress,
    hq,
    hqPoint: { lat: 52.5163, lon: 13.3777 },
    knownIps,
  }
}

function userNames(rng: Random, n: number): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  for (const first of FIRST_NAMES) {
    if (out.length >= n) break
    out.push(first)
    seen.add(first)
  }
  while (out.length < n) {
    const name = `${pick(rng, FIRST_NAMES)[0]}${pick(rng, SURNAMES)}`
    const candidate = seen.has(name) ? `${name}${intBetween(rng, 2, 99)}` : name
    if (seen.has(candidate)) continue
    seen.add(candidate)
    out.push(candidate)
  }
  return out
}

function drawUser(rng: Random, name: string, index: number, hosts: Host[], knownIps: Set<string>): User {
  const r = rng.next()
  const kind: UserKind = r < 0.12 ? 'admin' : r < 0.5 ? 'dev' : 'staff'
  const start = intBetween(rng, 6, 9)
  const home = country(pick(rng, HOME_COUNTRIES))
  const homeIps = Array.from({ length: intBetween(rng, 1, 2) }, () => publicIp(rng, home))
  const vpnIp = `10.8.${Math.floor(index / 250)}.${(index % 250) + 2}`
  const officeIp = `10.10.${intBetween(rng, 1, 20)}.${intBetween(rng, 2, 250)}`
  for (const ip of [...homeIps, vpnIp, officeIp]) knownIps.add(ip)
  const user: User = {
    index,
    name,
    uid: 1001 + index,
    kind,
    start,
    end: start + intBetween(rng, 8, 10),
    weekend: chance(rng, 0.12) ? 0.25 : 0.02,
    activity: logNormal(rng, 1, 0.5),
    hostWeights: new Float64Array(hosts.length),
    sshIps: chance(rng, 0.5) ? [vpnIp, officeIp] : [vpnIp],
    sshMethod: chance(rng, 0.7) ? 'publickey' : 'password',
    keyLabel: `${chance(rng, 0.6) ? 'ED25519' : 'RSA'} SHA256:${base64ish(rng, 43)}`,
    home,
    homePoint: jitteredPoint(rng, home),
    homeIps,
    usesCloud: kind !== 'staff' || chance(rng, 0.15),
    bytesMedian: logNormal(rng, 400_000, 1.0),
    sudoCommands: kind === 'admin' ? sample(rng, ADMIN_COMMANDS, intBetween(rng, 4, 8)) : [],
    rootHabit: false,
  }
  fillSsh(rng, user, hosts)
  return user
}

function fillSsh(rng: Random, user: User, hosts: Host[]): void {
  user.hostWeights.fill(0)
  if (user.kind === 'staff') return
  if (user.kind === 'admin') {
    for (const h of hosts) user.hostWeights[h.index] = 0.3 + rng.next()
    if (user.sudoCommands.length === 0) user.sudoCommands = sample(rng, ADMIN_COMMANDS, 5)
    return
  }
  // Developers work on one or two hosts, not the bastion's console.
  const candidates = hosts.length > 1 ? hosts.slice(1) : hosts
  for (const h of sample(rng, candidates, Math.min(candidates.length, intBetween(rng, 1, 2)))) {
    user.hostWeights[h.index] = 0.5 + rng.next()
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Random base64 text (key fingerprints). */
export function base64ish(rng: Random, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += B64[rng.nextInt(64)]
  return s
}

const DAY_MS = 86_400_000

/** 0 = Monday … 6 = Sunday: the calendar weekday of day `day` of the data set. */
export function weekdayOf(world: World, day: number): number {
  return (new Date(world.startMs + day * DAY_MS).getUTCDay() + 6) % 7
}

/** Public holidays most of the organisation takes off (month-day, UTC). */
const HOLIDAYS = new Set(['12-24', '12-25', '12-26', '12-31', '01-01'])

/** A weekend or a public holiday. */
export function isDayOff(world: World, day: number): boolean {
  return weekdayOf(world, day) >= 5 || HOLIDAYS.has(new Date(world.startMs + day * DAY_MS).toISOString().slice(5, 10))
}

/** Whether `hour` is in the user's working hours; a night shift's hours wrap past midnight (end > 24). */
export function inWorkingHours(user: User, hour: number): boolean {
  return (hour - user.start + 24) % 24 < user.end - user.start
}

/** Weight of a user's activity in one hour of one day (seasonality and habits). */
export function hourWeight(user: User, dayOff: boolean, hour: number, dayFactor: number): number {
  let w: number
  if (inWorkingHours(user, hour)) w = hour === 12 ? 0.6 : 1
  else if (hour === (user.start + 23) % 24 || hour === user.end % 24) w = 0.2
  else w = 0.01
  if (dayOff) w *= user.weekend
  return w * user.activity * dayFactor
}
