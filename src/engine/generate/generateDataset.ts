/**
 * `generateDataset`: a realistic, labeled log folder, deterministic for a seed, streamed to disk
 * hour by hour so that 10 million events need no more memory than 100,000.
 *
 * Order of work: draw the world; inject the attack episodes (they are few and go straight into
 * the timeline); count the scheduled activity in a dry run (cron, automation, internet noise);
 * give people the rest of the event budget; then walk the hours, generating scheduled and human
 * activity and writing each hour once nothing can land in it any more.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SOURCE_SETTINGS_FILE } from '../ingest/sourceSettings'
import { ActivityPlan } from './ActivityPlan'
import type { EpisodeInfo } from './attackKinds'
import { injectEpisodes } from './attacks/plan'
import { DatasetWriter } from './DatasetWriter'
import { Emitter } from './Emitter'
import { InternetNoise } from './noise'
import { streamFor } from './sampling'
import { scheduledHour } from './scheduledActivity'
import { Timeline } from './Timeline'
import { type ActivityContext, cloudStint, portalVisit, sshUserSession } from './userActivity'
import { type Variety, type World, buildWorld } from './world'
import { drawHabits, habitHour } from './habits'

const HOUR = 3_600_000
const DAY = 86_400_000

export interface GenerateOptions {
  outDir: string
  /** Approximate number of events (log lines and JSON records). */
  events?: number
  seed?: number
  hosts?: number
  days?: number
  /** First day (a UTC midnight, epoch ms); default: a Monday in March 2026 chosen by the seed. */
  startMs?: number
  /** What the data set varies beyond size (shapes.ts); default: nothing. */
  variety?: Variety
  /** Invalid user names tried by the first user-enumeration episode (the demo's hostile names). */
  extraInvalidUsers?: readonly string[]
  /** Name of the labels file in outDir (default `labels.csv`; the demo logs use `.labels.csv`, which scans skip). */
  labelsFile?: string
  /** Called after each generated day. */
  onProgress?: (daysDone: number, daysTotal: number) => void
  /** Stops after the current hour; what was written stays, closed and consistent with its labels. */
  signal?: AbortSignal
}

export const GENERATE_DEFAULTS = { events: 100_000, seed: 42, hosts: 4, days: 14 } as const

export const GENERATE_LIMITS = {
  events: [1_000, 100_000_000],
  hosts: [1, 50],
  days: [1, 366],
} as const

export interface GenerateResult {
  outDir: string
  /** Files written, relative to outDir (the labels file included). */
  files: string[]
  hosts: string[]
  /** Events written (log lines and JSON records). */
  events: number
  labeledLines: number
  episodes: EpisodeInfo[]
  startMs: number
  endMs: number
  durationMs: number
  /** True when `signal` stopped the generation early. */
  cancelled: boolean
}

/** Generates the data set. Options outside GENERATE_LIMITS are a bug of the caller (validate first). */
export async function generateDataset(options: GenerateOptions): Promise<GenerateResult> {
  const began = performance.now()
  const events = options.events ?? GENERATE_DEFAULTS.events
  const seed = options.seed ?? GENERATE_DEFAULTS.seed
  const days = options.days ?? GENERATE_DEFAULTS.days
  const hostCount = options.hosts ?? GENERATE_DEFAULTS.hosts
  const world = buildWorld(streamFor(seed, 'world'), { seed, events, hosts: hostCount, days, startMs: options.startMs, variety: options.variety })
  drawHabits(world)
  const startMs = world.startMs
  const endMs = startMs + days * DAY
  const timeline = new Timeline(startMs, endMs)
  const em = new Emitter(world.hosts, startMs, timeline, endMs)

  injectEpisodes(world, em, { events, extraNames: options.extraInvalidUsers ?? [] })
  const attackEvents = em.total

  const perHostDay = (events * 0.58) / (hostCount * days)
  const schedule = { denseCron: perHostDay >= 800 }
  const noiseScale = Math.min(1, Math.max(0.15, perHostDay / 1000))
  const scheduled = (emitter: Emitter): ((h: number) => void) => {
    const rng = streamFor(seed, 'scheduled')
    const noiseRng = streamFor(seed, 'noise')
    const noise = new InternetNoise(world, streamFor(seed, 'noise-sources'), noiseScale)
    const habitRng = streamFor(seed, 'habits')
    return (h) => {
      scheduledHour(world, emitter, rng, h, schedule)
      noise.hour(emitter, noiseRng, h)
      habitHour(world, emitter, habitRng, h)
    }
  }
  const dry = new Emitter(world.hosts, startMs, null, endMs)
  const dryRun = scheduled(dry)
  for (let h = 0; h < days * 24; h++) dryRun(h)
  const budget = Math.max(events - attackEvents - dry.total, events * 0.2)

  const plan = new ActivityPlan(world, budget)
  const runScheduled = scheduled(em)
  const ctx: ActivityContext = { world, em, rng: streamFor(seed, 'people') }
  const done = new Float64Array(world.hosts.length + 2)
  const writer = new DatasetWriter(options.outDir, world.hosts, startMs, days, options.labelsFile)
  await writer.init()
  let cancelled = false
  for (let h = 0; h < days * 24; h++) {
    if (options.signal?.aborted) {
      cancelled = true
      break
    }
    runScheduled(h)
    people(world, plan, ctx, done, h)
    await writer.write(timeline.take(h))
    if ((h + 1) % 24 === 0) options.onProgress?.((h + 1) / 24, days)
  }
  const { files, episodes } = await writer.close()
  // The syslog files' times have no zone and (RFC 3164) no year: say how they were written, so the
  // folder reads the same on any machine and after a checkout resets the file times.
  await writeFile(join(options.outDir, SOURCE_SETTINGS_FILE), `${JSON.stringify({ timeZone: 'UTC', collectedAt: new Date(endMs).toISOString() }, null, 2)}\n`)
  return {
    outDir: options.outDir,
    files,
    hosts: world.hosts.map((h) => h.name),
    events: writer.writtenEvents,
    labeledLines: writer.labeledLines,
    episodes,
    startMs,
    endMs,
    durationMs: performance.now() - began,
    cancelled,
  }
}

/** People's activity in hour `h`: each stream is filled up to its cumulative target. */
function people(world: World, plan: ActivityPlan, ctx: ActivityContext, done: Float64Array, h: number): void {
  plan.beginHour(h)
  const t0 = world.startMs + h * HOUR
  const hosts = world.hosts.length
  for (let s = 0; s < hosts + 2; s++) {
    const target = plan.target(s, h)
    while (done[s] < target) {
      const user = plan.draw(s, ctx.rng)
      if (!user) break
      const start = t0 + ctx.rng.next() * HOUR
      const before = ctx.em.counts[s]
      if (s < hosts) sshUserSession(ctx, world.hosts[s], user, start)
      else if (s === hosts) portalVisit(ctx, user, start)
      else cloudStint(ctx, user, start)
      // Lines past the end of the data set are dropped; count at least one so the loop ends.
      done[s] += Math.max(1, ctx.em.counts[s] - before)
    }
  }
}
