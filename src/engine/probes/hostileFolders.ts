/**
 * The hostile-folder probes of issue 9, as fixtures of any size: a gzip bomb, a flood of identical
 * lines, many tiny files, links out of the folder. `npm test` builds them small and scans them in
 * process (test/probes); `vigil bench probes` builds them at full size and runs the real `vigil scan`
 * on each, with its wall time and peak RSS. Each fixture says what a scan of it must report.
 */
import { execFileSync } from 'node:child_process'
import { createWriteStream, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { once } from 'node:events'
import zlib from 'node:zlib'

/** What a scan of a probe folder must show. */
export interface ProbeExpectation {
  /** Events the scan stores. */
  events: number
  /** Files read as logs. */
  files: number
  /** [file, problem code] the summary lists, in its order. */
  problems: [string, string][]
}

export interface ProbeFolder {
  name: string
  dir: string
  expect: ProbeExpectation
}

/** One sshd failure; `sec` and `port` vary it (identical lines repeat both). */
export function sshdLine(sec = 1, port = 50_000): string {
  return `2025-03-01T10:00:${String(sec % 60).padStart(2, '0')}.000000+00:00 web1 sshd[4242]: Failed password for root from 203.0.113.7 port ${port} ssh2\n`
}

/** A few ordinary lines beside a hostile file, so the scan has a log to read. */
function writeCompanionLog(dir: string): number {
  writeFileSync(join(dir, 'auth.log'), sshdLine(1, 40_001) + sshdLine(2, 40_002) + sshdLine(3, 40_003))
  return 3
}

/**
 * `auth.log.2.gz` inflating to `inflatedBytes` of one sshd line, streamed (a 1 GB bomb is never held),
 * beside a 3-line auth.log. At the default 100:1 it is skipped by name.
 */
export async function gzipBombFolder(dir: string, inflatedBytes: number): Promise<ProbeFolder> {
  mkdirSync(dir, { recursive: true })
  const companion = writeCompanionLog(dir)
  const out = createWriteStream(join(dir, 'auth.log.2.gz'))
  const gzip = zlib.createGzip({ level: 9 })
  gzip.pipe(out)
  const line = sshdLine(5)
  const block = Buffer.from(line.repeat(Math.max(1, Math.floor((1 << 20) / line.length))))
  for (let written = 0; written < inflatedBytes; written += block.length) {
    if (!gzip.write(block.subarray(0, Math.min(block.length, inflatedBytes - written)))) await once(gzip, 'drain')
  }
  gzip.end()
  await once(out, 'close')
  return { name: 'gzip bomb', dir, expect: { events: companion, files: 1, problems: [['auth.log.2.gz', 'bomb']] } }
}

/** `n` word-for-word identical sshd lines in one auth.log: each is an event. */
export function identicalLinesFolder(dir: string, n: number): ProbeFolder {
  mkdirSync(dir, { recursive: true })
  const out = join(dir, 'auth.log')
  const line = sshdLine(1)
  const per = 10_000
  writeFileSync(out, '')
  for (let done = 0; done < n; done += per) writeFileSync(out, line.repeat(Math.min(per, n - done)), { flag: 'a' })
  return { name: `${n.toLocaleString('en-US')} identical lines`, dir, expect: { events: n, files: 1, problems: [] } }
}

/** `n` one-line log files, 1,000 per folder. */
export function tinyFilesFolder(dir: string, n: number): ProbeFolder {
  for (let i = 0; i < n; i++) {
    const sub = join(dir, `host-${Math.floor(i / 1000)}`)
    if (i % 1000 === 0) mkdirSync(sub, { recursive: true })
    writeFileSync(join(sub, `app-${i % 1000}.log`), sshdLine(i, 10_000 + (i % 50_000)))
  }
  return { name: `${n.toLocaleString('en-US')} tiny files`, dir, expect: { events: n, files: n, problems: [] } }
}

/**
 * Links out of the folder (`secure` to a shadow-like file outside, `x` to `/`, `y` to `/var/log`,
 * `kern.log` to `/proc/kmsg`, `zero.log` to `/dev/zero`) and a FIFO named like a log, beside a
 * 3-line auth.log. `outside` is a folder outside `dir` for the secret.
 */
export function symlinkEscapeFolder(dir: string, outside: string): ProbeFolder {
  mkdirSync(dir, { recursive: true })
  mkdirSync(outside, { recursive: true })
  const companion = writeCompanionLog(dir)
  writeFileSync(join(outside, 'shadow'), 'root:$6$PROBE-SECRET:19000:0:99999:7:::\n')
  symlinkSync(join(outside, 'shadow'), join(dir, 'secure'))
  symlinkSync('/', join(dir, 'x'))
  symlinkSync('/var/log', join(dir, 'y'))
  symlinkSync('/proc/kmsg', join(dir, 'kern.log'))
  symlinkSync('/dev/zero', join(dir, 'zero.log'))
  execFileSync('mkfifo', [join(dir, 'auth.log.1')])
  return {
    name: 'links out of the folder',
    dir,
    expect: {
      events: companion,
      files: 1,
      problems: [
        ['auth.log.1', 'not_regular'],
        ['kern.log', 'outside_folder'],
        ['secure', 'outside_folder'],
        ['x', 'outside_folder'],
        ['y', 'outside_folder'],
        ['zero.log', 'outside_folder'],
      ],
    },
  }
}
