/**
 * The hand-written readings of the PAM session, sudo and CRON messages (used when a message has
 * only plain spaces) must equal their regex readings: every combination of tricky parts below.
 */
import { describe, expect, it } from 'vitest'
import { sessionByRegex, sessionUsersOf } from '../../../src/engine/parse/syslog/pam'
import { sudoSplit, sudoSplitByRegex } from '../../../src/engine/parse/syslog/sudo'
import { cronParts, cronPartsByRegex, lastCronParts } from '../../../src/engine/parse/syslog/system'

function* combos(parts: readonly (readonly string[])[], prefix = ''): Generator<string> {
  if (parts.length === 0) {
    yield prefix
    return
  }
  for (const p of parts[0]) yield* combos(parts.slice(1), prefix + p)
}

const TAILS = ['', ' ', '  ', '\t', '\u00a0', ' x', ')', '\n']

describe('hand-written message scanners agree with their regexes', () => {
  it('PAM session opened/closed: user, by', () => {
    const users = ['root', 'a b', 'a by b', 'x(uid=5)y', '(uid=1)', 'ü', '', ' ', 'root(uid=)', 'by']
    const uids = ['', '(uid=0)', '(uid=1000)', '(uid=x)', '(uid=0) ', '(uid=0']
    const bys = ['', ' by (uid=0)', ' by root(uid=0)', ' by root', ' by ', ' by', ' by a by b(uid=7)', ' by x(uid=1)(uid=2)', 'by ', '  by (uid=0)']
    let n = 0
    for (const verb of ['opened', 'closed']) {
      for (const body of combos([[`session ${verb} for user `], users, uids, bys, TAILS])) {
        n++
        const opened = verb === 'opened'
        const fast = sessionUsersOf(body, opened)
        const fastCopy = fast === null ? null : { ...fast }
        const slow = sessionByRegex(body, opened)
        expect({ body, r: fastCopy }).toEqual({ body, r: slow === null ? null : { ...slow } })
      }
    }
    expect(n).toBe(2 * 10 * 6 * 10 * 8)
  })

  it('sudo: USER : REST', () => {
    const leads = ['', '   ', ' \t', '\u00a0']
    const users = ['alice', '', 'a b', 'bob:', ':']
    const seps = [' : ', ':', '  : ', ' :', ' :  ']
    const rests = ['TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/ls', 'user NOT in sudoers ; TTY=pts/1 ; COMMAND=/bin/sh', '', ' x ']
    for (const msg of combos([leads, users, seps, rests, TAILS])) expect({ msg, r: sudoSplit(msg) }).toEqual({ msg, r: sudoSplitByRegex(msg) })
  })

  it('CRON: (USER) WHAT (TEXT)', () => {
    const opens = ['(', '', ' (']
    const users = ['root', 'CRON', '*system*', 'a b', '', ')', 'x)y']
    const closes = [') ', ')', ')  ']
    const whats = ['CMD', 'INFO', 'RELOAD X', 'cmd', 'CMD ', ' CMD', 'C(MD', '']
    const texts = [' (ls)', ' (a) (b)', ' ()', ' (x', ' ((x))', '(x)', '  (x)', ' (a))']
    let n = 0
    for (const msg of combos([opens, users, closes, whats, texts, TAILS])) {
      n++
      const fast = cronParts(msg) ? lastCronParts() : null
      const slow = cronPartsByRegex(msg) ? lastCronParts() : null
      expect({ msg, r: fast }).toEqual({ msg, r: slow })
    }
    expect(n).toBeGreaterThan(10_000)
  })
})
