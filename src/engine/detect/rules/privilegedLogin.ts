/**
 * Off-hours privileged login from a new IP (T1078.003): root, or an account that uses sudo,
 * logging in from an address it has never used, outside its (or the host's) usual hours and the
 * margin its spread allows. How much it weighs depends on how novel the address is (next door to
 * a known one, the usual country, a never-seen country) and how far off its hours. Root or an admin
 * from a country no account of the baseline came from, or from a never-seen country when it never
 * came from the internet, is MEDIUM at any hour: usual hours are no alibi. What the baseline
 * vouches for (an organisation's country, an account's habit of coming from the internet) must
 * recur on two days: one login in it may be the attack itself, when the capture starts with one.
 */
import { hourOf, usualHours } from '../../features/baseline'
import { K } from '../../features/eventTable'
import { markFollowOn, markWithSession } from './followOn'
import { organisationOf } from './organisation'
import { assertNever } from '../../../shared/result'
import { fmtClock, fmtHourSpan } from './format'
import type { HitSink, RuleContext } from './types'

export function privilegedLogin(ctx: RuleContext, sink: HitSink): void {
  const { t, w, bb, th } = ctx
  const root = t.users.get('root')
  const subnets = knownSubnets(ctx)
  const { homeCountry: homeCountries, publicLogin: cameFromInternet } = organisationOf(ctx)
  const nPrograms = t.programs.size
  for (let r = 0; r < t.n; r++) {
    if (t.kind[r] !== K.auth_success || w.newIp[r] !== 1 || t.ip[r] < 0) continue
    const u = t.user[r]
    if (u < 0) continue
    const span = usualSpan(ctx, u, t.host[r])
    if (!span) continue
    const ip = t.ips.values[t.ip[r]]
    const novelty = noveltyOf(ctx, r, ip, subnets)
    // The margin is for the account's own drift: from a country it never came from (or one that
    // cannot be placed), an hour off its span is already off.
    const margin = novelty === 'new_country' || novelty === 'unplaced' ? 1 : marginOf(span)
    const hours = hoursOutside(hourOf(t.ts[r]), span, margin)
    const privileged = u === root || t.target[r] === root || bb.userPriv[u] > 0
    // Whether the account ever came through this door (sshd, the portal) from the internet: an
    // admin who always came through the VPN or the LAN, arriving from a public address, is new
    // in more than the address.
    const viaInternetBefore = t.program[r] >= 0 && cameFromInternet[u * nPrograms + t.program[r]] === 1
    const firstFromInternet = privileged && !viaInternetBefore && novelty !== 'internal' && novelty !== 'subnet'
    // Usual hours cannot vouch for a privileged account arriving from abroad or, for one that
    // always came through the network (VPN, LAN), from the internet at all: a host's night shift
    // (or root's hourly cron) makes 01:00 usual for the host, not for whoever holds root. Abroad is
    // a country no account of the baseline came from; an address the baseline trusts is no stranger.
    const foreign = novelty === 'new_country' && (homeCountries[t.country[r]] === 0 || !viaInternetBefore)
    const anyHour = hours === 0 && privileged && foreign && bb.trustedIp[t.ip[r]] === 0
    if (hours === 0 && !anyHour) continue
    const offHours = strengthOf(privileged, novelty, hours)
    const raised = !anyHour && firstFromInternet && offHours < FIRST_FROM_INTERNET_STRENGTH
    const user = t.users.values[u]
    const whose = bb.userTotal[u] >= 20 ? `${user}'s` : "this host's"
    const where = `first login as ${user} from ${ip}${NOVELTY_TEXT[novelty](t.country[r] >= 0 ? t.countries.values[t.country[r]] : '')}, at ${fmtClock(t.ts[r])} UTC`
    const id = sink.add({
      rule: 'privileged_login',
      threat_type: privileged ? 'privileged_login' : 'suspicious_login',
      techniques: privileged ? ['T1078.003'] : ['T1078'],
      strength: anyHour ? ANY_HOUR_STRENGTH : raised ? FIRST_FROM_INTERNET_STRENGTH : offHours,
      reason: anyHour
        ? `${where}, within ${whose} usual ${fmtHourSpan(span)}, but ${!viaInternetBefore ? `${user} never logged in from the internet before` : 'from a country no account came from'}`
        : `${where}, outside ${whose} usual ${fmtHourSpan(span)} (±${margin} h)${raised ? `, and ${user} never logged in from the internet before` : ''}`,
    })
    sink.mark(r, id)
    if (markWithSession(ctx, sink, r, id) === 0) markFollowOn(ctx, r, th.followOnMs, (x) => sink.mark(x, id), { sameHostOnly: true })
  }
}

/**
 * How novel a new address is for the account: next door to one it used (same /24), in a country it
 * logs in from, inside the organisation's network, or from a country never seen for it (or with
 * no location to tell).
 */
type Novelty = 'subnet' | 'internal' | 'country' | 'new_country' | 'unplaced'

const NOVELTY_TEXT: Record<Novelty, (country: string) => string> = {
  subnet: () => ' (a new address in a /24 it used)',
  internal: () => ' (an internal address)',
  country: (c) => ` (a new address in ${c}, a country it logs in from)`,
  new_country: (c) => ` (${c}, a country never seen for it)`,
  unplaced: () => '',
}

function noveltyOf(ctx: RuleContext, r: number, ip: string, subnets: Map<string, number[]>): Novelty {
  const { t, w } = ctx
  if (isPrivateIp(ip)) return 'internal'
  const net = subnetOf(ip)
  const neighbours = net === null ? undefined : subnets.get(`${t.user[r]}/${net}`)
  if (neighbours !== undefined && neighbours.some((other) => other !== t.ip[r])) return 'subnet'
  if (t.country[r] < 0) return 'unplaced'
  return w.newCountry[r] === 1 ? 'new_country' : 'country'
}

/**
 * An admin an hour early from a new address in the usual city is routine; the same account at
 * night, or from a country it never came from, is not. Hours: how far outside the usual span and
 * its margin the login is.
 */
function strengthOf(privileged: boolean, novelty: Novelty, hours: number): number {
  const far = hours >= FAR_HOURS
  // A new address inside the organisation's own network (DHCP, VPN pool) at an odd hour is
  // overtime more often than an intrusion: worth a LOW, not an alert.
  if (!privileged || novelty === 'internal') return novelty === 'new_country' && far ? 0.66 : 0.6
  switch (novelty) {
    case 'new_country':
    case 'unplaced':
      return 0.87
    case 'country':
      return far ? 0.8 : 0.62
    case 'subnet':
      return far ? 0.72 : 0.55
    default:
      return assertNever(novelty)
  }
}

/** Root or an admin from a never-seen country inside the usual hours: an analyst's look (MEDIUM), not an alarm. */
const ANY_HOUR_STRENGTH = 0.74

/** Root or an admin who always came through the network, from the internet off hours: MEDIUM. */
const FIRST_FROM_INTERNET_STRENGTH = 0.75

/** Hours beyond the margin at which a login is "at night" for the account, whatever the address. */
const FAR_HOURS = 3

/**
 * The slack around the usual span, learnt from its width: someone whose day spans eight hours
 * starts or ends two hours off now and then, someone who logs in within two hours strays by one.
 */
export function marginOf(span: [number, number]): number {
  const width = ((span[1] - span[0] + 24) % 24) + 1
  return Math.max(1, Math.min(3, Math.round(width / 4)))
}

/** Whole hours between `hour` and the span widened by `margin` on each side; 0 inside. */
export function hoursOutside(hour: number, span: [number, number], margin: number): number {
  const from = (span[0] - margin + 24) % 24
  const to = (span[1] + margin) % 24
  if (inSpan(hour, [from, to])) return 0
  return Math.min((from - hour + 24) % 24, (hour - to + 24) % 24)
}

/** "user/a.b.c" → the addresses of that /24 the account logged in from (in the baseline or since). */
export function knownSubnets(ctx: RuleContext): Map<string, number[]> {
  const { t, bb } = ctx
  const out = new Map<string, number[]>()
  const width = bb.widths[0]
  bb.pairs[0].forEach((key) => {
    const u = Math.floor(key / width)
    const ip = key - u * width
    const net = subnetOf(t.ips.values[ip])
    if (net === null) return
    const list = out.get(`${u}/${net}`)
    if (list === undefined) out.set(`${u}/${net}`, [ip])
    else list.push(ip)
  })
  return out
}

export function subnetOf(ip: string): string | null {
  const m = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(ip)
  return m === null ? null : m[1]
}

function usualSpan(ctx: RuleContext, u: number, h: number): [number, number] | null {
  const { bb } = ctx
  if (bb.userTotal[u] >= 20) return usualHours(bb.userHours.subarray(u * 24, u * 24 + 24))
  if (h >= 0) return usualHours(bb.hostHours.subarray(h * 24, h * 24 + 24))
  return null
}

/** RFC 1918 / loopback / link-local IPv4, and IPv6 unique-local or link-local addresses. */
export function isPrivateIp(ip: string): boolean {
  if (ip.includes(':')) {
    const l = ip.toLowerCase()
    return l.startsWith('fc') || l.startsWith('fd') || l.startsWith('fe80') || l === '::1'
  }
  const [a, b] = ip.split('.').map(Number)
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
}

/** Whether `hour` lies in the circular inclusive span. */
export function inSpan(hour: number, span: [number, number]): boolean {
  const [a, b] = span
  return a <= b ? hour >= a && hour <= b : hour >= a || hour <= b
}
