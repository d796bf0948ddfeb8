/**
 * sshd, PAM and systemd-logind messages, worded exactly as OpenSSH / Linux-PAM / systemd print
 * them. `legacy` is OpenSSH 6.6–7.4 with PAM 1.1 (the shapes of the loghub sample); `modern` is
 * OpenSSH 8–9 with PAM 1.5 (Debian 12, Ubuntu 22.04).
 */
import type { Dialect } from './world'

export type Method = 'password' | 'publickey'

export function accepted(method: Method, user: string, ip: string, port: number, keyLabel: string): string {
  return method === 'publickey'
    ? `Accepted publickey for ${user} from ${ip} port ${port} ssh2: ${keyLabel}`
    : `Accepted password for ${user} from ${ip} port ${port} ssh2`
}

export function failedPassword(user: string, ip: string, port: number, invalid: boolean): string {
  return `Failed password for ${invalid ? 'invalid user ' : ''}${user} from ${ip} port ${port} ssh2`
}

export function invalidUser(d: Dialect, user: string, ip: string, port: number): string {
  return d === 'modern' ? `Invalid user ${user} from ${ip} port ${port}` : `Invalid user ${user} from ${ip}`
}

/** Legacy only: printed right after `Invalid user`. */
export function inputUserauthInvalid(user: string): string {
  return `input_userauth_request: invalid user ${user} [preauth]`
}

export const CHECK_PASS_UNKNOWN = 'pam_unix(sshd:auth): check pass; user unknown'

/** `rhost` is an address or, on hosts with UseDNS, a reverse name. PAM leaves a trailing space when there is no user. */
export function pamAuthFailure(rhost: string, user: string | null): string {
  return `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${rhost} ${user ? ` user=${user}` : ''}`
}

export function pamMoreFailures(rhost: string, n: number, user: string | null): string {
  return `PAM ${n} more authentication failure${n > 1 ? 's' : ''}; logname= uid=0 euid=0 tty=ssh ruser= rhost=${rhost} ${user ? ` user=${user}` : ''}`
}

export function ignoringMaxRetries(n: number): string {
  return `PAM service(sshd) ignoring max retries; ${n} > 3`
}

/** The two or one lines printed when MaxAuthTries is reached. */
export function tooManyFailures(d: Dialect, user: string, ip: string, port: number, invalid: boolean): string[] {
  if (d === 'legacy') return [`Disconnecting: Too many authentication failures for ${user} [preauth]`]
  const who = invalid ? 'invalid user' : 'authenticating user'
  return [
    `error: maximum authentication attempts exceeded for ${invalid ? 'invalid user ' : ''}${user} from ${ip} port ${port} ssh2 [preauth]`,
    `Disconnecting ${who} ${user} ${ip} port ${port}: Too many authentication failures [preauth]`,
  ]
}

/** A client that gives up before authenticating. */
export function closedPreauth(d: Dialect, ip: string, port: number, who: { user: string; invalid: boolean } | null): string {
  if (d === 'legacy') return `Connection closed by ${ip} [preauth]`
  if (!who) return `Connection closed by ${ip} port ${port} [preauth]`
  return `Connection closed by ${who.invalid ? 'invalid user' : 'authenticating user'} ${who.user} ${ip} port ${port} [preauth]`
}

export function byeByePreauth(d: Dialect, ip: string, port: number): string {
  return d === 'legacy' ? `Received disconnect from ${ip}: 11: Bye Bye [preauth]` : `Received disconnect from ${ip} port ${port}:11: Bye Bye [preauth]`
}

/** The lines of a logged-in user's normal disconnect (printed by the session's own sshd process). */
export function userDisconnect(d: Dialect, user: string, ip: string, port: number): string[] {
  if (d === 'legacy') return [`Received disconnect from ${ip}: 11: disconnected by user`]
  return [`Received disconnect from ${ip} port ${port}:11: disconnected by user`, `Disconnected from user ${user} ${ip} port ${port}`]
}

export function noIdentification(d: Dialect, ip: string, port: number): string {
  return d === 'legacy' ? `Did not receive identification string from ${ip}` : `Did not receive identification string from ${ip} port ${port}`
}

export function badBanner(d: Dialect, ip: string, port: number): string {
  return d === 'legacy'
    ? `Bad protocol version identification 'GET / HTTP/1.1' from ${ip} port ${port}`
    : `banner exchange: Connection from ${ip} port ${port}: invalid format`
}

export function unableToNegotiate(ip: string, port: number): string {
  return `Unable to negotiate with ${ip} port ${port}: no matching key exchange method found. Their offer: diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1 [preauth]`
}

export function reverseMappingFailed(name: string, ip: string): string {
  return `reverse mapping checking getaddrinfo for ${name} [${ip}] failed - POSSIBLE BREAK-IN ATTEMPT!`
}

export function messageRepeated(n: number, message: string): string {
  return `message repeated ${n} times: [ ${message}]`
}

/**
 * `pam_unix(SERVICE:session): session opened ...`. PAM 1.5 prints the uid after the user name;
 * `by` is the invoking user (sudo, su) or null for daemons (sshd, cron), which print `by (uid=0)`.
 */
export function sessionOpened(d: Dialect, service: string, user: string, uid: number, by: { name: string; uid: number } | null): string {
  const who = d === 'modern' ? `${user}(uid=${uid})` : user
  const byWho = by ? `${by.name}(uid=${by.uid})` : '(uid=0)'
  return `pam_unix(${service}:session): session opened for user ${who} by ${byWho}`
}

export function sessionClosed(service: string, user: string): string {
  return `pam_unix(${service}:session): session closed for user ${user}`
}

export function logindNewSession(n: number, user: string): string {
  return `New session ${n} of user ${user}.`
}

export function logindLoggedOut(n: number): string {
  return `Session ${n} logged out. Waiting for processes to exit.`
}

export function logindRemoved(n: number): string {
  return `Removed session ${n}.`
}
