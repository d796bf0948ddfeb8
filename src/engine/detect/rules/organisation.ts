/**
 * What the baseline vouches for about the organisation: the countries and /24 networks its
 * accounts logged in or worked from on at least two days, and the accounts in the habit of logging
 * in through a program from one public network (a home, an office). Learnt by name from the
 * baseline rows of a scan and kept in the model (`Baseline.organisation`), so live scoring — whose
 * table holds only recent history, no baseline rows — judges a line as the scan would.
 */
import { DAY_MS, type OrganisationFacts } from '../../features/baseline'
import { bindOrganisation, type BoundOrganisation } from '../../features/boundBaseline'
import { K, isOwnActivity, type EventTable } from '../../features/eventTable'
import { isPrivateIp, subnetOf } from './privilegedLogin'
import type { RuleContext } from './types'

/** The model's facts bound to this table, or those of the table's own baseline rows. */
export function organisationOf(ctx: RuleContext): BoundOrganisation {
  return ctx.bb.organisation ?? bindOrganisation(organisationFacts(ctx.t, ctx.baselineRows), ctx.t)
}

/** Facts already learnt per table: two rules and the model read them from one pass. */
const learnt = new WeakMap<EventTable, { rows: number; facts: OrganisationFacts }>()

/** The facts of rows [0, rows) of `t`, by name. */
export function organisationFacts(t: EventTable, rows: number): OrganisationFacts {
  const known = learnt.get(t)
  if (known !== undefined && known.rows === rows) return known.facts
  const facts = learn(t, rows)
  learnt.set(t, { rows, facts })
  return facts
}

function learn(t: EventTable, rows: number): OrganisationFacts {
  const countries = new RecurringDays<number>()
  const subnets = new RecurringDays<string>()
  const logins = new RecurringDays<string>()
  const publicLogins: [string, string][] = []
  // Per interned address, worked out once: its /24 (null: not IPv4), and where a login from it
  // comes from (its /24 or itself; null when internal).
  const netOf = new Array<string | null | undefined>(t.ips.size)
  const placeOf = new Array<string | null | undefined>(t.ips.size)
  for (let r = 0; r < rows; r++) {
    const u = t.user[r]
    if (u < 0) continue
    const day = Math.floor(t.ts[r] / DAY_MS)
    const ip = t.ip[r] >= 0 ? t.ips.values[t.ip[r]] : null
    if (isOwnActivity(t, r)) {
      if (t.country[r] >= 0) countries.touch(t.country[r], day)
      if (ip !== null) {
        let net = netOf[t.ip[r]]
        if (net === undefined) net = netOf[t.ip[r]] = subnetOf(ip)
        if (net !== null) subnets.touch(net, day)
      }
    }
    if (t.kind[r] !== K.auth_success || t.program[r] < 0 || ip === null) continue
    let where = placeOf[t.ip[r]]
    if (where === undefined) where = placeOf[t.ip[r]] = isPrivateIp(ip) ? null : (subnetOf(ip) ?? ip)
    if (where === null) continue
    // One account and program from one /24 on two days: a habit (a different network each day is none).
    const place = `${u}/${t.program[r]}/${where}`
    if (logins.touch(place, day)) publicLogins.push([t.users.values[u], t.programs.values[t.program[r]]])
  }
  return {
    countries: countries.recurring.map((c) => t.countries.values[c]),
    subnets: subnets.recurring,
    publicLogins,
  }
}

/** Keys seen on two different UTC days, in the order they became so (rows in time order). */
class RecurringDays<Key> {
  readonly recurring: Key[] = []
  private readonly firstDay = new Map<Key, number>()
  private readonly done = new Set<Key>()

  /** Whether `key` recurs from this day on (true once). */
  touch(key: Key, day: number): boolean {
    const first = this.firstDay.get(key)
    if (first === undefined) this.firstDay.set(key, day)
    else if (first !== day && !this.done.has(key)) {
      this.done.add(key)
      this.recurring.push(key)
      return true
    }
    return false
  }
}
