/**
 * auth.log / secure lines of Elastic's system module pipeline tests (test/fixtures/elastic/README.md):
 * Vigil's user, source address and outcome against the documents Elastic's pipeline makes of
 * the same lines, counted as elasticAgreement.ts says.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseLines } from '../../../src/engine/parse/parseLines'
import { agreement, type Expected } from './elasticAgreement'

const DIR = join(__dirname, '../../fixtures/elastic/auth-log')
const FILES = ['test-auth.log', 'test-auth-rhel79.log', 'test-pam-faillock.log', 'test-unix-chkpwd.log', 'test-sudo-no-tty.log']

function pair(file: string) {
  const lines = readFileSync(join(DIR, file), 'utf8').trimEnd().split('\n')
  const expected = JSON.parse(readFileSync(join(DIR, `${file}-expected.json`), 'utf8')) as Expected[]
  const events = parseLines(lines, { format: 'auth', relPath: file, hostHint: 'h', firstLine: 1, referenceMs: Date.UTC(2026, 11, 31), timeZone: 'UTC' })
  return { lines, expected, events }
}

describe('auth.log lines against Elastic’s pipeline tests', () => {
  it('each input line is the message of its expected document, one event per line', () => {
    for (const file of FILES) {
      const { lines, expected, events } = pair(file)
      expect(expected.map((x) => x.message)).toEqual(lines)
      expect(events).toHaveLength(lines.length)
    }
  })

  it('agrees on user, source address and outcome (≥ 98 %)', () => {
    let agree = 0
    let total = 0
    const misses: string[] = []
    for (const file of FILES) {
      const { expected, events } = pair(file)
      const r = agreement(events, expected)
      agree += r.agree
      total += r.total
      misses.push(...r.misses)
    }
    // 16 documents: 16 user checks, 16 address checks, 11 outcomes (6 + 3 + 1 + 1, hand count of the expected files).
    expect(total).toBe(43)
    expect(misses).toEqual([])
    expect(agree / total).toBeGreaterThanOrEqual(0.98)
  })
})
