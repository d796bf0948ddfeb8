/**
 * What every attack episode generator gets: the world, where to write, its own random stream,
 * its label, the day it was planned on, and helpers to place it in time and draw fresh
 * attacker addresses.
 */
import type { Label } from '../attackKinds'
import type { Emitter } from '../Emitter'
import { type Country, HOSTILE_COUNTRIES, country, publicIp } from '../geo'
import { type Random, intBetween, pick } from '../sampling'
import { type Host, type User, type World, isDayOff } from '../world'

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

export interface AttackContext {
  world: World
  em: Emitter
  rng: Random
  label: Label
  /** 0-based number of this episode among those of its kind (chooses variants). */
  index: number
  /** Midnight (UTC) of the planned day. */
  dayMs: number
  /** Attacks happen in [windowStart, windowEnd) (after the baseline period, before the end). */
  windowStart: number
  windowEnd: number
  /** Addresses already used by attackers (each episode gets its own). */
  usedIps: Set<string>
  /** Extra invalid user names to try (the demo's hostile names). */
  extraNames: readonly string[]
  /** How big this episode is (always `normal` unless the data set varies attack sizes). */
  size: AttackSize
}

export const ATTACK_SIZES = ['tiny', 'small', 'normal', 'huge'] as const
export type AttackSize = (typeof ATTACK_SIZES)[number]

/** A count for this episode: drawn from the range of its size. */
export function sized(ctx: AttackContext, ranges: Readonly<Record<AttackSize, readonly [number, number]>>): number {
  const [lo, hi] = ranges[ctx.size]
  return intBetween(ctx.rng, lo, hi)
}

/** A fresh attacker address in a hostile (or the given) country. */
export function attackerIp(ctx: AttackContext, code?: string): { ip: string; country: Country } {
  for (;;) {
    const c = country(code ?? pick(ctx.rng, HOSTILE_COUNTRIES))
    const ip = publicIp(ctx.rng, c)
    if (ctx.world.knownIps.has(ip) || ctx.usedIps.has(ip)) continue
    ctx.usedIps.add(ip)
    return { ip, country: c }
  }
}

/** A start in the small hours of the planned day (01:00–04:30). */
export function nightStart(ctx: AttackContext): number {
  return clampStart(ctx, ctx.dayMs + HOUR + ctx.rng.next() * 3.5 * HOUR, 2 * HOUR)
}

/** A start at any time of the planned day. */
export function anyStart(ctx: AttackContext, maxDurationMs: number): number {
  return clampStart(ctx, ctx.dayMs + ctx.rng.next() * DAY, maxDurationMs)
}

/** A start inside the user's working hours on a weekday at or before the planned day. */
export function workStart(ctx: AttackContext, user: User, maxDurationMs: number): number {
  let day = ctx.dayMs
  const off = (ms: number): boolean => isDayOff(ctx.world, Math.floor((ms - ctx.world.startMs) / DAY))
  while (off(day) && day - DAY >= ctx.windowStart) day -= DAY
  while (off(day) && day + DAY < ctx.windowEnd) day += DAY
  const hour = intBetween(ctx.rng, user.start + 1, Math.max(user.start + 1, user.end - 2))
  return clampStart(ctx, day + hour * HOUR + ctx.rng.next() * HOUR, maxDurationMs)
}

function clampStart(ctx: AttackContext, ts: number, maxDurationMs: number): number {
  const latest = ctx.windowEnd - maxDurationMs
  // Pulled back by a random amount, so that episodes planned late on the last day do not pile up.
  const t = ts > latest ? latest - ctx.rng.next() * 6 * HOUR : ts
  return Math.max(ctx.windowStart, t)
}

export function internetHosts(world: World): Host[] {
  const hosts = world.hosts.filter((h) => h.internetFacing)
  return hosts.length > 0 ? hosts : world.hosts
}

/**
 * Accounts that exist on the servers: admins and developers come from the central directory and
 * exist on every host (each uses only a few); staff have no server account, so sshd calls them,
 * like any other unknown name, an invalid user.
 */
export function serverAccounts(world: World): User[] {
  return world.users.filter((u) => u.kind !== 'staff')
}

export function admins(world: World): User[] {
  return world.users.filter((u) => u.kind === 'admin')
}
