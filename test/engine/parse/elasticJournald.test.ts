/**
 * Journald entries shipped by Filebeat / Elastic Agent as ECS documents: `message` holds the sshd
 * line, `user.id` is the uid of the process that logged it. Oracle: Elastic's own pipeline test
 * (test/fixtures/elastic/README.md). Agreement is counted per document and field: the account
 * (Elastic's `user.name`, trimmed, is Vigil's `user` or, for an account acted on — useradd,
 * passwd — its `target_user`; where Elastic names none, Vigil must not put a numeric uid there),
 * the source address (equal, absent included) and the outcome (where Elastic gives one).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseLines } from '../../../src/engine/parse/parseLines'
import type { NormalizedEvent } from '../../../src/shared/event'

const DIR = join(__dirname, '../../fixtures/elastic')

interface Expected {
  message: string
  'user.name'?: string
  'source.ip'?: string
  'event.outcome'?: string
}

function agreement(events: NormalizedEvent[], expected: Expected[]): { agree: number; total: number; misses: string[] } {
  let agree = 0
  let total = 0
  const misses: string[] = []
  const check = (ok: boolean, what: string) => {
    total++
    if (ok) agree++
    else misses.push(what)
  }
  expected.forEach((x, i) => {
    const e = events[i]
    const name = x['user.name']?.trim()
    if (name) check(e.user === name || e.target_user === name, `user ${name} ≠ ${e.user}/${e.target_user}: ${x.message}`)
    else check(e.user === null || !/^\d+$/.test(e.user), `a uid as the user (${e.user}): ${x.message}`)
    check((x['source.ip'] ?? null) === e.src_ip, `source ${x['source.ip']} ≠ ${e.src_ip}: ${x.message}`)
    if (x['event.outcome'] !== undefined) check(x['event.outcome'] === e.outcome, `outcome ${x['event.outcome']} ≠ ${e.outcome}: ${x.message}`)
  })
  return { agree, total, misses }
}

describe('ECS journald documents against Elastic’s pipeline test', () => {
  const lines = readFileSync(join(DIR, 'debian-12.journal.jsonl'), 'utf8').trim().split('\n')
  const expected = JSON.parse(readFileSync(join(DIR, 'debian-12.journal-expected.json'), 'utf8')) as Expected[]
  const events = parseLines(lines, { format: 'json', relPath: 'journal.jsonl', hostHint: 'h', firstLine: 1, referenceMs: Date.UTC(2024, 10, 5), timeZone: 'UTC' })

  it('agrees on user, source address and outcome (≥ 98 %)', () => {
    expect(events).toHaveLength(expected.length)
    const { agree, total, misses } = agreement(events, expected)
    expect(misses).toEqual([])
    expect(agree / total).toBeGreaterThanOrEqual(0.98)
  })
  it('takes the account from the message, never the logging process’s uid', () => {
    expect(events.slice(0, 6).map((e) => e.user)).toEqual(['vagrant', 'vagrant', 'test', 'root', 'root', 'root'])
    expect(events.every((e) => e.user === null || !/^\d+$/.test(e.user))).toBe(true)
  })
  it('takes the command from the message, not the logging process’s command line', () => {
    expect(events[6].command).toBe('/usr/bin/emacs /etc/ssh/sshd_config')
    expect(events[0].command).toBeNull()
  })
})
