import { describe, expect, it } from 'vitest'
import * as admin from '../../../src/engine/generate/adminMessages'
import * as ssh from '../../../src/engine/generate/sshdMessages'
import { rfc3164, rfc3339Micro } from '../../../src/engine/generate/syslogTime'

describe('syslog timestamps', () => {
  it('pads the day with a space in RFC 3164 and prints microseconds in RFC 3339', () => {
    const ts = Date.UTC(2026, 2, 2, 8, 5, 3) + 123.456
    expect(rfc3164(ts)).toBe('Mar  2 08:05:03')
    expect(rfc3164(Date.UTC(2026, 11, 24, 23, 59, 59))).toBe('Dec 24 23:59:59')
    expect(rfc3339Micro(ts)).toBe('2026-03-02T08:05:03.123456+00:00')
  })
})

describe('messages as the programs print them', () => {
  it('sshd: the legacy and modern wordings', () => {
    expect(ssh.invalidUser('legacy', 'test9', '52.80.34.196', 36060)).toBe('Invalid user test9 from 52.80.34.196')
    expect(ssh.invalidUser('modern', 'test9', '52.80.34.196', 36060)).toBe('Invalid user test9 from 52.80.34.196 port 36060')
    expect(ssh.pamAuthFailure('173.234.31.186', null)).toBe('pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.186 ')
    expect(ssh.pamAuthFailure('5.36.59.76', 'root')).toBe('pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.36.59.76  user=root')
    expect(ssh.pamMoreFailures('1.2.3.4', 1, null)).toBe('PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4 ')
    expect(ssh.closedPreauth('modern', '1.2.3.4', 5, { user: 'root', invalid: false })).toBe('Connection closed by authenticating user root 1.2.3.4 port 5 [preauth]')
    expect(ssh.tooManyFailures('modern', 'root', '1.2.3.4', 5, false)).toEqual([
      'error: maximum authentication attempts exceeded for root from 1.2.3.4 port 5 ssh2 [preauth]',
      'Disconnecting authenticating user root 1.2.3.4 port 5: Too many authentication failures [preauth]',
    ])
    expect(ssh.sessionOpened('modern', 'sudo', 'root', 0, { name: 'alice', uid: 1001 })).toBe('pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1001)')
    expect(ssh.sessionOpened('legacy', 'sshd', 'alice', 1001, null)).toBe('pam_unix(sshd:session): session opened for user alice by (uid=0)')
  })

  it('sudo right-aligns the user in eight columns and omits TTY for non-interactive runs', () => {
    expect(admin.sudoCommand('alice', 'pts/0', '/home/alice', 'root', '/usr/bin/apt update')).toBe('   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update')
    expect(admin.sudoCommand('deploy', null, '/home/deploy', 'root', '/usr/bin/systemctl restart app')).toBe('  deploy : PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart app')
    expect(admin.sudoNotInSudoers('mallory1', 'pts/1', '/home/mallory1', '/bin/bash')).toBe('mallory1 : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/mallory1 ; USER=root ; COMMAND=/bin/bash')
  })

  it('su and shadow-utils', () => {
    expect(admin.suFailed('root', 'bob', 'pts/1')).toBe('FAILED SU (to root) bob on pts/1')
    expect(admin.useraddUser('modern', 'sysupdate', 1909, 1909, 'pts/0')).toBe('new user: name=sysupdate, UID=1909, GID=1909, home=/home/sysupdate, shell=/bin/bash, from=/dev/pts/0')
    expect(admin.usermodAddToGroup('sysupdate', 'sudo')).toEqual(["add 'sysupdate' to group 'sudo'", "add 'sysupdate' to shadow group 'sudo'"])
  })
})
