/**
 * Account administration run through sudo, with the lines shadow-utils itself logs: creating an
 * account, adding it to a group, setting its password. Onboarding (benign) and persistence
 * (hostile) both use these.
 */
import * as msg from './adminMessages'
import type { Emitter } from './Emitter'
import type { Random } from './sampling'
import { type SudoRunner, sudoRun } from './sshActivity'

export function createAccount(em: Emitter, rng: Random, who: SudoRunner, ts: number, name: string, uid: number): number {
  return sudoRun(em, rng, who, ts, `/usr/sbin/useradd -m -s /bin/bash ${name}`, {
    durationMs: 300 + rng.next() * 400,
    inner: (t) => {
      const tag = `useradd[${em.pid(who.host, t, rng)}]`
      em.syslog(who.host, t, tag, msg.useraddGroup(name, uid), who.label)
      em.syslog(who.host, t + 1, tag, msg.useraddUser(who.host.dialect, name, uid, uid, who.tty ?? 'pts/0'), who.label)
    },
  })
}

export function addToGroup(em: Emitter, rng: Random, who: SudoRunner, ts: number, name: string, group: string): number {
  return sudoRun(em, rng, who, ts, `/usr/sbin/usermod -aG ${group} ${name}`, {
    durationMs: 100 + rng.next() * 200,
    inner: (t) => {
      const tag = `usermod[${em.pid(who.host, t, rng)}]`
      for (const line of msg.usermodAddToGroup(name, group)) em.syslog(who.host, t, tag, line, who.label)
    },
  })
}

export function setPassword(em: Emitter, rng: Random, who: SudoRunner, ts: number, name: string): number {
  return sudoRun(em, rng, who, ts, `/usr/bin/passwd ${name}`, {
    durationMs: 9000 + rng.next() * 6000,
    inner: (t) => {
      em.syslog(who.host, t + 5000 + rng.next() * 3000, `passwd[${em.pid(who.host, t, rng)}]`, msg.passwordChanged(name), who.label)
    },
  })
}
