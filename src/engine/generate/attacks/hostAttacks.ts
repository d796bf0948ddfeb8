/**
 * Attacks inside hosts: an off-hours privileged login from a new address, privilege escalation
 * (sudo denied, su failed, then root), persistence (account, group, authorized_keys), lateral
 * movement (one account across many hosts in minutes) and log tampering.
 */
import { addToGroup, createAccount, setPassword } from '../accountActivity'
import * as msg from '../adminMessages'
import { chance, intBetween, pick, sample } from '../sampling'
import { failedConnection, sshSession, sudoRun } from '../sshActivity'
import { sessionClosed, sessionOpened } from '../sshdMessages'
import { type User } from '../world'
import { type AttackContext, HOUR, MINUTE, admins, anyStart, attackerIp, nightStart, workStart } from './context'

/** root (or an admin who goes straight to a root shell) logs in at night from an address never seen. */
export function privilegedLogin(ctx: AttackContext): void {
  const { world, em, rng, label } = ctx
  const legacy = world.hosts.filter((h) => h.dialect === 'legacy')
  const host = ctx.index % 2 === 0 && legacy.length > 0 ? pick(rng, legacy) : pick(rng, world.hosts)
  const { ip } = attackerIp(ctx, pick(rng, ['NL', 'US', 'RO', 'SG']))
  const start = nightStart(ctx)
  const asRoot = ctx.index % 2 === 0
  const admin = pick(rng, admins(world))
  const login = asRoot
    ? { user: 'root', uid: 0, method: 'password' as const, keyLabel: '' }
    : { user: admin.name, uid: admin.uid, method: admin.sshMethod, keyLabel: admin.keyLabel }
  sshSession(em, rng, { host, ip, ...login, start, durationMs: 5 * MINUTE + rng.next() * 20 * MINUTE, label }, (s) => {
    if (asRoot) return
    const who = { host, user: admin.name, uid: admin.uid, tty: s.tty, label }
    sudoRun(em, rng, who, s.start + 20_000, '/bin/bash', { durationMs: s.end - s.start - 40_000 })
  })
}

/** A developer, in a normal session, is refused by sudo, fails su, and then gets a root shell. */
export function privilegeEscalation(ctx: AttackContext): void {
  const { world, em, rng, label } = ctx
  const devs = world.users.filter((u) => u.kind === 'dev' && u.hostWeights.some((w) => w > 0))
  const insider = devs[ctx.index % devs.length] ?? world.users[2]
  const host = world.hosts[insider.hostWeights.findIndex((w) => w > 0)]
  const start = workStart(ctx, insider, 2 * HOUR)
  sshSession(
    em,
    rng,
    { host, user: insider.name, uid: insider.uid, ip: insider.sshIps[0], method: insider.sshMethod, keyLabel: insider.keyLabel, start, durationMs: 45 * MINUTE + rng.next() * 30 * MINUTE, label: null },
    (s) => {
      const pwd = `/home/${insider.name}`
      let t = s.start + 3 * MINUTE + rng.next() * 5 * MINUTE
      for (const command of sample(rng, ['/bin/bash', '/usr/bin/cat /etc/shadow', '/usr/bin/id', '/usr/bin/su -'], intBetween(rng, 1, 3))) {
        if (chance(rng, 0.3)) {
          em.syslog(host, t, 'sudo', msg.sudoPamAuthFailure(insider.name, insider.uid, s.tty), label)
          t += 8000 + rng.next() * 5000
          em.syslog(host, t, 'sudo', msg.sudoIncorrectPassword(insider.name, 3, s.tty, pwd, command), label)
        } else {
          em.syslog(host, t, 'sudo', msg.sudoNotInSudoers(insider.name, s.tty, pwd, command), label)
        }
        t += 10_000 + rng.next() * 40_000
      }
      for (let i = 0, n = intBetween(rng, 1, 3); i < n; i++) {
        const tag = `su[${em.pid(host, t, rng)}]`
        em.syslog(host, t, tag, msg.suPamAuthFailure(insider.name, insider.uid, s.tty, 'root'), label)
        em.syslog(host, t + 2000 + rng.next() * 1000, tag, msg.suFailed('root', insider.name, s.tty), label)
        t += 10_000 + rng.next() * 30_000
      }
      t += MINUTE + rng.next() * 4 * MINUTE
      const tag = `su[${em.pid(host, t, rng)}]`
      em.syslog(host, t, tag, msg.suSuccess('root', insider.name, s.tty), label)
      em.syslog(host, t + 3, tag, sessionOpened(host.dialect, 'su', 'root', 0, { name: insider.name, uid: insider.uid }), label)
      em.syslog(host, Math.min(s.end - 5000, t + 2 * MINUTE + rng.next() * 8 * MINUTE), tag, sessionClosed('su', 'root'), label)
    },
  )
}

const BACKDOOR_NAMES = ['sysupdate', 'svc-monitor', 'backup2', 'nagios2', 'systemd-net', 'apache2', 'support1']

/** From a new address, an admin account creates a backdoor account, gives it sudo, and plants SSH keys. */
export function persistence(ctx: AttackContext): void {
  const { world, em, rng, label } = ctx
  const admin = pick(rng, admins(world))
  const host = pick(rng, world.hosts)
  const { ip } = attackerIp(ctx)
  const start = chance(rng, 0.5) ? nightStart(ctx) : anyStart(ctx, HOUR)
  sshSession(em, rng, { host, user: admin.name, uid: admin.uid, ip, method: admin.sshMethod, keyLabel: admin.keyLabel, start, durationMs: 12 * MINUTE + rng.next() * 10 * MINUTE, label }, (s) => {
    const who = { host, user: admin.name, uid: admin.uid, tty: s.tty, label }
    let t = s.start + 30_000 + rng.next() * 30_000
    const step = (): number => 15_000 + rng.next() * 45_000
    if (ctx.index % 2 === 0) {
      const name = BACKDOOR_NAMES[(ctx.index / 2) % BACKDOOR_NAMES.length]
      const uid = 1900 + intBetween(rng, 1, 90)
      t = createAccount(em, rng, who, t, name, uid) + step()
      t = addToGroup(em, rng, who, t, name, 'sudo') + step()
      t = setPassword(em, rng, who, t, name) + step()
      t = sudoRun(em, rng, who, t, `/usr/bin/mkdir -p /home/${name}/.ssh`) + step()
      sudoRun(em, rng, who, t, `/usr/bin/tee -a /home/${name}/.ssh/authorized_keys`)
    } else {
      const victim = pick(rng, world.users.filter((u) => u.kind === 'dev'))
      t = addToGroup(em, rng, who, t, victim?.name ?? 'www-data', 'sudo') + step()
      sudoRun(em, rng, who, t, '/usr/bin/tee -a /root/.ssh/authorized_keys')
    }
  })
}

const TAMPER_COMMANDS = [
  '/usr/bin/truncate -s 0 /var/log/auth.log',
  '/usr/bin/rm -f /var/log/auth.log.1',
  '/bin/bash -c history -c',
  '/usr/bin/shred -u /root/.bash_history',
  '/usr/bin/journalctl --rotate --vacuum-time=1s',
  '/usr/bin/rm -rf /var/log/wtmp /var/log/btmp',
  '/usr/sbin/service rsyslog stop',
]

/** An intruder with an admin's credentials erases traces: logs truncated, history cleared. */
export function logTampering(ctx: AttackContext): void {
  const { world, em, rng, label } = ctx
  const admin = pick(rng, admins(world))
  const host = world.hosts[(ctx.index + 2) % world.hosts.length]
  const { ip } = attackerIp(ctx)
  const start = chance(rng, 0.5) ? nightStart(ctx) : anyStart(ctx, HOUR)
  sshSession(em, rng, { host, user: admin.name, uid: admin.uid, ip, method: admin.sshMethod, keyLabel: admin.keyLabel, start, durationMs: 6 * MINUTE + rng.next() * 8 * MINUTE, label }, (s) => {
    const who = { host, user: admin.name, uid: admin.uid, tty: s.tty, label }
    let t = s.start + 60_000 + rng.next() * 60_000
    for (const command of sample(rng, TAMPER_COMMANDS, intBetween(rng, 2, 4))) {
      t = sudoRun(em, rng, who, t, command) + 5000 + rng.next() * 20_000
    }
  })
}

/** One account hops from host to host, each hop from the previous host's address, within minutes. */
export function lateralMovement(ctx: AttackContext): void {
  if (ctx.world.variety.lateralSpread) return spreadMovement(ctx)
  const { world, em, rng, label } = ctx
  const devs = world.users.filter((u) => u.kind === 'dev' && u.hostWeights.some((w) => w > 0))
  const user: User = devs[(ctx.index + 1) % devs.length] ?? world.users[2]
  const first = world.hosts[user.hostWeights.findIndex((w) => w > 0)]
  const others = world.hosts.filter((h) => h !== first)
  const hops = others.slice(0, Math.min(5, others.length))
  const start = chance(rng, 0.5) ? workStart(ctx, user, 2 * HOUR) : nightStart(ctx)
  const total = 10 * MINUTE + hops.length * 6 * MINUTE
  // The foothold: the account's own session on its usual host, from its usual address.
  sshSession(em, rng, { host: first, user: user.name, uid: user.uid, ip: user.sshIps[0], method: user.sshMethod, keyLabel: user.keyLabel, start, durationMs: total, label: null })
  let t = start + 2 * MINUTE + rng.next() * 2 * MINUTE
  let from = first
  const failOn = rng.nextInt(hops.length)
  for (let i = 0; i < hops.length; i++) {
    const host = hops[i]
    if (i === failOn) {
      t = failedConnection(em, rng, { host, ip: from.ip, user: user.name, invalid: false, attempts: 1, start: t, label }) + 5000
    }
    sshSession(em, rng, { host, user: user.name, uid: user.uid, ip: from.ip, method: 'password', keyLabel: user.keyLabel, start: t, durationMs: total - (t - start) - 60_000, label })
    from = host
    t += 30_000 + rng.next() * 120_000
  }
}

const LATERAL_SOURCES = ['foothold', 'internal', 'external'] as const

/**
 * Lateral movement of varied reach (Variety.lateralSpread): a developer's account enters 2–6 hosts
 * within minutes, each session a few minutes long, from its foothold host (each hop from the last
 * host entered), from one internal address it never used, or from one address on the internet.
 */
function spreadMovement(ctx: AttackContext): void {
  const { world, em, rng, label } = ctx
  const devs = world.users.filter((u) => u.kind === 'dev' && u.hostWeights.some((w) => w > 0))
  const user: User = devs[(ctx.index + 1) % devs.length] ?? world.users[2]
  const home = world.hosts[Math.max(0, user.hostWeights.findIndex((w) => w > 0))]
  // A foothold needs two other hosts to walk.
  const source = world.hosts.length >= 3 ? pick(rng, LATERAL_SOURCES) : pick(rng, LATERAL_SOURCES.slice(1))
  const targets = source === 'foothold' ? world.hosts.filter((h) => h !== home) : world.hosts
  const entered = sample(rng, targets, Math.min(targets.length, intBetween(rng, 2, 6)))
  const start = chance(rng, 0.5) ? workStart(ctx, user, 2 * HOUR) : nightStart(ctx)
  const login = { user: user.name, uid: user.uid, method: 'password' as const, keyLabel: user.keyLabel, label }
  let t = start
  let ip = source === 'external' ? attackerIp(ctx).ip : freshInternalIp(ctx)
  if (source === 'foothold') {
    ip = home.ip
    sshSession(em, rng, { ...login, host: home, ip: user.sshIps[0], method: user.sshMethod, start, durationMs: 15 * MINUTE + entered.length * 5 * MINUTE, label: null })
    t += 2 * MINUTE + rng.next() * 2 * MINUTE
  }
  for (const host of entered) {
    sshSession(em, rng, { ...login, host, ip, start: t, durationMs: 2 * MINUTE + rng.next() * 6 * MINUTE })
    if (source === 'foothold') ip = host.ip
    t += 20_000 + rng.next() * 60_000
  }
}

/** An internal address no one normally uses (a compromised workstation, a rogue VM). */
function freshInternalIp(ctx: AttackContext): string {
  for (;;) {
    const ip = `10.0.${intBetween(ctx.rng, 40, 250)}.${intBetween(ctx.rng, 2, 250)}`
    if (ctx.world.knownIps.has(ip) || ctx.usedIps.has(ip)) continue
    ctx.usedIps.add(ip)
    return ip
  }
}
