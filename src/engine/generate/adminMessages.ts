/**
 * sudo, su, shadow-utils (useradd, usermod, passwd) messages, worded as those programs print them
 * to auth.log (sudo 1.8/1.9, util-linux su, shadow 4.x).
 */
import type { Dialect } from './world'

/** sudo right-aligns the user name in eight columns. */
function sudoUser(user: string): string {
  return user.padStart(8)
}

/** A command run with sudo; `tty` null for non-interactive runs (sudo then omits TTY). */
export function sudoCommand(user: string, tty: string | null, pwd: string, runAs: string, command: string): string {
  const ttyPart = tty ? `TTY=${tty} ; ` : ''
  return `${sudoUser(user)} : ${ttyPart}PWD=${pwd} ; USER=${runAs} ; COMMAND=${command}`
}

export function sudoNotInSudoers(user: string, tty: string, pwd: string, command: string): string {
  return `${sudoUser(user)} : user NOT in sudoers ; TTY=${tty} ; PWD=${pwd} ; USER=root ; COMMAND=${command}`
}

export function sudoIncorrectPassword(user: string, n: number, tty: string, pwd: string, command: string): string {
  return `${sudoUser(user)} : ${n} incorrect password attempt${n > 1 ? 's' : ''} ; TTY=${tty} ; PWD=${pwd} ; USER=root ; COMMAND=${command}`
}

export function sudoPamAuthFailure(user: string, uid: number, tty: string): string {
  return `pam_unix(sudo:auth): authentication failure; logname=${user} uid=${uid} euid=0 tty=/dev/${tty} ruser=${user} rhost=  user=${user}`
}

export function suSuccess(target: string, user: string, tty: string): string {
  return `(to ${target}) ${user} on ${tty}`
}

export function suFailed(target: string, user: string, tty: string): string {
  return `FAILED SU (to ${target}) ${user} on ${tty}`
}

export function suPamAuthFailure(user: string, uid: number, tty: string, target: string): string {
  return `pam_unix(su:auth): authentication failure; logname=${user} uid=${uid} euid=0 tty=/dev/${tty} ruser=${user} rhost=  user=${target}`
}

export function useraddGroup(name: string, gid: number): string {
  return `new group: name=${name}, GID=${gid}`
}

/** shadow 4.13 adds `from=` (the terminal); older versions do not. */
export function useraddUser(d: Dialect, name: string, uid: number, gid: number, tty: string): string {
  const base = `new user: name=${name}, UID=${uid}, GID=${gid}, home=/home/${name}, shell=/bin/bash`
  return d === 'modern' ? `${base}, from=/dev/${tty}` : base
}

export function usermodAddToGroup(user: string, group: string): string[] {
  return [`add '${user}' to group '${group}'`, `add '${user}' to shadow group '${group}'`]
}

export function passwordChanged(user: string): string {
  return `pam_unix(passwd:chauthtok): password changed for ${user}`
}
