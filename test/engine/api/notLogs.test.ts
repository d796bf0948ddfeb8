/**
 * Issue 12, item 5: a file is scored only if enough of its lines are log lines (carry a time). An
 * /etc/passwd-shaped file and a test suite's output inside a .gz are listed as skipped with the
 * reason and give no events; real logs beside them are read; a folder of only such files says so.
 */
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { createInProcessClient } from '../../../src/engine/api/inProcessClient'
import { notALogByTimes } from '../../../src/engine/parse/logLineShare'
import { watchFixture } from './watchHelpers'

const fx = watchFixture()
afterEach(() => fx.cleanup())

/** 25 accounts, as in a stock Debian /etc/passwd. */
const PASSWD = Array.from({ length: 25 }, (_, i) => `user${i}:x:${1000 + i}:${1000 + i}:User ${i},,,:/home/user${i}:/bin/bash\n`).join('')
/** 120 lines of a test suite's log, as found compressed under /usr/share/doc. */
const TEST_SUITE = Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? `FAIL: t/test-${i}.sh (exit status: 1)\n` : `PASS: t/test-${i}.sh\n`)).join('')
const SSHD = '2025-03-01T10:00:01.000000+00:00 web1 sshd[4242]: Failed password for root from 203.0.113.7 port 50000 ssh2\n'

const fast = { analyze: { seed: 7, detectors: ['rules', 'statistical'] as const }, watch: undefined }

describe('files that are not logs stay out', () => {
  it('skips a passwd-shaped file and a test-suite log in a .gz, with the reason; reads the log beside them', async () => {
    const dir = fx.tmp()
    writeFileSync(join(dir, 'users.log'), PASSWD)
    writeFileSync(join(dir, 'test-suite.log.gz'), gzipSync(TEST_SUITE))
    writeFileSync(join(dir, 'auth.log'), SSHD)
    const client = createInProcessClient(fx.engine(fast))
    const summary = await client.call('sources.open', { path: dir })
    expect(summary.events).toBe(1)
    const sources = await client.call('sources.list', {})
    expect(sources.map((s) => [s.path, s.status, s.events, s.message])).toEqual([
      ['auth.log', 'scanned', 1, null],
      ['test-suite.log.gz', 'skipped', 0, 'test-suite.log.gz: skipped, a file where 0 of 20 sampled lines carry a time (a log needs at least 1 in 4) is not a log'],
      ['users.log', 'skipped', 0, 'users.log: skipped, a file where 0 of 20 sampled lines carry a time (a log needs at least 1 in 4) is not a log'],
    ])
    expect(summary.problems.map((p) => [p.file, p.code])).toEqual([
      ['test-suite.log.gz', 'not_a_log'],
      ['users.log', 'not_a_log'],
    ])
  })

  it('an /etc/passwd copy opened on its own, or a folder of only non-logs, says no log files found', async () => {
    const dir = fx.tmp()
    writeFileSync(join(dir, 'users.log'), PASSWD)
    writeFileSync(join(dir, 'test-suite.log.gz'), gzipSync(TEST_SUITE))
    const client = createInProcessClient(fx.engine(fast))
    const summary = await client.call('sources.open', { path: dir })
    expect(summary.events).toBe(0)
    expect(summary.problems.find((p) => p.code === 'no_logs')?.message).toBe(`no log files found in ${dir} (2 files skipped or unreadable, with the reasons in Sources)`)

    const other = fx.tmp()
    copyFileSync(join(dir, 'users.log'), join(other, 'passwd'))
    const alone = await createInProcessClient(fx.engine(fast)).call('sources.open', { path: join(other, 'passwd') })
    expect([alone.events, alone.problems.map((p) => p.code)]).toEqual([0, ['not_a_log', 'no_logs']])
  })

  it('judges by times near the start of each sampled line, at least 1 in 4', () => {
    const timed = [
      '2026-01-12 10:00:00,123 INFO app started',
      'Jan 12 10:00:00 web1 kernel: eth0 up',
      '203.0.113.7 - - [12/Jan/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512',
      '2026/01/12 10:00:00 [error] 7#7: open() failed',
    ]
    for (const line of timed) expect(notALogByTimes([line, 'continuation', 'of a stack', 'trace'])).toBeNull()
    expect(notALogByTimes(['root:x:0:0:root:/root:/bin/bash', 'PASS: t/a.sh', '', 'ok 1 - works'])).toBe('0 of 3 sampled lines carry a time (a log needs at least 1 in 4)')
    expect(notALogByTimes([])).toBeNull()
  })
})
