/**
 * How much people do, where and when. Each stream (each host's auth.log, the portal, the cloud)
 * gets a share of the event budget, spread over the hours by the users' habits (working hours,
 * weekdays, days off); each hour, people are drawn in proportion to their weight for that hour.
 */
import { hashUniform, weightedIndex, type Random } from './sampling'
import { type User, type World, hourWeight, isDayOff } from './world'

/** Shares of the people's event budget: auth logs, portal, cloud. */
const SHARES = { auth: 0.58, portal: 0.3, cloud: 0.12 }

export class ActivityPlan {
  /** Cumulative target of events per stream up to the end of each hour. */
  private readonly cumTarget: Float64Array[]
  private readonly cum: Float64Array[]
  private readonly streams: number

  constructor(
    private readonly world: World,
    budget: number,
  ) {
    const hours = world.days * 24
    this.streams = world.hosts.length + 2
    const perHour = Array.from({ length: this.streams }, () => new Float64Array(hours))
    const w = new Float64Array(world.users.length)
    for (let h = 0; h < hours; h++) {
      this.weightsAt(h, w)
      for (const u of world.users) {
        const x = w[u.index]
        if (x === 0) continue
        for (let k = 0; k < world.hosts.length; k++) perHour[k][h] += x * u.hostWeights[k]
        perHour[this.streams - 2][h] += x
        if (u.usesCloud) perHour[this.streams - 1][h] += x
      }
    }
    const totals = perHour.map((a) => a.reduce((s, x) => s + x, 0))
    const authTotal = totals.slice(0, world.hosts.length).reduce((s, x) => s + x, 0)
    const streamBudget = totals.map((t, s) => {
      if (s < world.hosts.length) return authTotal > 0 ? (budget * SHARES.auth * t) / authTotal : 0
      return budget * (s === this.streams - 2 ? SHARES.portal : SHARES.cloud)
    })
    this.cumTarget = perHour.map((a, s) => {
      const out = new Float64Array(hours)
      let acc = 0
      for (let h = 0; h < hours; h++) {
        acc += a[h]
        out[h] = totals[s] > 0 ? (streamBudget[s] * acc) / totals[s] : 0
      }
      return out
    })
    this.cum = Array.from({ length: this.streams }, () => new Float64Array(world.users.length))
  }

  /** Target of cumulative events of stream `s` by the end of hour `h`. */
  target(s: number, h: number): number {
    return this.cumTarget[s][h]
  }

  /** Prepares the draws for hour `h`. */
  beginHour(h: number): void {
    const w = new Float64Array(this.world.users.length)
    this.weightsAt(h, w)
    for (let s = 0; s < this.streams; s++) {
      const cum = this.cum[s]
      let acc = 0
      for (const u of this.world.users) {
        const x = w[u.index]
        if (s < this.world.hosts.length) acc += x * u.hostWeights[s]
        else if (s === this.streams - 2 || u.usesCloud) acc += x
        cum[u.index] = acc
      }
    }
  }

  /** A person active on stream `s` in the current hour, or null when nobody is. */
  draw(s: number, rng: Random): User | null {
    const i = weightedIndex(rng, this.cum[s])
    return i < 0 ? null : this.world.users[i]
  }

  private weightsAt(h: number, out: Float64Array): void {
    const day = Math.floor(h / 24)
    const hour = h % 24
    const dayOff = isDayOff(this.world, day)
    for (const u of this.world.users) out[u.index] = hourWeight(u, dayOff, hour, dayFactor(this.world.seed, u, day))
  }
}

/** How busy a person is on a given day: some days off (5 %), otherwise 0.6–1.4. */
export function dayFactor(seed: number, user: User, day: number): number {
  if (hashUniform(seed, 'off', user.index, day) < 0.05) return 0
  return 0.6 + 0.8 * hashUniform(seed, 'busy', user.index, day)
}
