/**
 * Plain sentences for feature values, used as reasons when a model (not a rule) raises an event:
 * "4.2 GB transferred, 300× alice's usual 12 MB", "first time alice comes from 203.0.113.9".
 */
import { assertNever } from '../../shared/result'
import { hourOf, usualHours } from './baseline'
import type { BoundBaseline } from './boundBaseline'
import type { EventTable } from './eventTable'
import type { FeatureRows, WindowColumns } from './extract'
import { F, type FeatureName } from './schema'

export interface DescribeContext {
  t: EventTable
  w: WindowColumns
  bb: BoundBaseline
  rows: FeatureRows
}

const pad = (h: number) => String(h).padStart(2, '0')
const clock = (ts: number) => `${pad(new Date(ts).getUTCHours())}:${pad(new Date(ts).getUTCMinutes())}`
const span = (s: [number, number]) => `${pad(s[0])}:00–${pad((s[1] + 1) % 24)}:00`

function bytes(b: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = b
  let u = 0
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`
}

/** A sentence about feature `name` of row `r`, or null when the value is unremarkable. */
export function describeFeature(name: FeatureName, c: DescribeContext, r: number): string | null {
  const { t, w, bb } = c
  const v = c.rows.row(r)[F[name]]
  const e = t.event(r)
  const user = e.user ?? 'an unknown account'
  const ip = e.src_ip ?? 'an unknown address'
  switch (name) {
    case 'hour':
    case 'weekend':
    case 'user_hour_rarity':
    case 'host_hour_rarity': {
      if (name === 'weekend') return v > 0 ? `activity on a weekend (${new Date(e.ts).toUTCString().slice(0, 3)})` : null
      const u = t.user[r]
      const own = u >= 0 && bb.userTotal[u] >= 20
      const hours = own ? bb.userHours.subarray(u * 24, u * 24 + 24) : t.host[r] >= 0 ? bb.hostHours.subarray(t.host[r] * 24, t.host[r] * 24 + 24) : null
      const s = hours ? usualHours(hours) : null
      const h = hourOf(e.ts)
      if (!s || (s[0] <= s[1] ? h >= s[0] && h <= s[1] : h >= s[0] || h <= s[1])) return null
      return `at ${clock(e.ts)} UTC, outside ${own ? `${user}'s` : "this host's"} usual ${span(s)}`
    }
    case 'kind_rarity':
      return v >= 3 ? `${e.event} events are rare here` : null
    case 'failure':
      return null
    case 'invalid_user':
      return v > 0 ? `login attempt for non-existent account ${user}` : null
    case 'privileged':
      return v > 0 ? (e.target_user === 'root' || e.user === 'root' ? 'privileged account root involved' : 'privileged action') : null
    case 'account_change':
      return v > 0 ? `account change (${e.event})` : null
    case 'ip_failures_5m':
      return w.ipFail5m[r] >= 3 ? `${Math.round(w.ipFail5m[r])} failed logins from ${ip} in 5 min` : null
    case 'ip_events_5m':
      return w.ipEvents5m[r] >= 20 ? `${Math.round(w.ipEvents5m[r])} events from ${ip} in 5 min` : null
    case 'ip_distinct_users_1h':
      return w.ipUsers1h[r] >= 3 ? `${ip} tried ${Math.round(w.ipUsers1h[r])} accounts within an hour` : null
    case 'ip_invalid_share_1h':
      return v >= 0.5 ? `${Math.round(v * 100)}% of attempts from ${ip} name non-existent accounts` : null
    case 'user_failures_5m':
      return w.userFail5m[r] >= 3 ? `${Math.round(w.userFail5m[r])} failed logins for ${user} in 5 min` : null
    case 'user_distinct_hosts_10m':
      return w.userHosts10m[r] >= 3 ? `${user} logged into ${Math.round(w.userHosts10m[r])} hosts within 10 min` : null
    case 'success_after_failures':
      return w.failBeforeSuccess[r] >= 2 ? `login succeeded after ${Math.round(w.failBeforeSuccess[r])} failures in 10 min` : null
    case 'new_ip_for_user':
      return v > 0 && e.src_ip ? `first time ${user} comes from ${ip}` : null
    case 'new_country_for_user':
      return v > 0 && e.country ? `first time ${user} is seen in ${e.country}` : null
    case 'new_host_for_user':
      return v > 0 ? `first time ${user} is active on ${e.host}` : null
    case 'unknown_user':
      return v > 0 && t.invalid[r] === 0 ? `account ${user} was never seen in the baseline` : null
    case 'bytes_z': {
      if (v < 3 || e.bytes === null) return null
      const u = t.user[r]
      const usual = u >= 0 ? Math.expm1(bb.bytesMedian[u]) : 0
      return usual > 0 ? `${bytes(e.bytes)} transferred, ${Math.round(e.bytes / usual)}× ${user}'s usual ${bytes(usual)}` : `${bytes(e.bytes)} transferred`
    }
    case 'command_rarity':
      return v >= 2.5 && e.command ? `rare command: ${e.command.slice(0, 60)}` : null
    case 'travel_kmh':
      return w.travelKmh[r] >= 900 ? `${user} would have travelled at ${Math.round(w.travelKmh[r]).toLocaleString('en-US')} km/h since the previous location` : null
    default:
      return assertNever(name)
  }
}
