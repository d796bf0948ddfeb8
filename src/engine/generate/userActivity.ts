/**
 * Benign activity of people, one unit at a time: an SSH session (admins run their usual sudo
 * commands), a visit to the portal, a stint in the cloud console/CLI. Habits come from the user
 * record: usual addresses, methods, commands and volumes; benign failures (typos) included.
 */
import type { Emitter } from './Emitter'
import { type Geo, API_ENDPOINTS, BUCKETS, CLOUD_READ_ACTIONS, SHARED_FILES, cloudApiCall, cloudLogin, portalApiCall, portalFileAccess, portalLogin, portalLogout, USER_AGENTS } from './records'
import { type Random, chance, exponential, intBetween, logNormal, pick, poisson } from './sampling'
import * as su from './adminMessages'
import { habitualOrigin } from './habits'
import { type OpenSession, sshSession, sudoRun } from './sshActivity'
import { sessionClosed, sessionOpened } from './sshdMessages'
import { type Host, type User, type World, inWorkingHours, isDayOff } from './world'

export interface ActivityContext {
  world: World
  em: Emitter
  rng: Random
}

const MINUTE = 60_000

/** Times spread over a session's body, sorted. */
function bodyTimes(rng: Random, s: OpenSession, n: number): number[] {
  const span = Math.max(1000, s.end - s.start - 20_000)
  return Array.from({ length: n }, () => s.start + 10_000 + rng.next() * span).sort((a, b) => a - b)
}

/** A favourite command first: admins repeat a few commands most of the time. */
function habitualCommand(rng: Random, commands: readonly string[]): string {
  const i = Math.min(commands.length - 1, Math.floor(exponential(rng, 1.5)))
  return commands[i]
}

/** One SSH session of a person on a host. */
export function sshUserSession(ctx: ActivityContext, host: Host, user: User, start: number): void {
  const { em, rng } = ctx
  const asRoot = user.rootHabit && host.dialect === 'legacy' && chance(rng, 0.25)
  const ip = chance(rng, 0.01) ? `10.10.${intBetween(rng, 1, 20)}.${intBetween(rng, 2, 250)}` : pick(rng, user.sshIps)
  const durationMs = Math.min(8 * 60 * MINUTE, Math.max(30_000, logNormal(rng, 25 * MINUTE, 1.0)))
  sshSession(
    em,
    rng,
    {
      host,
      user: asRoot ? 'root' : user.name,
      uid: asRoot ? 0 : user.uid,
      ip,
      method: user.sshMethod,
      keyLabel: user.keyLabel,
      start,
      durationMs,
      label: null,
      typo: user.sshMethod === 'password' && chance(rng, 0.06),
    },
    (s) => {
      if (asRoot || user.kind !== 'admin') return
      const who = { host, user: user.name, uid: user.uid, tty: s.tty, label: null }
      for (const t of bodyTimes(rng, s, poisson(rng, 2.5))) {
        const command = habitualCommand(rng, user.sudoCommands)
        const duration = command === '/bin/bash' ? logNormal(rng, 4 * MINUTE, 0.8) : 200 + rng.next() * 5000
        sudoRun(em, rng, who, t, command, { durationMs: Math.min(duration, s.end - t), typo: chance(rng, 0.03) })
      }
      if (chance(rng, 0.03)) adminSu(ctx, s, user)
    },
  )
}

/** An admin's habitual `su -` to root. */
function adminSu(ctx: ActivityContext, s: OpenSession, user: User): void {
  const { em, rng } = ctx
  const t = s.start + (s.end - s.start) * (0.2 + 0.5 * rng.next())
  const tag = `su[${em.pid(s.host, t, rng)}]`
  em.syslog(s.host, t, tag, su.suSuccess('root', user.name, s.tty))
  em.syslog(s.host, t + 3, tag, sessionOpened(s.host.dialect, 'su-l', 'root', 0, { name: user.name, uid: user.uid }))
  em.syslog(s.host, Math.min(s.end - 2000, t + logNormal(rng, 3 * MINUTE, 0.7)), tag, sessionClosed('su-l', 'root'))
}

/** Where a person connects to the portal or the cloud from: the office in working hours, else home. */
export function webOrigin(world: World, rng: Random, user: User, ts: number): { ip: string; geo: Geo } {
  if (user.vpnExit || user.trip) {
    const habitual = habitualOrigin(world, rng, user, ts)
    if (habitual) return habitual
  }
  const hour = new Date(ts).getUTCHours()
  const weekday = !isDayOff(world, Math.floor((ts - world.startMs) / 86_400_000))
  if (weekday && inWorkingHours(user, hour) && chance(rng, 0.5)) {
    return { ip: world.officeEgress, geo: { country: world.hq.code, ...world.hqPoint } }
  }
  return { ip: pick(rng, user.homeIps), geo: { country: user.home.code, ...user.homePoint } }
}

export function userAgentOf(user: User): string {
  return USER_AGENTS[user.index % USER_AGENTS.length]
}

/** A visit to the portal: login (sometimes after a typo), file accesses and API calls, maybe a logout. */
export function portalVisit(ctx: ActivityContext, user: User, start: number): void {
  const { em, rng, world } = ctx
  const { ip, geo } = webOrigin(world, rng, user, start)
  const ua = userAgentOf(user)
  let t = start
  if (chance(rng, 0.03)) {
    em.portal(t, portalLogin(t, user.name, ip, false, geo, ua))
    t += intBetween(rng, 5000, 15_000)
  }
  em.portal(t, portalLogin(t, user.name, ip, true, geo, ua))
  const n = 1 + poisson(rng, 3)
  for (let i = 0; i < n; i++) {
    t += exponential(rng, 4 * MINUTE)
    if (chance(rng, 0.6)) {
      const r = rng.next()
      const operation = r < 0.7 ? 'download' : r < 0.9 ? 'view' : 'upload'
      const bytes = logNormal(rng, user.bytesMedian, 0.8) / (operation === 'view' ? 20 : 1)
      em.portal(t, portalFileAccess(t, user.name, ip, operation, pick(rng, SHARED_FILES), bytes))
    } else {
      const [method, endpoint] = pick(rng, API_ENDPOINTS)
      const status = chance(rng, 0.02) ? pick(rng, [403, 404]) : 200
      em.portal(t, portalApiCall(t, user.name, ip, method, endpoint, status, logNormal(rng, 15_000, 0.8)))
    }
  }
  if (chance(rng, 0.5)) em.portal(t + exponential(rng, 2 * MINUTE), portalLogout(t, user.name, ip))
}

/** A stint in the cloud: a console login and a few reads, or a burst of CLI calls. */
export function cloudStint(ctx: ActivityContext, user: User, start: number): void {
  const { em, rng, world } = ctx
  const { ip, geo } = webOrigin(world, rng, user, start)
  const region = chance(rng, 0.85) ? 'eu-central-1' : 'eu-west-1'
  let t = start
  let calls: number
  if (chance(rng, 0.3)) {
    em.cloud(t, cloudLogin(t, user.name, ip, true, geo, region, userAgentOf(user)))
    calls = poisson(rng, 2)
  } else {
    calls = 1 + poisson(rng, 1.5)
  }
  for (let i = 0; i < calls; i++) {
    t += exponential(rng, 90_000)
    if (chance(rng, 0.7)) {
      em.cloud(t, cloudApiCall(t, user.name, ip, pick(rng, CLOUD_READ_ACTIONS), `arn:aws:::${region}`, null, region))
    } else {
      const action = chance(rng, 0.75) ? 'GetObject' : 'PutObject'
      const key = `${pick(rng, BUCKETS.slice(0, 3))}/${pick(rng, ['exports', 'reports', 'tmp', 'builds'])}/${intBetween(rng, 1000, 9999)}.parquet`
      em.cloud(t, cloudApiCall(t, user.name, ip, action, key, logNormal(rng, user.bytesMedian * 2, 1.0), region))
    }
  }
}
