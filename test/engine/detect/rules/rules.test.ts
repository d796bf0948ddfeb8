/**
 * Each rule fires on its minimal scenario and stays quiet on the benign near-miss. Runs the
 * whole pipeline with only the rules, on a calm week plus the scenario on day 8.
 */
import { describe, expect, it } from 'vitest'
import { analyze } from '../../../../src/engine/detect/analyze'
import { DEFAULT_RULE_THRESHOLDS } from '../../../../src/engine/detect/rules/thresholds'
import type { NormalizedEvent } from '../../../../src/shared/event'
import { severityRank, type EventScore } from '../../../../src/shared/finding'
import { DAY, HOUR, MIN, T0, ev, failed, invalid, login, normalWeek, sudo } from '../fixtures'

const D8 = T0 + 8 * DAY

async function run(scenario: NormalizedEvent[]): Promise<EventScore[]> {
  const base = normalWeek(9)
  const { scores } = await analyze([...base, ...scenario], { detectors: ['rules'] })
  return scores.slice(base.length)
}

const atLeast = (s: EventScore, sev: 'MEDIUM' | 'HIGH' | 'CRITICAL') => severityRank(s.severity) >= severityRank(sev)
const quiet = (scores: EventScore[]) => scores.every((s) => severityRank(s.severity) < severityRank('MEDIUM'))

describe('brute force', () => {
  it('fires on 10 failures in a minute from one IP', async () => {
    const s = await run(Array.from({ length: 10 }, (_, k) => failed(D8 + 3 * HOUR + k * 6000, 'root', '185.220.101.47')))
    expect(s.every((x) => x.threat_type === 'brute_force' && atLeast(x, 'MEDIUM'))).toBe(true)
    // 10 lines 6 s apart: 54 s, all 10 within the 2-min window.
    expect(s[0].reasons[0]).toBe('10 failed logins from 185.220.101.47 in 54 s against 1 account (root); peak 10 within 2 min')
    expect(s[0].mitre_techniques).toEqual(['T1110.001'])
  })
  it('stays quiet on a scanner knocking once and a bot trying three passwords', async () => {
    const s = await run([
      invalid(D8 + 3 * HOUR, 'admin', '45.33.32.156'),
      ev({ ts: D8 + 3 * HOUR + 300, program: 'sshd', event: 'preauth_close', src_ip: '45.33.32.156' }),
      ...[0, 1, 2].map((k) => failed(D8 + 4 * HOUR + k * 5000, 'root', '92.118.39.7')),
    ])
    expect(quiet(s)).toBe(true)
  })
})

describe('password spraying and enumeration', () => {
  it('fires on one try each across 8 accounts, slowly', async () => {
    const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi']
    const s = await run(users.map((u, k) => failed(D8 + 1 * HOUR + k * 12 * MIN, u, '103.99.0.10')))
    expect(s.every((x) => x.threat_type === 'password_spraying' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(s[0].mitre_techniques).toEqual(['T1110.003'])
    // 8 lines, one per account, 12 min apart: 84 min.
    expect(s[0].reasons[0]).toBe('103.99.0.10 tried 8 accounts (alice, bob, carol and 5 more) with 1.0 tries each over 84 min')
  })
  it('fires on bursts of invalid user names', async () => {
    const names = ['oracle', 'test', 'guest', 'ftp', 'pi', 'ubuntu', 'git', 'postgres']
    const s = await run(names.map((u, k) => invalid(D8 + 2 * HOUR + k * 20_000, u, '141.98.10.60')))
    expect(s.every((x) => x.threat_type === 'user_enumeration' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(s[0].mitre_techniques).toEqual(['T1087', 'T1110'])
    // 8 distinct names, 20 s apart: 140 s.
    expect(s[0].reasons[0]).toBe('8 invalid user names tried from 141.98.10.60 in 2 min (oracle, test, guest and 5 more)')
  })
  it('reads a spray list that also held names that do not exist as spraying (passwords tried on 6+ real accounts)', async () => {
    // Hand count: 6 real accounts tried once each, 10 names that do not exist tried once each
    // (`Failed password for invalid user`): 16 accounts, 16 tries, 1.0 each, 15 lines 5 min apart = 75 min.
    const ip = '211.36.174.13'
    const real = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']
    const fake = ['oracle', 'test', 'guest', 'ftp', 'pi', 'ubuntu', 'git', 'postgres', 'admin', 'user1']
    const tries = [...fake.slice(0, 5), ...real, ...fake.slice(5)].map((u, k) => {
      const at = D8 + HOUR + k * 5 * MIN
      return fake.includes(u) ? ev({ ...failed(at, u, ip), raw: `Failed password for invalid user ${u} from ${ip} port 4${k} ssh2` }) : failed(at, u, ip)
    })
    const s = await run(tries)
    expect(s.every((x) => x.threat_type === 'password_spraying' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(s[0].reasons[0]).toBe(`${ip} tried 16 accounts (6 that exist: alice, bob, carol and 3 more; 10 that do not) with 1.0 tries each over 75 min`)
  })
  it('reads a bot trying root and many names that do not exist as enumeration, not spraying', async () => {
    const ip = '141.98.10.61'
    const names = ['oracle', 'test', 'guest', 'ftp', 'pi', 'ubuntu', 'git', 'postgres']
    const s = await run([
      ...[0, 1].map((k) => failed(D8 + 2 * HOUR + k * 10_000, 'root', ip)),
      ...names.map((u, k) => ev({ ...failed(D8 + 2 * HOUR + (k + 2) * 10_000, u, ip), raw: `Failed password for invalid user ${u} from ${ip} port 5${k} ssh2` })),
    ])
    expect(s.every((x) => x.threat_type === 'user_enumeration')).toBe(true)
    // 10 lines 10 s apart: 90 s; one real account (root) is no spray.
    expect(s[0].reasons[0]).toBe(`8 invalid user names tried from ${ip} in 2 min (oracle, test, guest and 5 more)`)
  })
  it('stays quiet on typos of many people behind the office address', async () => {
    // The office NAT: every account logs in from it every day, and people mistype.
    const office = '198.18.0.1'
    const base = normalWeek(9)
    const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi']
    for (let d = 0; d < 9; d++) for (const [k, u] of users.entries()) base.push(login(T0 + d * DAY + (9 + (k % 6)) * HOUR, u, office))
    const day8 = users.flatMap((u, k) => [failed(D8 + (9 + k) * HOUR + 30 * MIN, u, office), login(D8 + (9 + k) * HOUR + 31 * MIN, u, office)])
    const { scores } = await analyze([...base, ...day8], { detectors: ['rules'] })
    expect(quiet(scores.slice(base.length))).toBe(true)
  })
  it('stays quiet on one address mistyping its name twice, then logging in', async () => {
    const s = await run([
      invalid(D8 + 9 * HOUR + 5 * MIN, 'alcie', '10.0.0.5'),
      invalid(D8 + 9 * HOUR + 5 * MIN + 20_000, 'aliec', '10.0.0.5'),
      login(D8 + 9 * HOUR + 6 * MIN, 'alice', '10.0.0.5'),
      sudo(D8 + 9 * HOUR + 20 * MIN, 'alice', '/usr/bin/systemctl restart nginx'),
    ])
    expect(quiet(s)).toBe(true)
    expect(s.some((x) => x.threat_type === 'user_enumeration')).toBe(false)
  })
  it('stays quiet on two accounts tried once', async () => {
    const s = await run([failed(D8 + HOUR, 'alice', '103.99.0.11'), invalid(D8 + HOUR + MIN, 'test', '103.99.0.11')])
    expect(quiet(s)).toBe(true)
  })
})

describe('credential compromise', () => {
  it('fires on a success after failures from the same IP, and flags what follows', async () => {
    const ip = '193.32.162.5'
    const s = await run([
      ...Array.from({ length: 6 }, (_, k) => failed(D8 + 15 * HOUR + k * 40_000, 'bob', ip)),
      login(D8 + 15 * HOUR + 5 * MIN, 'bob', ip),
      sudo(D8 + 15 * HOUR + 7 * MIN, 'bob', '/usr/bin/cat /etc/shadow'),
    ])
    expect(s[6].threat_type).toBe('credential_compromise')
    expect(atLeast(s[6], 'HIGH')).toBe(true)
    expect(s[6].reasons[0]).toMatch(/^login as bob from 193\.32\.162\.5 succeeded after 6 failed attempts from it in 5 min; then 1 event as bob on web1$/)
    expect(s[7].threat_type).toBe('credential_compromise')
    expect(s.slice(0, 6).every((x) => atLeast(x, 'MEDIUM'))).toBe(true)
    // One episode, one sentence: the failures, the login and what followed are one incident.
    expect(new Set(s.map((x) => x.reasons[0]))).toEqual(new Set([s[6].reasons[0]]))
  })
  it('stays quiet on one typo then success', async () => {
    const s = await run([failed(D8 + 10 * HOUR, 'bob', '10.0.0.6'), login(D8 + 10 * HOUR + 15_000, 'bob', '10.0.0.6')])
    expect(quiet(s)).toBe(true)
  })
})

describe('privileged login', () => {
  it('fires on root from a new IP at 03:12', async () => {
    const s = await run([login(D8 + 3 * HOUR + 12 * MIN, 'alice', '203.0.113.9')])
    expect(s[0].threat_type).toBe('privileged_login')
    expect(s[0].mitre_techniques).toEqual(['T1078.003'])
    expect(atLeast(s[0], 'HIGH')).toBe(true)
    // No location for the address: it cannot be judged near, so it counts as novel.
    expect(s[0].reasons[0]).toBe("first login as alice from 203.0.113.9, at 03:12 UTC, outside alice's usual 09:00–16:00 (±1 h)")
  })
  // alice reads files from Berlin every day (normalWeek's api events carry DE): her country.
  const placed = (ts: number, ip: string, country: string) =>
    ev({ ts, program: 'sshd', event: 'auth_success', outcome: 'success', user: 'alice', src_ip: ip, auth_method: 'publickey', country, lat: country === 'DE' ? 52.5 : -23.5, lon: country === 'DE' ? 13.4 : -46.6 })
  it('fires HIGH on a never-seen country at night, and says so', async () => {
    const s = await run([placed(D8 + 3 * HOUR + 12 * MIN, '198.51.100.23', 'BR')])
    expect(s[0].threat_type).toBe('privileged_login')
    expect(atLeast(s[0], 'HIGH')).toBe(true)
    expect(s[0].reasons[0]).toBe("first login as alice from 198.51.100.23 (BR, a country never seen for it), at 03:12 UTC, outside alice's usual 09:00–16:00 (±1 h)")
  })
  it('stays quiet on an admin an hour early from a new address in her usual country (within her margin)', async () => {
    const s = await run([placed(D8 + 7 * HOUR + 51 * MIN, '198.51.100.24', 'DE')])
    expect(s[0].threat_type).not.toBe('privileged_login')
    expect(quiet(s)).toBe(true)
  })
  it('stays LOW for an admin a few hours early from a new address in her usual country, when she logs in from the internet', async () => {
    // alice logs in from home (a public address in DE) on two baseline days.
    const base = [...normalWeek(9), placed(T0 + 1 * DAY + 11 * HOUR, '192.0.2.40', 'DE'), placed(T0 + 3 * DAY + 11 * HOUR, '192.0.2.40', 'DE')]
    const { scores } = await analyze([...base, placed(D8 + 5 * HOUR + 30 * MIN, '198.51.100.25', 'DE')], { detectors: ['rules'] })
    const s = scores.slice(base.length)
    expect(s[0].severity).toBe('LOW')
    expect(s[0].reasons[0]).toBe("first login as alice from 198.51.100.25 (a new address in DE, a country it logs in from), at 05:30 UTC, outside alice's usual 09:00–16:00 (±2 h)")
  })
  it('fires MEDIUM on an admin who always came through the network, from the internet a few hours early', async () => {
    // alice's SSH logins all came from 10.0.0.5: a public address is a network she never came from.
    const s = await run([placed(D8 + 5 * HOUR + 30 * MIN, '198.51.100.25', 'DE')])
    expect(s[0].threat_type).toBe('privileged_login')
    expect(s[0].severity).toBe('MEDIUM')
    expect(s[0].reasons[0]).toBe(
      "first login as alice from 198.51.100.25 (a new address in DE, a country it logs in from), at 05:30 UTC, outside alice's usual 09:00–16:00 (±2 h), and alice never logged in from the internet before",
    )
  })
  it('does not let logins from a different network each day vouch for the internet (an intruder\'s returns)', async () => {
    const base = [...normalWeek(9), ...[1, 2, 4].map((d, k) => placed(T0 + d * DAY + 2 * HOUR, `${[192, 203, 100][k]}.0.${k + 2}.9`, 'DE'))]
    const { scores } = await analyze([...base, placed(D8 + 5 * HOUR + 30 * MIN, '198.51.100.25', 'DE')], { detectors: ['rules'] })
    expect(scores[scores.length - 1].severity).toBe('MEDIUM')
    expect(scores[scores.length - 1].reasons[0]).toMatch(/, and alice never logged in from the internet before$/)
  })
  it('does not let one login in the baseline vouch for the internet: an attack on day 2 is no habit', async () => {
    // One public login on day 2 (the capture started under attack) is not "she comes from the internet".
    const base = [...normalWeek(9), placed(T0 + 1 * DAY + 2 * HOUR, '192.0.2.41', 'DE')]
    const { scores } = await analyze([...base, placed(D8 + 5 * HOUR + 30 * MIN, '198.51.100.25', 'DE')], { detectors: ['rules'] })
    expect(scores[scores.length - 1].severity).toBe('MEDIUM')
  })
  it('fires MEDIUM on an admin from a never-seen country inside her usual hours, and says why', async () => {
    // A host's night shift can make any hour usual; it never vouches for a privileged account abroad.
    const s = await run([placed(D8 + 10 * HOUR + 5 * MIN, '198.51.100.26', 'BR')])
    expect(s[0].threat_type).toBe('privileged_login')
    expect(s[0].severity).toBe('MEDIUM')
    expect(s[0].reasons[0]).toBe(
      "first login as alice from 198.51.100.26 (BR, a country never seen for it), at 10:05 UTC, within alice's usual 09:00–16:00, but alice never logged in from the internet before",
    )
  })
  it('stays quiet inside the usual hours on an admin’s new address in her usual country, and on a non-admin from a never-seen country', async () => {
    const home = await run([placed(D8 + 10 * HOUR + 5 * MIN, '198.51.100.27', 'DE')])
    expect(quiet(home)).toBe(true)
    // erin never ran sudo and has no history: judged by the host's hours, which 10:05 is inside.
    const erin = ev({ ts: D8 + 10 * HOUR + 5 * MIN, program: 'sshd', event: 'auth_success', outcome: 'success', user: 'erin', src_ip: '198.51.100.28', auth_method: 'publickey', country: 'BR', lat: -23.5, lon: -46.6 })
    const abroad = await run([erin])
    expect(abroad[0].threat_type).not.toBe('privileged_login')
    expect(quiet(abroad)).toBe(true)
  })
  it('fires on root itself from a new IP off hours, judged by the host’s hours', async () => {
    const s = await run([login(D8 + 2 * HOUR + 40 * MIN, 'root', '203.0.113.66')])
    expect(s[0].threat_type).toBe('privileged_login')
    expect(s[0].mitre_techniques).toEqual(['T1078.003'])
    expect(atLeast(s[0], 'HIGH')).toBe(true)
    expect(s[0].reasons[0]).toMatch(/^first login as root from 203\.0\.113\.66, at 02:40 UTC, outside this host's usual \d\d:00–\d\d:00 \(±\d h\)$/)
  })
  it('stays quiet on the usual login at the usual hour', async () => {
    const s = await run([login(D8 + 9 * HOUR + 7 * MIN, 'alice', '10.0.0.5')])
    expect(quiet(s)).toBe(true)
  })
  it('stays LOW for a new internal address in the evening (a new DHCP lease, overtime)', async () => {
    const s = await run([login(D8 + 21 * HOUR, 'alice', '10.10.7.9')])
    expect(quiet(s)).toBe(true)
    expect(s[0].severity).toBe('LOW')
  })
})

describe('privilege escalation', () => {
  it('fires on a sudo denial, failed su, then root', async () => {
    const t = D8 + 11 * HOUR
    const s = await run([
      ev({ ts: t, program: 'sudo', event: 'sudo_denied', outcome: 'failure', user: 'bob', target_user: 'root', command: '/bin/bash' }),
      ev({ ts: t + 2 * MIN, program: 'su', event: 'su_failure', outcome: 'failure', user: 'bob', target_user: 'root' }),
      ev({ ts: t + 4 * MIN, program: 'su', event: 'su', outcome: 'success', user: 'bob', target_user: 'root' }),
    ])
    expect(s.every((x) => x.threat_type === 'privilege_escalation' && atLeast(x, 'HIGH'))).toBe(true)
    expect(s[0].mitre_techniques).toEqual(['T1548.003'])
  })
  it('stays quiet on an admin’s usual sudo and one mistyped sudo password', async () => {
    const s = await run([
      sudo(D8 + 10 * HOUR, 'alice', '/usr/bin/systemctl restart nginx'),
      ev({ ts: D8 + 12 * HOUR, program: 'sudo', event: 'auth_failure', outcome: 'failure', user: 'bob' }),
    ])
    expect(quiet(s)).toBe(true)
  })
})

describe('persistence', () => {
  it('fires on a new account, a privileged group and authorized_keys', async () => {
    const t = D8 + 13 * HOUR
    const s = await run([
      ev({ ts: t, program: 'useradd', event: 'user_add', outcome: 'success', target_user: 'backup2', raw: 'useradd[812]: new user: name=backup2, UID=1002' }),
      ev({ ts: t + MIN, program: 'usermod', event: 'group_modify', outcome: 'success', target_user: 'backup2', raw: "usermod[815]: add 'backup2' to group 'sudo'" }),
      sudo(t + 2 * MIN, 'alice', '/usr/bin/tee -a /root/.ssh/authorized_keys'),
    ])
    expect(s.every((x) => x.threat_type === 'persistence' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(s[0].mitre_techniques).toEqual(['T1098', 'T1098.004', 'T1136.001'])
  })
  it('stays below MEDIUM for an admin’s onboarding in office hours', async () => {
    // alice (a known sudo user) logs in from her usual address at 11:00 and creates a new hire.
    const t = D8 + 11 * HOUR
    const s = await run([
      login(t, 'alice', '10.0.0.5'),
      sudo(t + MIN, 'alice', '/usr/sbin/useradd -m -s /bin/bash dana'),
      ev({ ts: t + MIN + 500, program: 'useradd', event: 'user_add', outcome: 'success', target_user: 'dana', raw: 'useradd[2201]: new user: name=dana, UID=2001, GID=2001, home=/home/dana, shell=/bin/bash' }),
      sudo(t + 2 * MIN, 'alice', '/usr/sbin/usermod -aG developers dana'),
      ev({ ts: t + 2 * MIN + 300, program: 'usermod', event: 'group_modify', outcome: 'success', target_user: 'dana', raw: "usermod[2205]: add 'dana' to group 'developers'" }),
    ])
    expect(quiet(s)).toBe(true)
    expect(s[2].threat_type).toBe('persistence')
    expect(s[2].severity).toBe('LOW')
  })
  it('stays quiet on a user changing their own password', async () => {
    const s = await run([ev({ ts: D8 + 10 * HOUR, program: 'passwd', event: 'password_change', outcome: 'success', user: 'bob', target_user: 'bob' })])
    expect(quiet(s)).toBe(true)
  })
})

describe('lateral movement', () => {
  it('fires on one account logging into five hosts in minutes, the walk and every host it names', async () => {
    // From his workstation into web1, then hop by hop from each host to the next.
    const hops = ['web1', 'db1', 'app1', 'app2', 'files'].map((h, k) => login(D8 + 14 * HOUR + k * MIN, 'bob', k === 0 ? '10.0.0.6' : `10.0.1.${k}`, h))
    const s = await run(hops)
    expect(s.every((x) => x.threat_type === 'lateral_movement' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(s[1].mitre_techniques).toEqual(['T1021.004'])
    // Hand count: these 5 logins and bob's usual 14:07 one on web1 (normalWeek): 7 min, hosts
    // web1..files (app1 and app2 never bob's; he reads files daily), 5 addresses of which 4 new.
    expect(s[0].reasons[0]).toBe(
      'bob logged into 5 hosts in 7 min (web1, db1, app1, app2, files) from 5 addresses; 2 hosts new to bob, 4 addresses new to bob; at most 1 host within 15 min in the baseline',
    )
  })
  it('fires on an account that never hops reaching three hosts in two minutes at night, from one internal address it never used', async () => {
    // The held-out shape: one new internal address, three hosts, sessions of a few minutes.
    const ip = '10.0.3.77'
    const walk = ['web1', 'db1', 'app1'].flatMap((h, k) => {
      const ts = D8 + 2 * HOUR + 53 * MIN + k * 50_000
      return [
        login(ts, 'alice', ip, h),
        ev({ ts: ts + 1000, host: h, program: 'sshd', event: 'session_open', outcome: 'success', user: 'alice', src_ip: ip }),
        ev({ ts: ts + 4 * MIN, host: h, program: 'sshd', event: 'session_close', outcome: 'success', user: 'alice' }),
      ]
    })
    const s = await run(walk)
    const logins = s.filter((_, k) => k % 3 === 0)
    expect(logins.every((x) => x.threat_type === 'lateral_movement' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(logins[0].reasons[0]).toMatch(/^alice logged into 3 hosts in 2 min \(web1, db1, app1\) from 10\.0\.3\.77; 1 host new to alice, 1 address new to alice; /)
  })
  it('stays quiet on an admin who hops across the same hosts every morning, today from a new address', async () => {
    const base = normalWeek(9)
    const round = (day: number, ip: string) => ['web1', 'db1', 'app1', 'app2'].map((h, k) => login(T0 + day * DAY + 8 * HOUR + k * MIN, 'ops', ip, h))
    for (let d = 0; d < 8; d++) base.push(...round(d, '10.0.0.9'))
    const today = round(8, '10.0.0.99')
    const { scores } = await analyze([...base, ...today], { detectors: ['rules'] })
    expect(scores.slice(base.length).some((x) => x.threat_type === 'lateral_movement')).toBe(false)
  })
  it('stays quiet on the usual two hosts', async () => {
    const s = await run([login(D8 + 10 * HOUR, 'bob', '10.0.0.6', 'web1'), login(D8 + 10 * HOUR + MIN, 'bob', '10.0.0.6', 'db1')])
    expect(quiet(s)).toBe(true)
  })

  // grace checks web1 and db1 every morning from her desk (two hosts at once is her normal).
  const twoHostDays = (user: string, ip: string, hosts: string[]): NormalizedEvent[] => {
    const base = normalWeek(9)
    for (let d = 0; d < 8; d++) hosts.forEach((h, k) => base.push(login(T0 + d * DAY + 9 * HOUR + k * 3 * MIN, user, ip, h)))
    return base
  }
  const judge = async (base: NormalizedEvent[], today: NormalizedEvent[]) => (await analyze([...base, ...today], { detectors: ['rules'] })).scores.slice(base.length)
  it('fires on one external address new to an account reaching three hosts in two minutes, though the account often touches two', async () => {
    const base = twoHostDays('grace', '10.0.0.8', ['web1', 'db1'])
    const walk = ['db1', 'app1', 'files'].map((h, k) => login(D8 + HOUR + 41 * MIN + k * 50_000, 'grace', '185.51.230.44', h))
    const s = await judge(base, walk)
    expect(s.every((x) => x.threat_type === 'lateral_movement' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(s[0].reasons[0]).toBe(
      'grace logged into 3 hosts in 2 min (db1, app1, files) from 185.51.230.44; 2 hosts new to grace, 1 address new to grace; at most 2 hosts within 15 min in the baseline',
    )
  })
  // A fleet of five SSH hosts: ops makes the round of all of them every morning.
  const fiveHostFleet = (base: NormalizedEvent[]): NormalizedEvent[] => {
    for (let d = 0; d < 8; d++) ['web1', 'db1', 'app1', 'app2', 'files'].forEach((h, k) => base.push(login(T0 + d * DAY + 8 * HOUR + k * MIN, 'ops', '10.0.0.9', h)))
    return base
  }
  it('fires on a foothold walk: from her usual host into two hosts she never reached, each from the host before, though she often touches two', async () => {
    const base = fiveHostFleet(twoHostDays('grace', '10.0.0.8', ['web1', 'db1']))
    const walk = [login(D8 + 4 * HOUR + 9 * MIN, 'grace', '10.0.0.8', 'web1'), login(D8 + 4 * HOUR + 13 * MIN, 'grace', '10.0.1.14', 'app1'), login(D8 + 4 * HOUR + 14 * MIN, 'grace', '10.0.1.13', 'files')]
    const s = await judge(base, walk)
    expect(s.every((x) => x.threat_type === 'lateral_movement' && atLeast(x, 'MEDIUM'))).toBe(true)
    // Hand count: web1 (hers), app1 and files (new, from 10.0.1.14 and 10.0.1.13, new): 3 hosts in 5 min, 2 addresses new.
    expect(s[0].reasons[0]).toBe(
      'grace logged into 3 hosts in 5 min (web1, app1, files) from 3 addresses; 2 hosts new to grace, 2 addresses new to grace; at most 2 hosts within 15 min in the baseline',
    )
  })
  it('stays quiet on her usual two hosts and one new host from a new address', async () => {
    const base = fiveHostFleet(twoHostDays('grace', '10.0.0.8', ['web1', 'db1']))
    const day = [login(D8 + 9 * HOUR, 'grace', '10.0.0.8', 'web1'), login(D8 + 9 * HOUR + 3 * MIN, 'grace', '10.0.0.8', 'db1'), login(D8 + 9 * HOUR + 5 * MIN, 'grace', '10.0.1.14', 'app1')]
    expect((await judge(base, day)).some((x) => x.threat_type === 'lateral_movement')).toBe(false)
  })
  it('stays quiet on an admin’s usual three-host round from a new home address', async () => {
    const base = twoHostDays('ops', '10.0.0.9', ['web1', 'db1', 'app1'])
    const round = ['web1', 'db1', 'app1'].map((h, k) => login(D8 + 9 * HOUR + k * 3 * MIN, 'ops', '203.0.113.140', h))
    const s = await judge(base, round)
    expect(s.some((x) => x.threat_type === 'lateral_movement')).toBe(false)
  })
  it('fires on two hosts, one new to the account, from an internal address far from any it used', async () => {
    const base = twoHostDays('ivan', '10.10.16.197', ['app1', 'db1'])
    const walk = [login(D8 + 13 * HOUR + 51 * MIN, 'ivan', '10.0.149.15', 'files'), login(D8 + 13 * HOUR + 51 * MIN + 38_000, 'ivan', '10.0.149.15', 'app1')]
    const s = await judge(base, walk)
    expect(s.every((x) => x.threat_type === 'lateral_movement' && x.severity === 'MEDIUM')).toBe(true)
    expect(s[0].reasons[0]).toBe(
      'ivan logged into 2 hosts in 38 s (files, app1) from 10.0.149.15; 1 host new to ivan, 1 address new to ivan; at most 2 hosts within 15 min in the baseline',
    )
  })
  it('fires on the same walk inside the baseline (a capture that starts under attack), and not on a new lease there', async () => {
    const base = twoHostDays('ivan', '10.10.16.197', ['app1', 'db1'])
    const D2 = T0 + 2 * DAY
    const walk = [login(D2 + 13 * HOUR + 51 * MIN, 'ivan', '10.0.149.15', 'files'), login(D2 + 13 * HOUR + 51 * MIN + 38_000, 'ivan', '10.0.149.15', 'app1')]
    const { scores } = await analyze([...base, ...walk], { detectors: ['rules'] })
    const s = scores.slice(base.length)
    expect(s.every((x) => x.threat_type === 'lateral_movement' && x.severity === 'MEDIUM')).toBe(true)
    expect(s[0].reasons[0]).toBe('ivan logged into 2 hosts in 38 s (files, app1) from 10.0.149.15; 1 host new to ivan, 1 address new to ivan; at most 2 hosts within 15 min in the baseline')
    const lease = [login(D2 + 10 * HOUR, 'ivan', '10.10.16.201', 'files'), login(D2 + 10 * HOUR + MIN, 'ivan', '10.10.16.201', 'app1')]
    const quietLease = await analyze([...base, ...lease], { detectors: ['rules'] })
    expect(quietLease.scores.slice(base.length).some((x) => x.threat_type === 'lateral_movement')).toBe(false)
  })
  it('stays quiet on two hosts from a new lease in a known network, and on the usual two hosts from a new desk', async () => {
    const base = twoHostDays('ivan', '10.10.16.197', ['app1', 'db1'])
    const lease = [login(D8 + 10 * HOUR, 'ivan', '10.10.16.201', 'files'), login(D8 + 10 * HOUR + MIN, 'ivan', '10.10.16.201', 'app1')]
    expect((await judge(base, lease)).some((x) => x.threat_type === 'lateral_movement')).toBe(false)
    const desk = [login(D8 + 10 * HOUR, 'ivan', '10.0.149.16', 'app1'), login(D8 + 10 * HOUR + MIN, 'ivan', '10.0.149.16', 'db1')]
    expect((await judge(base, desk)).some((x) => x.threat_type === 'lateral_movement')).toBe(false)
  })

  // A fleet of three SSH hosts (carol works on app1 daily) can only be walked whole.
  const threeHosts = (extra: NormalizedEvent[] = []): NormalizedEvent[] => {
    const base = normalWeek(9)
    for (let d = 0; d < 9; d++) base.push(login(T0 + d * DAY + 10 * HOUR + 30 * MIN, 'carol', '10.0.0.7', 'app1'))
    return [...base, ...extra]
  }
  it('fires on an account walking every host of a three-host fleet', async () => {
    const base = threeHosts()
    const hops = ['web1', 'db1', 'app1'].map((h, k) => login(D8 + 14 * HOUR + 20 * MIN + k * 2 * MIN, 'bob', k === 0 ? '10.0.0.6' : `10.0.1.${k}`, h))
    const { scores } = await analyze([...base, ...hops], { detectors: ['rules'] })
    const s = scores.slice(base.length)
    expect(s.every((x) => x.threat_type === 'lateral_movement' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(s[1].reasons[0]).toBe(
      'bob logged into 3 hosts in 4 min (web1, db1, app1) from 3 addresses; 1 host new to bob, 2 addresses new to bob; at most 1 host within 15 min in the baseline',
    )
    expect(DEFAULT_RULE_THRESHOLDS.lateralHosts).toBe(3)
  })
  it('stays quiet, in a three-host fleet, on an account that walks all of it in its baseline too', async () => {
    // ops checks the three hosts every night, hopping host to host; tonight from two other hosts.
    const nightly = (day: number, ips: string[]): NormalizedEvent[] =>
      ['web1', 'db1', 'app1'].map((h, k) => login(T0 + day * DAY + 3 * HOUR + k * 2 * MIN, 'ops', ips[k], h))
    const base = threeHosts()
    for (let d = 0; d < 8; d++) base.push(...nightly(d, ['10.0.0.9', '10.0.1.1', '10.0.1.2']))
    const tonight = nightly(8, ['10.0.0.9', '10.0.1.7', '10.0.1.8'])
    const { scores } = await analyze([...base, ...tonight], { detectors: ['rules'] })
    expect(scores.slice(base.length).some((x) => x.threat_type === 'lateral_movement')).toBe(false)
  })
  it('stays quiet, in a three-host fleet, on one hop to a second host', async () => {
    const base = threeHosts()
    const hops = [login(D8 + 14 * HOUR, 'bob', '10.0.0.6', 'web1'), login(D8 + 14 * HOUR + 2 * MIN, 'bob', '10.0.1.1', 'db1')]
    const { scores } = await analyze([...base, ...hops], { detectors: ['rules'] })
    expect(scores.slice(base.length).some((x) => x.threat_type === 'lateral_movement')).toBe(false)
  })
})

describe('impossible travel', () => {
  const api = (ts: number, ip: string, country: string, lat: number, lon: number) =>
    ev({ ts, host: 'files', program: 'api', event: 'api_call', outcome: 'success', user: 'alice', src_ip: ip, country, lat, lon })
  it('fires on Berlin then New York 20 minutes later', async () => {
    const s = await run([api(D8 + 12 * HOUR, '10.0.0.5', 'DE', 52.5, 13.4), api(D8 + 12 * HOUR + 20 * MIN, '203.0.113.50', 'US', 40.7, -74)])
    expect(s[1].threat_type).toBe('impossible_travel')
    expect(atLeast(s[1], 'HIGH')).toBe(true)
    expect(s[1].reasons[0]).toMatch(/^alice in US \(203\.0\.113\.50\) 20 min after DE: 6,3\d\d km/)
  })
  it('stays quiet when a spray from abroad typed the name just before the owner logs in from home', async () => {
    const spray = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'].map((u, k) =>
      ev({ ts: D8 + 11 * HOUR + k * 20_000, host: 'files', program: 'api', event: 'auth_failure', outcome: 'failure', user: u, src_ip: '203.0.113.77', country: 'US', lat: 40.7, lon: -74 }),
    )
    const s = await run([...spray, api(D8 + 11 * HOUR + 15 * MIN, '10.0.0.5', 'DE', 52.5, 13.4)])
    expect(s.some((x) => x.threat_type === 'impossible_travel')).toBe(false)
    expect(quiet(s.slice(-1))).toBe(true)
  })
  it('stays below MEDIUM on a traveller switching between the company VPN and her hotel', async () => {
    // The VPN exit (in Germany) is where carol, dave and erin come from every day. At 23:00, 11 h
    // after her last day in the Berlin office, alice is in New York, on and off the VPN.
    const vpn = '203.0.113.200'
    const base = normalWeek(9)
    for (let d = 0; d < 9; d++) for (const [k, u] of ['carol', 'dave', 'erin'].entries()) base.push(ev({ ts: T0 + d * DAY + (9 + k) * HOUR, host: 'files', program: 'api', event: 'api_call', outcome: 'success', user: u, src_ip: vpn, country: 'DE', lat: 50.1, lon: 8.7 }))
    const trip = [0, 1, 2, 3].map((k) =>
      k % 2 ? api(D8 + 23 * HOUR + k * 10 * MIN, vpn, 'DE', 50.1, 8.7) : api(D8 + 23 * HOUR + k * 10 * MIN, '198.51.100.80', 'US', 40.7, -74),
    )
    const { scores } = await analyze([...base, ...trip], { detectors: ['rules'] })
    // Three jumps between the same two addresses: a tunnel switched on and off, LOW at most.
    expect(quiet(scores.slice(base.length))).toBe(true)
  })
  it('stays quiet when the account stays in Berlin', async () => {
    const s = await run([api(D8 + 12 * HOUR, '10.0.0.5', 'DE', 52.5, 13.4), api(D8 + 12 * HOUR + 20 * MIN, '10.0.0.5', 'DE', 52.52, 13.41)])
    expect(quiet(s)).toBe(true)
  })
})

describe('bulk transfer', () => {
  const xfer = (ts: number, bytes: number) =>
    ev({ ts, host: 'files', program: 'api', event: 'file_access', outcome: 'success', user: 'alice', src_ip: '10.0.0.5', bytes, country: 'DE', lat: 52.5, lon: 13.4 })
  it('fires on 4 GB against a usual 200 KB', async () => {
    const s = await run([xfer(D8 + 2 * HOUR, 4_000_000_000)])
    expect(s[0].threat_type).toBe('data_exfiltration')
    expect(s[0].mitre_techniques).toEqual(['T1048', 'T1030'])
    expect(atLeast(s[0], 'HIGH')).toBe(true)
  })
  it('fires on a run of transfers none of which is huge alone (the hour’s volume)', async () => {
    // Six 40 MB downloads in 25 minutes at night: 240 MB against a usual hour of ~250 KB.
    const run6 = Array.from({ length: 6 }, (_, k) => xfer(D8 + 2 * HOUR + k * 5 * MIN, 40_000_000))
    const s = await run(run6)
    expect(s.every((x) => x.threat_type === 'data_exfiltration' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(atLeast(s[5], 'HIGH')).toBe(true)
    expect(s[5].reasons[0]).toMatch(/^alice moved 240 MB in 6 transfers over 25 min; 240 MB within an hour, \d+× their busiest baseline hour \(\d+ KB\), from 02:00 UTC outside their usual hours$/)
  })
  it('fires on an account without history whose run of downloads falls inside the baseline (one day cannot vouch for itself)', async () => {
    // peggy moves nothing else: 52 GetObjects of 19 MB in 51 min at night on day 2 (≈ 988 MB).
    const getObjects = Array.from({ length: 52 }, (_, k) =>
      ev({ ts: T0 + 2 * DAY + 2 * HOUR + 58 * MIN + k * MIN, host: 'cloud', program: 'api', event: 'file_access', outcome: 'success', user: 'peggy', src_ip: '88.12.202.51', bytes: 19_000_000 }),
    )
    const s = await run(getObjects)
    expect(s.every((x) => x.threat_type === 'data_exfiltration' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(s[51].reasons[0]).toMatch(/^peggy moved 988 MB in 52 transfers over 51 min; 988 MB within an hour, \d+× a typical account's busiest hour \(\d+ KB\)/)
  })
  it('stays quiet on a backup account moving 2 GB at the same hour every night', async () => {
    const nightly = Array.from({ length: 9 }, (_, d) =>
      ev({ ts: T0 + d * DAY + 2 * HOUR + d * 60_000, host: 'files', program: 'api', event: 'file_access', outcome: 'success', user: 'svc-backup', src_ip: '10.0.0.40', bytes: 2_000_000_000 + d * 10_000_000 }),
    )
    expect(quiet(await run(nightly))).toBe(true)
  })
  // A 7-day capture learns from its first 2.1 days: karl moved 4 × 6 MB in his busiest hour on day
  // 0 (24 MB) and 4 × 24 MB on day 1 (96 MB).
  const karl = (ts: number, bytes: number) => ev({ ts, host: 'files', program: 'api', event: 'file_access', outcome: 'success', user: 'karl', src_ip: '10.0.0.12', bytes })
  const shortCapture = (): NormalizedEvent[] => [
    ...normalWeek(7),
    ...[0, 1, 2, 3].map((k) => karl(T0 + 11 * HOUR + k * 10 * MIN, 6_000_000)),
    ...[0, 1, 2, 3].map((k) => karl(T0 + DAY + 11 * HOUR + k * 10 * MIN, 24_000_000)),
  ]
  it('in a short capture, bars an account by its busiest baseline day: 133 MB in an hour against 96 MB is a busy day', async () => {
    const base = shortCapture()
    const busy = [0, 1, 2, 3, 4].map((k) => karl(T0 + 4 * DAY + 14 * HOUR + k * 10 * MIN, 26_600_000))
    const { scores } = await analyze([...base, ...busy], { detectors: ['rules'] })
    expect(quiet(scores.slice(base.length))).toBe(true)
  })
  it('in a short capture, still fires on 500 MB in an hour against his busiest 96 MB', async () => {
    const base = shortCapture()
    const bulk = [0, 1, 2, 3, 4].map((k) => karl(T0 + 4 * DAY + 14 * HOUR + k * 10 * MIN, 100_000_000))
    const { scores } = await analyze([...base, ...bulk], { detectors: ['rules'] })
    const s = scores.slice(base.length)
    expect(s.every((x) => x.threat_type === 'data_exfiltration' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(s[4].reasons[0]).toBe('karl moved 500 MB in 5 transfers over 40 min; 500 MB within an hour, 5.2× their busiest baseline hour (96.0 MB)')
  })
  it('fires on a quiet account moving 70 MB in 45 min, far past its own busiest hour though under 100 MB', async () => {
    // alice reads ~0.25 MB a day (normalWeek): seven 10 MB downloads are 280× that.
    const s = await run(Array.from({ length: 7 }, (_, k) => xfer(D8 + 4 * HOUR + k * 7 * MIN + 30 * MIN, 10_000_000)))
    expect(s.every((x) => x.threat_type === 'data_exfiltration' && atLeast(x, 'MEDIUM'))).toBe(true)
    expect(s[6].reasons[0]).toMatch(/^alice moved 70\.0 MB in 7 transfers over 42 min; 70\.0 MB within an hour, \d+× their busiest baseline hour/)
  })
  it('stays quiet on a quiet account downloading 20 MB (under a quarter of the 100 MB floor)', async () => {
    expect(quiet(await run([xfer(D8 + 14 * HOUR, 12_000_000), xfer(D8 + 14 * HOUR + 5 * MIN, 8_000_000)]))).toBe(true)
  })
  it('stays quiet on twice the usual volume', async () => {
    expect(quiet(await run([xfer(D8 + 12 * HOUR, 450_000)]))).toBe(true)
  })
})

describe('log tampering', () => {
  it('fires on history clearing and truncated logs', async () => {
    const s = await run([sudo(D8 + 3 * HOUR, 'bob', '/usr/bin/truncate -s 0 /var/log/auth.log'), sudo(D8 + 3 * HOUR + MIN, 'bob', '/bin/rm /home/bob/.bash_history')])
    expect(s.every((x) => x.threat_type === 'log_tampering' && atLeast(x, 'HIGH'))).toBe(true)
    expect(s[0].mitre_techniques).toEqual(['T1070.002'])
    expect(s[1].mitre_techniques).toEqual(['T1070.003'])
  })
  it('fires on stopping the logging daemons, however they are stopped', async () => {
    const commands = [
      '/usr/bin/systemctl stop rsyslog',
      '/usr/sbin/service auditd stop',
      '/usr/sbin/service rsyslog stop',
      '/bin/systemctl --now disable systemd-journald.socket',
      '/usr/bin/pkill -9 auditd',
      '/usr/bin/journalctl --rotate --vacuum-time=1s',
    ]
    const s = await run(commands.map((c, k) => sudo(D8 + 3 * HOUR + k * 10 * MIN, 'bob', c)))
    for (const [k, x] of s.entries()) {
      expect(x.threat_type, commands[k]).toBe('log_tampering')
      expect(x.mitre_techniques, commands[k]).toEqual(['T1070.002'])
      expect(x.reasons[0], commands[k]).toBe(`bob ran "${commands[k]}" on web1: system logs erased`)
      expect(atLeast(x, 'HIGH'), commands[k]).toBe(true)
    }
  })
  it('fires on a log_tamper event from a JSON source', async () => {
    const record = { '@timestamp': new Date(D8 + 4 * HOUR).toISOString(), event: { action: 'StopLogging', outcome: 'success' }, user: { name: 'bob' }, source: { ip: '10.0.0.6' } }
    const s = await run([ev({ ts: D8 + 4 * HOUR, host: 'files', program: 'cloudtrail', event: 'log_tamper', outcome: 'success', user: 'bob', src_ip: '10.0.0.6', raw: JSON.stringify(record) })])
    expect(s[0].threat_type).toBe('log_tampering')
    expect(s[0].mitre_techniques).toEqual(['T1070.002'])
    expect(s[0].reasons[0]).toBe('system logs tampered with on files by bob')
    expect(atLeast(s[0], 'HIGH')).toBe(true)
  })
  it('stays quiet on reading a log', async () => {
    expect(quiet(await run([sudo(D8 + 10 * HOUR, 'alice', '/usr/bin/tail -n 50 /var/log/syslog')]))).toBe(true)
  })
  it('stays quiet on restarting or checking the logging daemons', async () => {
    const s = await run([
      sudo(D8 + 10 * HOUR, 'alice', '/usr/bin/systemctl restart rsyslog'),
      sudo(D8 + 10 * HOUR + MIN, 'alice', '/usr/bin/systemctl status auditd'),
      sudo(D8 + 10 * HOUR + 2 * MIN, 'alice', '/usr/sbin/service rsyslog reload'),
    ])
    expect(quiet(s)).toBe(true)
  })
})

describe('reason formatting', async () => {
  const { fmtBytes, fmtDuration, fmtList } = await import('../../../../src/engine/detect/rules/format')
  it('formats durations, sizes and lists', () => {
    expect(fmtDuration(61_000)).toBe('61 s')
    expect(fmtDuration(6 * 60_000)).toBe('6 min')
    expect(fmtDuration(130 * 60_000)).toBe('2 h 10 min')
    expect(fmtBytes(4_200_000_000)).toBe('4.2 GB')
    expect(fmtList(['root', 'admin', 'oracle', 'test'], 2)).toBe('root, admin and 2 more')
    expect(fmtList(['admin', ' admin', ''])).toBe('admin, " admin", ""')
  })
})

describe('tunable thresholds', () => {
  it('lets a stricter brute-force threshold silence a small burst', async () => {
    const burst = Array.from({ length: 10 }, (_, k) => failed(D8 + 3 * HOUR + k * 6000, 'root', '185.220.101.47'))
    const base = normalWeek(9)
    const strict = await analyze([...base, ...burst], { detectors: ['rules'], thresholds: { bruteFailures: 50, bruteSessionFailures: 100 } })
    expect(quiet(strict.scores.slice(base.length))).toBe(true)
    expect(strict.model.thresholds.bruteFailures).toBe(50)
  })
})
