/**
 * Which episodes a data set gets and when: every kind, a few times each (more for bigger data
 * sets), on days after the baseline period, each with its own random stream so that one episode
 * does not shift another.
 */
import { assertNever } from '../../../shared/result'
import { ATTACK_KINDS, type AttackKind } from '../attackKinds'
import type { Emitter } from '../Emitter'
import { hashSeed, pick, Random } from '../sampling'
import type { World } from '../world'
import { ATTACK_SIZES, type AttackContext, DAY, HOUR } from './context'
import { bruteForce, credentialCompromise, passwordSpraying, userEnumeration } from './credentialAttacks'
import { dataExfiltration, impossibleTravel } from './dataAttacks'
import { lateralMovement, logTampering, persistence, privilegeEscalation, privilegedLogin } from './hostAttacks'

/** Episodes of each kind: 2 at the default 100,000 events, growing with the square root of the size. */
export function episodesPerKind(events: number): number {
  return Math.max(1, Math.round(2 * Math.sqrt(events / 100_000)))
}

/**
 * First day attacks may happen: after the detectors' default baseline (the first 7 days, or the
 * first 30 % of shorter data sets), so the baseline they learn from is clean of injected attacks.
 */
export function firstAttackDay(days: number): number {
  if (days >= 10) return 7
  return Math.min(days - 1, Math.max(1, Math.ceil(days * 0.3)))
}

/**
 * Kinds that need something this world may lack. Lateral movement needs three hosts: a walk is at
 * least two hops (a single hop between two machines is what admins do all day), and the episode
 * walks every host when there are fewer than six.
 */
export function kindsFor(world: World): AttackKind[] {
  const fewest = world.variety.lateralSpread ? 2 : 3
  return ATTACK_KINDS.filter((k) => k !== 'lateral_movement' || world.hosts.length >= fewest)
}

export interface EpisodePlanOptions {
  events: number
  extraNames: readonly string[]
}

/** Generates every episode into the emitter; returns their ids and kinds in plan order. */
export function injectEpisodes(world: World, em: Emitter, options: EpisodePlanOptions): { episode: string; attack: AttackKind }[] {
  const perKind = episodesPerKind(options.events)
  const days = world.days
  const dayOne = world.variety.dayOne
  const firstDay = days >= 2 && !dayOne ? firstAttackDay(days) : 0
  const windowStart = world.startMs + (dayOne ? HOUR : days >= 2 ? firstDay * DAY : DAY / 2)
  const windowEnd = world.startMs + days * DAY - 30 * 60_000
  const windowDays = Math.max(1, days - firstDay)
  const usedIps = new Set<string>()
  const planned: { episode: string; attack: AttackKind }[] = []
  for (const attack of kindsFor(world)) {
    for (let index = 0; index < perKind; index++) {
      const rng = new Random(hashSeed(world.seed, 'episode', attack, index))
      const day = firstDay + rng.nextInt(windowDays)
      const episode = `${attack}-${index + 1}`
      const ctx: AttackContext = {
        world,
        em,
        rng,
        label: { attack, episode },
        index,
        dayMs: world.startMs + day * DAY,
        windowStart,
        windowEnd,
        usedIps,
        extraNames: attack === 'user_enumeration' && index === 0 ? options.extraNames : [],
        // Its own stream: varying sizes does not move what the episode draws otherwise.
        size: world.variety.attackSizes ? pick(new Random(hashSeed(world.seed, 'size', attack, index)), ATTACK_SIZES) : 'normal',
      }
      runEpisode(attack, ctx)
      planned.push({ episode, attack })
    }
  }
  return planned
}

function runEpisode(attack: AttackKind, ctx: AttackContext): void {
  switch (attack) {
    case 'brute_force':
      return bruteForce(ctx)
    case 'password_spraying':
      return passwordSpraying(ctx)
    case 'user_enumeration':
      return userEnumeration(ctx)
    case 'credential_compromise':
      return credentialCompromise(ctx)
    case 'privileged_login':
      return privilegedLogin(ctx)
    case 'privilege_escalation':
      return privilegeEscalation(ctx)
    case 'persistence':
      return persistence(ctx)
    case 'lateral_movement':
      return lateralMovement(ctx)
    case 'impossible_travel':
      return impossibleTravel(ctx)
    case 'data_exfiltration':
      return dataExfiltration(ctx)
    case 'log_tampering':
      return logTampering(ctx)
    default:
      return assertNever(attack)
  }
}
