/**
 * Journald entries shipped by Filebeat / Elastic Agent as ECS documents: `message` holds the sshd
 * line, `user.id` is the uid of the process that logged it. Oracle: Elastic's own pipeline test
 * (test/fixtures/elastic/README.md), agreement counted as elasticAgreement.ts says.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseLines } from '../../../src/engine/parse/parseLines'
import { agreement, type Expected } from './elasticAgreement'

const DIR = join(__dirname, '../../fixtures/elastic')

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
