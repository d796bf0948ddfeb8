/** `vigil bench scan`: prints the whole-job figures of wholeScan.ts, one block per folder size. */
import { existsSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { EXIT, type CliIO } from '../io'
import { int, rate } from '../summaryFormat'
import { FAIL2BAN_REGEX, FAIL2BAN_SSHD_FILTER, benchFail2ban, benchWholeScan, syslogFilesOf, type RssSample } from './wholeScan'

export interface BenchScanOptions {
  /** Folder sizes in events (default: one million). */
  events?: number[]
  seed?: number
  cache?: string
  profile?: boolean
  /** Skip the fail2ban-regex comparison. */
  fail2ban?: boolean
}

export const DEFAULT_BENCH_SCAN_EVENTS = 1_000_000

export async function runBenchScan(options: BenchScanOptions, io: CliIO): Promise<number> {
  const sizes = options.events?.length ? options.events : [DEFAULT_BENCH_SCAN_EVENTS]
  const seed = options.seed ?? 42
  const cacheDir = options.cache ?? join(tmpdir(), 'vigil-bench-folders')
  const line = (name: string, ...figures: string[]): void => io.out(`${name.padEnd(22)} ${figures.join('   ')}\n`)
  let failed = false
  for (const events of sizes) {
    line('machine', `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
    const scan = await benchWholeScan({ events, seed, cacheDir, profile: options.profile === true })
    line(`vigil scan ${int(events)}`, scan.folder)
    if (scan.exitCode !== 0) {
      io.err(`vigil: the scan exited with ${scan.exitCode}:\n${scan.stderrTail}\n`)
      failed = true
      continue
    }
    line('  wall', `${(scan.wallMs / 1000).toFixed(2)} s`, `${int(scan.events)} records`, `${rate(scan.recordsPerSec)} records/s`)
    line('  peak rss', `${int(scan.peakRssMB)} MB`, `rss over the run: ${rssCurve(scan.samples)}`)
    for (const p of scan.profile ?? []) line('  profile', `${(p.share * 100).toFixed(1).padStart(5)} %`, `${int(p.ms)} ms`, p.fn)
    if (options.fail2ban === false) continue
    if (!existsSync(FAIL2BAN_REGEX) || !existsSync(FAIL2BAN_SSHD_FILTER)) {
      line('  fail2ban-regex', `not installed (${FAIL2BAN_REGEX}, ${FAIL2BAN_SSHD_FILTER}): comparison skipped`)
      continue
    }
    const f2b = await benchFail2ban(syslogFilesOf(scan.folder))
    line(
      '  fail2ban-regex',
      `${f2b.files} syslog files`,
      `${int(f2b.lines)} lines`,
      `${(f2b.wallMs / 1000).toFixed(2)} s`,
      `${rate(f2b.linesPerSec)} lines/s`,
    )
    line('  ratio', `vigil records/s ÷ fail2ban-regex lines/s = ${(scan.recordsPerSec / f2b.linesPerSec).toFixed(1)}×`)
  }
  return failed ? EXIT.internal : EXIT.ok
}

/** RSS at each tenth of the run, in MB: a flat tail means memory does not grow with the folder. */
function rssCurve(samples: readonly RssSample[]): string {
  if (samples.length === 0) return 'no samples'
  const picks: number[] = []
  for (let k = 1; k <= 10; k++) picks.push(samples[Math.max(0, Math.ceil((k * samples.length) / 10) - 1)].rssMB)
  return picks.map((mb) => int(mb)).join(' ')
}
