/**
 * Benign habits that look like attacks, for data sets that vary (world.ts `Variety`): shift
 * workers whose hours wrap past midnight, admins who walk several hosts from the bastion every
 * working day, people who connect through a commercial VPN, and a traveller abroad for days who
 * alternates between the hotel's address and the company VPN. Each draws from its own stream;
 * with no variety nothing here runs, so the default data set is unchanged.
 */
import type { Emitter } from './Emitter'
import { FAR_COUNTRIES, country, jitteredPoint, publicIp } from './geo'
import { type Random, chance, hashUniform, intBetween, logNormal, pick, sample, streamFor } from './sampling'
import { sshSession, sudoRun } from './sshActivity'
import { type User, type World, isDayOff } from './world'

const MINUTE = 60_000
const HOUR = 3_600_000

/** VPN providers' exits near the home countries. */
const VPN_EXITS = ['NL', 'GB', 'FR', 'ES'] as const

/** Gives people the habits the world's variety asks for. */
export function drawHabits(world: World): void {
  const v = world.variety
  // The first three people carry the attack scenarios' assumptions (admins, a password user): left as they are.
  const people = world.users.filter((u) => u.index >= 3)
  if (v.shiftWorkers) {
    const rng = streamFor(world.seed, 'shifts')
    const server = people.filter((u) => u.hostWeights.some((w) => w > 0))
    for (const [i, u] of sample(rng, server, Math.max(2, Math.round(server.length * 0.15))).entries()) {
      // Night shift 22:00–06:00 (hours wrap past midnight), or late shift 14:00–22:00.
      u.start = i % 2 === 0 ? 22 : 14
      u.end = u.start + 8
      u.weekend = 0.25
    }
  }
  if (v.hoppingAdmins && world.hosts.length >= 2) {
    const rng = streamFor(world.seed, 'hoppers')
    const admins = world.users.filter((u) => u.kind === 'admin')
    for (const u of sample(rng, admins, Math.min(2, admins.length))) u.hopHabit = true
  }
  if (v.vpnTravellers) {
    const rng = streamFor(world.seed, 'travel')
    const [traveller, ...vpnUsers] = sample(rng, people, Math.min(people.length, 3))
    for (const u of [traveller, ...vpnUsers]) {
      if (!u) continue
      const c = country(pick(rng, VPN_EXITS))
      u.vpnExit = { ip: publicIp(rng, c), country: c, point: jitteredPoint(rng, c) }
      world.knownIps.add(u.vpnExit.ip)
    }
    if (traveller && world.days >= 5) {
      const c = country(pick(rng, FAR_COUNTRIES))
      const from = intBetween(rng, Math.floor(world.days * 0.3), Math.max(Math.floor(world.days * 0.3), world.days - 4))
      traveller.trip = { from, to: from + intBetween(rng, 3, 5), ip: publicIp(rng, c), country: c, point: jitteredPoint(rng, c) }
      world.knownIps.add(traveller.trip.ip)
    }
  }
}

/** A long-haul flight and the airports around it: only the company VPN (in-flight wifi) is used then. */
const FLIGHT_MS = 14 * HOUR

/**
 * Where a person with a VPN habit or on a trip connects from at `ts`, or null for the usual
 * (home or office). Abroad: the hotel's address or the company VPN, whose exit is the office's.
 * Flights take their time: between the last login from home and the first from the hotel (and
 * back) lie at least 14 hours in which only the company VPN is used.
 */
export function habitualOrigin(world: World, rng: Random, user: User, ts: number): { ip: string; geo: { country: string; lat: number; lon: number } } | null {
  const trip = user.trip
  if (trip) {
    const leave = world.startMs + trip.from * 86_400_000
    const back = world.startMs + trip.to * 86_400_000
    const vpn = { ip: world.officeEgress, geo: { country: world.hq.code, ...world.hqPoint } }
    if (ts >= leave - 2 * HOUR && ts < leave + FLIGHT_MS) return vpn
    if (ts >= back - 2 * HOUR && ts < back + FLIGHT_MS) return vpn
    if (ts >= leave && ts < back) return chance(rng, 0.5) ? vpn : { ip: trip.ip, geo: { country: trip.country.code, ...trip.point } }
  }
  if (user.vpnExit && chance(rng, 0.3)) return { ip: user.vpnExit.ip, geo: { country: user.vpnExit.country.code, ...user.vpnExit.point } }
  return null
}

/** The hopping admins' daily walk, in hour `h`: the bastion from their usual address, then 3–6 hosts from it. */
export function habitHour(world: World, em: Emitter, rng: Random, h: number): void {
  if (!world.variety.hoppingAdmins || world.hosts.length < 2) return
  const day = Math.floor(h / 24)
  const hour = h % 24
  if (isDayOff(world, day)) return
  for (const admin of world.users) {
    if (!admin.hopHabit) continue
    const span = Math.max(1, admin.end - admin.start - 2)
    if (hour !== (admin.start + 1 + Math.floor(hashUniform(world.seed, 'walk', admin.index, day) * span)) % 24) continue
    walk(world, em, rng, admin, world.startMs + h * HOUR + rng.next() * 30 * MINUTE)
  }
}

function walk(world: World, em: Emitter, rng: Random, admin: User, start: number): void {
  const bastion = world.hosts[0]
  const others = world.hosts.slice(1)
  const targets = sample(rng, others, Math.min(others.length, intBetween(rng, 3, 6)))
  const who = { user: admin.name, uid: admin.uid, method: admin.sshMethod, keyLabel: admin.keyLabel, label: null }
  sshSession(em, rng, { ...who, host: bastion, ip: admin.sshIps[0], start, durationMs: 20 * MINUTE + targets.length * 8 * MINUTE })
  let t = start + MINUTE + rng.next() * 2 * MINUTE
  for (const host of targets) {
    sshSession(em, rng, { ...who, host, ip: bastion.ip, start: t, durationMs: 3 * MINUTE + rng.next() * 10 * MINUTE }, (s) => {
      if (admin.sudoCommands.length > 0) sudoRun(em, rng, { host, user: admin.name, uid: admin.uid, tty: s.tty, label: null }, s.start + 30_000, pick(rng, admin.sudoCommands), { durationMs: logNormal(rng, 3000, 0.5) })
    })
    t += MINUTE + rng.next() * 2 * MINUTE
  }
}
