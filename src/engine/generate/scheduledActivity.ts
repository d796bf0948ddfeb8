/**
 * Activity that happens on a schedule, whatever the data set's size: cron sessions, automation
 * accounts (ansible across every host at night, deploys from CI, the nightly backup), a service
 * account polling the portal, the cloud backup, and the weekly onboarding of a new hire. These are
 * the benign near-misses of the detectors: off-hours, many hosts in minutes, big transfers, new
 * accounts — all habitual.
 */
import { addToGroup, createAccount, setPassword } from './accountActivity'
import type { Emitter } from './Emitter'
import { cloudApiCall, portalApiCall } from './records'
import { type Random, chance, intBetween, logNormal, pick } from './sampling'
import { sshSession, sudoRun } from './sshActivity'
import { sessionClosed, sessionOpened } from './sshdMessages'
import { type Host, type World, base64ish, isDayOff, weekdayOf } from './world'

const MINUTE = 60_000
const HOUR = 3_600_000

export interface ScheduleOptions {
  /** Run the database host's every-15-minutes job (skipped for tiny data sets, where it would dominate). */
  denseCron: boolean
}

const ANSIBLE_MODULES = ['apt', 'setup', 'copy', 'systemd', 'lineinfile', 'stat', 'command']
const NEW_HIRES = ['tkeller', 'mweber', 'sfischer', 'lschulz', 'jkoch', 'arichter', 'pwolf', 'cneumann', 'dbraun', 'hzimmer']

export function databaseHost(world: World): Host {
  return world.hosts.find((h) => h.name.startsWith('db-')) ?? world.hosts[Math.min(2, world.hosts.length - 1)]
}

function appHosts(world: World): Host[] {
  const hosts = world.hosts.filter((h) => /^(web|app)-/.test(h.name))
  return hosts.length > 0 ? hosts : [world.hosts[world.hosts.length - 1]]
}

/** Everything scheduled in hour `h` of the data set. */
export function scheduledHour(world: World, em: Emitter, rng: Random, h: number, options: ScheduleOptions): void {
  const t0 = world.startMs + h * HOUR
  const day = Math.floor(h / 24)
  const hour = h % 24
  const weekday = !isDayOff(world, day)
  for (const host of world.hosts) {
    cronRun(em, rng, host, t0 + 17 * MINUTE + 1000 + rng.next() * 50)
    if (hour === 6) cronRun(em, rng, host, t0 + 25 * MINUTE + 1000 + rng.next() * 50)
  }
  if (options.denseCron) {
    const db = databaseHost(world)
    for (let m = 0; m < 60; m += 15) cronRun(em, rng, db, t0 + m * MINUTE + 1000 + rng.next() * 50, 'postgres', 113)
  }
  if (hour === 3) ansibleRun(world, em, rng, t0 + intBetween(rng, 0, 4) * MINUTE)
  if (hour === 1) backupRun(world, em, rng, t0 + 30 * MINUTE + rng.next() * MINUTE)
  if (hour === 2) cloudBackup(world, em, rng, t0 + rng.next() * 10 * MINUTE)
  if (weekday && hour >= 9 && hour < 17 && chance(rng, 0.3)) deployRun(world, em, rng, t0 + rng.next() * HOUR)
  if (weekday && hour >= 6 && hour < 20) reportPoll(world, em, rng, t0 + rng.next() * 5 * MINUTE)
  if (weekdayOf(world, day) === 1 && hour === 11) onboarding(world, em, rng, t0 + rng.next() * 30 * MINUTE, Math.floor(day / 7))
}

function cronRun(em: Emitter, rng: Random, host: Host, ts: number, user = 'root', uid = 0): void {
  const tag = `CRON[${em.pid(host, ts, rng)}]`
  em.syslog(host, ts, tag, sessionOpened(host.dialect, 'cron', user, uid, null))
  em.syslog(host, ts + 30 + rng.next() * 1500, tag, sessionClosed('cron', user))
}

/** Ansible's nightly run: every host within a few minutes, sudo without a terminal. */
function ansibleRun(world: World, em: Emitter, rng: Random, start: number): void {
  const stamp = Math.floor(start / 1000)
  for (const host of world.hosts) {
    const t = start + host.index * (15_000 + rng.next() * 10_000)
    sshSession(
      em,
      rng,
      { host, user: 'ansible', uid: 998, ip: world.mgmtIp, method: 'publickey', keyLabel: 'ED25519 SHA256:Jx0qk2yVb8Yc4u6mWn1ZrQpL5sTd9aHfGe3iKoN7vXw', start: t, durationMs: 40_000 + rng.next() * 60_000, label: null },
      (s) => {
        const who = { host, user: 'ansible', uid: 998, tty: null, label: null }
        let tc = s.start + 3000
        for (let i = 0, n = intBetween(rng, 3, 5); i < n; i++) {
          const command = `/bin/sh -c echo BECOME-SUCCESS-${base64ish(rng, 32).toLowerCase().replace(/[^a-z]/g, 'q')} ; /usr/bin/python3 /home/ansible/.ansible/tmp/ansible-tmp-${stamp}.${intBetween(rng, 10, 99)}-${intBetween(rng, 1000, 9999)}-${intBetween(rng, 1e13, 9e13)}/AnsiballZ_${pick(rng, ANSIBLE_MODULES)}.py`
          tc = sudoRun(em, rng, who, tc, command, { durationMs: 800 + rng.next() * 3000 }) + 500
        }
      },
    )
  }
}

function backupRun(world: World, em: Emitter, rng: Random, start: number): void {
  const host = databaseHost(world)
  sshSession(em, rng, { host, user: 'backup', uid: 997, ip: world.backupIp, method: 'publickey', keyLabel: 'RSA SHA256:p4Qm8bXz1Lw0cVd7nRt2YhKs9uEo3FgJi6aTq5NlMxC', start, durationMs: logNormal(rng, 9 * MINUTE, 0.3), label: null })
}

function cloudBackup(world: World, em: Emitter, rng: Random, start: number): void {
  let t = start
  for (let i = 0, n = intBetween(rng, 3, 6); i < n; i++) {
    t += 60_000 + rng.next() * 240_000
    em.cloud(t, cloudApiCall(t, 'svc-backup', world.officeEgress, 'PutObject', `s3://acme-backups/nightly/${new Date(t).toISOString().slice(0, 10)}/part-${i}.tar.zst`, logNormal(rng, 2e9, 0.4), 'eu-central-1'))
  }
}

function deployRun(world: World, em: Emitter, rng: Random, start: number): void {
  for (const host of appHosts(world)) {
    const t = start + host.index * (3000 + rng.next() * 4000)
    sshSession(
      em,
      rng,
      { host, user: 'deploy', uid: 999, ip: world.ciIp, method: 'publickey', keyLabel: 'ED25519 SHA256:dPl0y7Hq3Vn8KsW2mYc5RtB1xZa9LuE4oJi6gFhTnQw', start: t, durationMs: 20_000 + rng.next() * 40_000, label: null },
      (s) => {
        const who = { host, user: 'deploy', uid: 999, tty: null, label: null }
        const tc = sudoRun(em, rng, who, s.start + 5000, '/usr/bin/systemctl restart app', { durationMs: 2000 + rng.next() * 3000 })
        sudoRun(em, rng, who, tc + 1000, '/usr/bin/systemctl status app --no-pager')
      },
    )
  }
}

function reportPoll(world: World, em: Emitter, rng: Random, start: number): void {
  let t = start
  for (const endpoint of ['/api/v2/reports', '/api/v2/dashboards']) {
    t += 1000 + rng.next() * 2000
    em.portal(t, portalApiCall(t, 'svc-report', '10.0.0.40', 'GET', endpoint, 200, logNormal(rng, 200_000, 0.3)))
  }
}

/** Weekly: an admin creates the account of a new hire, in working hours, from their usual address. */
function onboarding(world: World, em: Emitter, rng: Random, start: number, week: number): void {
  const admin = world.users[week % 2]
  const host = world.hosts[week % world.hosts.length]
  const name = NEW_HIRES[week % NEW_HIRES.length]
  const uid = 2000 + week
  sshSession(
    em,
    rng,
    { host, user: admin.name, uid: admin.uid, ip: admin.sshIps[0], method: admin.sshMethod, keyLabel: admin.keyLabel, start, durationMs: 6 * MINUTE + rng.next() * 6 * MINUTE, label: null },
    (s) => {
      const who = { host, user: admin.name, uid: admin.uid, tty: s.tty, label: null }
      let t = createAccount(em, rng, who, s.start + 30_000, name, uid)
      t = addToGroup(em, rng, who, t + 20_000, name, 'developers')
      setPassword(em, rng, who, t + 15_000, name)
    },
  )
}
