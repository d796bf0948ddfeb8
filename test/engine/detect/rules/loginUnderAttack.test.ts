/**
 * A password login from a public address new to the account while the host is under brute force
 * is worth a look (MEDIUM), with the numbers that say why; the same login with a key, from the
 * account's own address, or on a quiet host is not.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../../../src/engine/detect/analyze'
import { parseLines } from '../../../../src/engine/parse/parseLines'
import type { NormalizedEvent } from '../../../../src/shared/event'
import { severityRank } from '../../../../src/shared/finding'
import { sharedPath } from '../../../support/sharedData'
import { DAY, HOUR, MIN, T0, ev, failed, normalWeek } from '../fixtures'

const medium = (s: { severity: string }) => severityRank(s.severity as 'LOW') >= severityRank('MEDIUM')

describe('a password login while the host is under brute force', () => {
  it('flags the only password login of the real Loghub OpenSSH sample, with why', async () => {
    const lines = readFileSync(sharedPath('data/real-logs/loghub-OpenSSH_2k.log'), 'utf8').split('\n').filter((l) => l.length > 0)
    const events = parseLines(lines, { format: 'auth', relPath: 'auth.log', hostHint: 'LabSZ', firstLine: 1, referenceMs: Date.UTC(2026, 0, 1), timeZone: 'UTC' })
    const { scores } = await analyze(events, { detectors: ['rules'] })
    const at = lines.findIndex((l) => l.includes('Accepted password for fztu'))
    expect(at).toBe(955)
    expect(medium(scores[at])).toBe(true)
    // Hand count, the hour before 09:32:20 on LabSZ:
    //   awk '$3>="08:32:20" && $3<="09:32:20"' loghub-OpenSSH_2k.log | grep -E 'sshd\[[0-9]+\]: Failed ' | grep -vc 119.137.62.142  → 138 lines,
    //   one of them repeated by `sshd[24408]: message repeated 5 times: [ Failed password for root ...]` → 143 tries;
    //   ... | grep -E 'sshd\[[0-9]+\]: Failed ' | grep -oE 'from [0-9.]+' | sort -u | wc -l  → 8 addresses.
    expect(scores[at].reasons[0]).toBe(
      'password login as fztu succeeded from 119.137.62.142, never seen for fztu, while LabSZ was under brute force (143 failed logins from 8 other addresses in the 60 min before)',
    )
  })

  // Day 8 on web1: 30 tries from 5 addresses in 20 minutes, then carol logs in.
  const D8 = T0 + 8 * DAY
  const attack = (): NormalizedEvent[] => Array.from({ length: 30 }, (_, k) => failed(D8 + 10 * HOUR + k * 40_000, 'root', `198.51.100.${200 + (k % 5)}`))
  const carol = (ip: string, method: string): NormalizedEvent =>
    ev({ ts: D8 + 10 * HOUR + 25 * MIN, program: 'sshd', event: 'auth_success', outcome: 'success', user: 'carol', src_ip: ip, auth_method: method })
  const run = async (scenario: NormalizedEvent[]) => {
    const base = normalWeek(9)
    for (let d = 0; d < 8; d++) base.push(ev({ ts: T0 + d * DAY + 10 * HOUR, program: 'sshd', event: 'auth_success', outcome: 'success', user: 'carol', src_ip: '203.0.113.30', auth_method: 'password' }))
    const { scores } = await analyze([...base, ...scenario], { detectors: ['rules'] })
    return scores.slice(base.length)
  }

  it('fires on the same shape in a small fixture', async () => {
    const s = await run([...attack(), carol('203.0.113.99', 'password')])
    expect(s[30].threat_type).toBe('suspicious_login')
    expect(medium(s[30])).toBe(true)
    expect(s[30].reasons[0]).toMatch(/while web1 was under brute force \(30 failed logins from 5 other addresses in the 60 min before\)$/)
  })
  it('stays quiet on a key login, a login from the account’s own address, and a password login on a quiet host', async () => {
    expect((await run([...attack(), carol('203.0.113.99', 'publickey')]))[30].threat_type).not.toBe('suspicious_login')
    expect(medium((await run([...attack(), carol('203.0.113.30', 'password')]))[30])).toBe(false)
    expect(medium((await run([carol('203.0.113.99', 'password')]))[0])).toBe(false)
  })
})
