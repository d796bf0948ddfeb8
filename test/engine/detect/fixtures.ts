/** Small synthetic event builders for detector tests. */
import { emptyEvent, type NormalizedEvent } from '../../../src/shared/event'

export const T0 = Date.UTC(2024, 2, 4, 0, 0, 0) // Monday 2024-03-04 00:00 UTC
export const MIN = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

let line = 0

/** One event; `ts` defaults to T0, other fields to empty. */
export function ev(fields: Partial<NormalizedEvent> & { ts: number }): NormalizedEvent {
  line++
  const base = emptyEvent({ ts: fields.ts, host: fields.host ?? 'web1', source_file: 'auth.log', source_line: line, raw: fields.raw ?? '' })
  const e = { ...base, ...fields }
  if (!fields.raw) e.raw = `${e.event} ${e.user ?? ''} ${e.src_ip ?? ''}`.trim()
  return e
}

export const login = (ts: number, user: string, ip: string, host = 'web1'): NormalizedEvent =>
  ev({ ts, host, program: 'sshd', event: 'auth_success', outcome: 'success', user, src_ip: ip, auth_method: 'publickey' })
export const failed = (ts: number, user: string, ip: string, host = 'web1'): NormalizedEvent =>
  ev({ ts, host, program: 'sshd', event: 'auth_failure', outcome: 'failure', user, src_ip: ip, auth_method: 'password' })
export const invalid = (ts: number, user: string, ip: string, host = 'web1'): NormalizedEvent =>
  ev({ ts, host, program: 'sshd', event: 'invalid_user', outcome: 'failure', user, src_ip: ip })
export const sudo = (ts: number, user: string, command: string, host = 'web1'): NormalizedEvent =>
  ev({ ts, host, program: 'sudo', event: 'sudo', outcome: 'success', user, target_user: 'root', command })
export const cron = (ts: number, host = 'web1'): NormalizedEvent =>
  ev({ ts, host, program: 'CRON', event: 'session_open', outcome: 'success', user: 'root', target_user: 'root' })

/**
 * A calm week on two hosts: alice and bob log in from their usual IPs during office hours, run
 * their usual sudo, cron every 10 minutes, a few internet scanners knocking once.
 */
export function normalWeek(days = 8, start = T0): NormalizedEvent[] {
  const out: NormalizedEvent[] = []
  let scanner = 1
  for (let d = 0; d < days; d++) {
    const day = start + d * DAY
    for (let m = 0; m < 24 * 60; m += 10) out.push(cron(day + m * MIN + 5_000, m % 20 === 0 ? 'web1' : 'db1'))
    for (const [user, ip, h0] of [
      ['alice', '10.0.0.5', 9],
      ['bob', '10.0.0.6', 10],
    ] as const) {
      for (let k = 0; k < 4; k++) {
        const ts = day + (h0 + k * 2) * HOUR + 7 * MIN
        out.push(login(ts, user, ip, k % 2 ? 'db1' : 'web1'))
        out.push(ev({ ts: ts + 1000, host: k % 2 ? 'db1' : 'web1', program: 'sshd', event: 'session_open', outcome: 'success', user, src_ip: ip }))
        out.push(ev({ ts: ts + 40 * MIN, host: k % 2 ? 'db1' : 'web1', program: 'sshd', event: 'session_close', outcome: 'success', user }))
      }
      out.push(sudo(day + (h0 + 1) * HOUR, user, '/usr/bin/systemctl restart nginx'))
      out.push(ev({ ts: day + (h0 + 3) * HOUR, host: 'files', program: 'api', event: 'file_access', outcome: 'success', user, src_ip: ip, bytes: 200_000 + ((d * 7919) % 50_000), country: 'DE', lat: 52.5, lon: 13.4 }))
    }
    for (let s = 0; s < 3; s++) {
      const ip = `198.51.100.${scanner++ % 250}`
      out.push(invalid(day + (2 + s * 7) * HOUR + 13 * MIN, 'admin', ip))
      out.push(ev({ ts: day + (2 + s * 7) * HOUR + 13 * MIN + 500, program: 'sshd', event: 'preauth_close', outcome: 'unknown', src_ip: ip }))
    }
    // A typo before a good login.
    out.push(failed(day + 14 * HOUR, 'alice', '10.0.0.5'))
    out.push(login(day + 14 * HOUR + 20_000, 'alice', '10.0.0.5'))
  }
  return out.sort((a, b) => a.ts - b.ts)
}
