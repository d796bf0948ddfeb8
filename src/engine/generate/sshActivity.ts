/**
 * Building blocks that emit the full line sequences of SSH activity: a login session (with its
 * PAM and logind lines and an optional body of commands), a failed connection (password tries,
 * invalid user probes) and sudo runs. Background and attack generators share them, so benign and
 * hostile activity look alike line by line.
 */
import * as sudo from './adminMessages'
import type { Label } from './attackKinds'
import type { Emitter } from './Emitter'
import { type Random, chance, intBetween } from './sampling'
import * as ssh from './sshdMessages'
import type { Host } from './world'

export interface SshLogin {
  host: Host
  user: string
  uid: number
  ip: string
  method: ssh.Method
  keyLabel: string
  start: number
  durationMs: number
  label: Label | null
  /** A mistyped password before the good one (password logins only). */
  typo?: boolean
}

export interface OpenSession {
  host: Host
  user: string
  uid: number
  ip: string
  tty: string
  start: number
  end: number
  label: Label | null
}

export function sourcePort(rng: Random): number {
  return intBetween(rng, 32768, 60999)
}

/** Emits a complete SSH login session; `body` emits what happens inside it. */
export function sshSession(em: Emitter, rng: Random, login: SshLogin, body?: (s: OpenSession) => void): OpenSession {
  const { host, user, ip, label } = login
  const d = host.dialect
  const pid = em.pid(host, login.start, rng)
  const tag = `sshd[${pid}]`
  const port = sourcePort(rng)
  let t = login.start
  if (login.typo && login.method === 'password') {
    em.syslog(host, t, tag, ssh.pamAuthFailure(ip, user), label)
    em.syslog(host, t + 2100 + rng.next() * 400, tag, ssh.failedPassword(user, ip, port, false), label)
    t += intBetween(rng, 4000, 9000)
  }
  em.syslog(host, t, tag, ssh.accepted(login.method, user, ip, port, login.keyLabel), label)
  em.syslog(host, t + 3 + rng.next() * 5, tag, ssh.sessionOpened(d, 'sshd', user, login.uid, null), label)
  const session = em.nextSession(host)
  em.syslog(host, t + 20 + rng.next() * 30, `systemd-logind[${500 + host.index * 37}]`, ssh.logindNewSession(session, user), label)
  if (d === 'modern' && chance(rng, 0.3)) {
    const upid = em.pid(host, t, rng)
    em.syslog(host, t + 60 + rng.next() * 40, `systemd[${upid}]`, ssh.sessionOpened(d, 'systemd-user', user, login.uid, null), label)
  }
  const end = t + Math.max(15_000, login.durationMs)
  const open: OpenSession = { host, user, uid: login.uid, ip, tty: `pts/${rng.nextInt(4)}`, start: t, end, label }
  body?.(open)
  const childTag = `sshd[${pid + intBetween(rng, 1, 3)}]`
  let te = end
  for (const line of ssh.userDisconnect(d, user, ip, port)) {
    em.syslog(host, te, childTag, line, label)
    te += 1 + rng.next() * 3
  }
  em.syslog(host, te + 5 + rng.next() * 10, tag, ssh.sessionClosed('sshd', user), label)
  const logind = `systemd-logind[${500 + host.index * 37}]`
  if (d === 'modern') em.syslog(host, te + 20 + rng.next() * 10, logind, ssh.logindLoggedOut(session), label)
  em.syslog(host, te + 40 + rng.next() * 20, logind, ssh.logindRemoved(session), label)
  return open
}

export interface SudoRunner {
  host: Host
  user: string
  uid: number
  /** null for non-interactive runs (automation). */
  tty: string | null
  label: Label | null
}

export interface SudoOptions {
  durationMs?: number
  /** A mistyped password first (interactive runs only). */
  typo?: boolean
  /** Lines the command itself logs (useradd, usermod, passwd), given the time it started. */
  inner?: (ts: number) => void
}

/** One sudo command: the COMMAND line and its PAM session (and what the command logs). */
export function sudoRun(em: Emitter, rng: Random, who: SudoRunner, ts: number, command: string, options: SudoOptions = {}): number {
  const d = who.host.dialect
  let t = ts
  if (options.typo && who.tty) {
    em.syslog(who.host, t, 'sudo', sudo.sudoPamAuthFailure(who.user, who.uid, who.tty), who.label)
    t += intBetween(rng, 3000, 8000)
  }
  const pwd = who.user === 'root' ? '/root' : `/home/${who.user}`
  em.syslog(who.host, t, 'sudo', sudo.sudoCommand(who.user, who.tty, pwd, 'root', command), who.label)
  em.syslog(who.host, t + 2 + rng.next() * 3, 'sudo', ssh.sessionOpened(d, 'sudo', 'root', 0, { name: who.user, uid: who.uid }), who.label)
  options.inner?.(t + 10)
  const end = t + (options.durationMs ?? 200 + rng.next() * 4000)
  em.syslog(who.host, end, 'sudo', ssh.sessionClosed('sudo', 'root'), who.label)
  return end
}

export interface FailedConnection {
  host: Host
  ip: string
  user: string
  invalid: boolean
  /** Password tries in this connection (sshd's MaxAuthTries is 6). 0: probe the name only. */
  attempts: number
  start: number
  label: Label | null
  /** Seconds between tries. */
  gap?: [number, number]
  /** Reverse DNS name PAM prints as rhost (hosts with UseDNS). */
  rhost?: string
  /** Legacy rsyslog collapses identical consecutive lines into `message repeated N times`. */
  collapseRepeats?: boolean
}

/** Emits one failed connection; returns when it ended. */
export function failedConnection(em: Emitter, rng: Random, c: FailedConnection): number {
  const { host, ip, user, invalid, label } = c
  const d = host.dialect
  const tag = `sshd[${em.pid(host, c.start, rng)}]`
  const port = sourcePort(rng)
  const rhost = c.rhost ?? ip
  const [gapLo, gapHi] = c.gap ?? [1.5, 4]
  let t = c.start
  if (c.rhost && d === 'legacy') em.syslog(host, t, tag, ssh.reverseMappingFailed(c.rhost, ip), label)
  if (invalid) {
    em.syslog(host, t, tag, ssh.invalidUser(d, user, ip, port), label)
    if (d === 'legacy') em.syslog(host, t + 1, tag, ssh.inputUserauthInvalid(user), label)
  }
  if (c.attempts === 0) {
    t += 200 + rng.next() * 1500
    em.syslog(host, t, tag, ssh.closedPreauth(d, ip, port, { user, invalid }), label)
    return t
  }
  if (invalid) em.syslog(host, t + 2, tag, ssh.CHECK_PASS_UNKNOWN, label)
  em.syslog(host, t + 3, tag, ssh.pamAuthFailure(rhost, invalid ? null : user), label)
  const failed = ssh.failedPassword(user, ip, port, invalid)
  t += 1500 + rng.next() * 1000
  em.syslog(host, t, tag, failed, label)
  const collapse = c.collapseRepeats === true && d === 'legacy' && c.attempts >= 3
  for (let i = 1; i < c.attempts; i++) {
    t += (gapLo + rng.next() * (gapHi - gapLo)) * 1000
    if (!collapse) em.syslog(host, t, tag, failed, label)
  }
  if (collapse) em.syslog(host, t, tag, ssh.messageRepeated(c.attempts - 1, failed), label)
  t += 5 + rng.next() * 200
  if (c.attempts >= 6) {
    for (const line of ssh.tooManyFailures(d, user, ip, port, invalid)) em.syslog(host, t, tag, line, label)
  } else if (chance(rng, 0.5) || d === 'legacy') {
    em.syslog(host, t, tag, ssh.closedPreauth(d, ip, port, { user, invalid }), label)
  } else {
    em.syslog(host, t, tag, ssh.byeByePreauth(d, ip, port), label)
  }
  if (c.attempts >= 2) em.syslog(host, t + 1, tag, ssh.pamMoreFailures(rhost, c.attempts - 1, invalid ? null : user), label)
  if (c.attempts > 3) em.syslog(host, t + 2, tag, ssh.ignoringMaxRetries(c.attempts), label)
  return t + 2
}
