/**
 * `vigil bench probes`: the hostile-folder probes of issue 9 at full size — a gzip bomb inflating
 * to 1 GB, 50,000 vs 200,000 identical lines, 100,000 one-line files, links out of the folder —
 * each run as the real `vigil scan` in a child process, with its wall time, CPU time, peak RSS
 * (VmHWM) and whether it held: the expected events and files, every skip named, under 1.5 GB, no
 * hang, and at full size the 100,000 files in under 30 s.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { InvalidArgumentError, type Command } from 'commander'
import { gzipBombFolder, identicalLinesFolder, symlinkEscapeFolder, tinyFilesFolder, type ProbeFolder } from '../../engine/probes/hostileFolders'
import { cpuSeconds } from '../bench/procCpu'
import { procStatus, vigilBin } from '../bench/wholeScan'
import { EXIT, type CliIO } from '../io'
import { int } from '../summaryFormat'

const PEAK_RSS_LIMIT_MB = 1536
/** Issue 9: 100,000 tiny files scan in under 30 s (discovery and per-file overhead batched). */
const TINY_FILES_LIMIT_S = 30

interface ProbeOptions {
  small?: boolean
  timeout: number
}

interface ProbeRun {
  wallMs: number
  /** User + system CPU seconds of the scan (polled from /proc: up to 0.1 s short). */
  cpuS: number
  peakRssMB: number
  exitCode: number | null
  timedOut: boolean
  events: number
  files: number
  /** `vigil: ...` lines on stderr: the problems the scan named. */
  named: string[]
}

export function registerBenchProbes(bench: Command, io: CliIO, setExit: (code: number) => void): void {
  bench
    .command('probes')
    .description('hostile folders at full size (1 GB gzip bomb, 50k vs 200k identical lines, 100,000 files, links out): wall, peak RSS, held or not')
    .option('--small', 'small sizes (a smoke test of the probes themselves)')
    .option('--timeout <s>', 'a scan running longer than this has hung (default 600)', seconds, 600)
    .action(async (options: ProbeOptions) => setExit(await runBenchProbes(options, io)))
}

function seconds(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 86_400) throw new InvalidArgumentError('whole seconds from 1 to 86400')
  return n
}

async function runBenchProbes(o: ProbeOptions, io: CliIO): Promise<number> {
  const size = o.small ? { bomb: 64 << 20, same: [5_000, 20_000], files: 2_000 } : { bomb: 1 << 30, same: [50_000, 200_000], files: 100_000 }
  const work = mkdtempSync(join(tmpdir(), 'vigil-probes-'))
  const out = (s: string): void => io.out(`${s}\n`)
  out(`machine                load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  let failed = 0
  const report = (probe: ProbeFolder, run: ProbeRun, buildMs: number, maxSeconds: number | null): void => {
    const why = verdict(probe, run) ?? (maxSeconds !== null && run.wallMs > maxSeconds * 1000 ? `slower than ${maxSeconds} s` : null)
    if (why !== null) failed++
    // CPU seconds and the load beside the wall time: the machine may be shared.
    out(
      `${probe.name.padEnd(24)} ${(run.wallMs / 1000).toFixed(1).padStart(6)} s   cpu ${run.cpuS.toFixed(1).padStart(5)} s   peak ${int(run.peakRssMB).padStart(5)} MB   ` +
        `${int(run.events)} events, ${int(run.files)} files, ${run.named.length} named   ${why === null ? 'held' : `FAILED: ${why}`}   ` +
        `(built in ${(buildMs / 1000).toFixed(1)} s; load ${loadavg()[0].toFixed(2)})`,
    )
  }
  try {
    const probe = async (build: () => ProbeFolder | Promise<ProbeFolder>, maxSeconds: number | null = null): Promise<{ probe: ProbeFolder; run: ProbeRun }> => {
      const t0 = performance.now()
      const folder = await build()
      const buildMs = performance.now() - t0
      const run = await scanChild(folder.dir, join(work, 'anomalies.csv'), o.timeout * 1000)
      report(folder, run, buildMs, maxSeconds)
      rmSync(folder.dir, { recursive: true, force: true })
      return { probe: folder, run }
    }
    await probe(() => gzipBombFolder(join(work, 'bomb'), size.bomb))
    const small = await probe(() => identicalLinesFolder(join(work, 'same-a'), size.same[0]))
    const large = await probe(() => identicalLinesFolder(join(work, 'same-b'), size.same[1]))
    const ratio = large.run.wallMs / Math.max(small.run.wallMs, 1)
    out(`  identical lines ×${size.same[1] / size.same[0]}: time ×${ratio.toFixed(1)} (linear is ×${size.same[1] / size.same[0]} or less: process start-up is shared)`)
    await probe(() => tinyFilesFolder(join(work, 'many'), size.files), o.small ? null : TINY_FILES_LIMIT_S)
    await probe(() => symlinkEscapeFolder(join(work, 'links'), join(work, 'outside')))
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  out(failed === 0 ? 'all probes held' : `${failed} probe(s) failed`)
  return failed === 0 ? EXIT.ok : EXIT.internal
}

/** Why a probe did not hold, or null. */
function verdict(probe: ProbeFolder, run: ProbeRun): string | null {
  if (run.timedOut) return 'hung (killed at the timeout)'
  if (run.exitCode !== 0) return `exit ${run.exitCode}`
  if (run.peakRssMB > PEAK_RSS_LIMIT_MB) return `peak RSS over ${int(PEAK_RSS_LIMIT_MB)} MB`
  if (run.events !== probe.expect.events || run.files !== probe.expect.files) return `expected ${int(probe.expect.events)} events in ${int(probe.expect.files)} files`
  const missing = probe.expect.problems.filter(([file]) => !run.named.some((line) => line.startsWith(`vigil: ${file}: `)))
  if (missing.length > 0) return `not named: ${missing.map(([f]) => f).join(', ')}`
  return null
}

/** `vigil scan DIR` as a child: wall time, peak RSS polled from /proc, killed past the timeout. */
function scanChild(dir: string, csv: string, timeoutMs: number): Promise<ProbeRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [vigilBin(), 'scan', dir, '--out', csv], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-200_000)))
    let peak = 0
    let cpuS = 0
    let timedOut = false
    const poll = setInterval(() => {
      const status = child.pid === undefined ? null : procStatus(child.pid)
      if (status) peak = Math.max(peak, status.hwmMB)
      const cpu = child.pid === undefined ? null : cpuSeconds(child.pid)
      if (cpu) cpuS = cpu.user + cpu.system
    }, 100)
    const killer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (e) => {
      clearInterval(poll)
      clearTimeout(killer)
      reject(e)
    })
    child.on('close', (code) => {
      clearInterval(poll)
      clearTimeout(killer)
      const m = /Scanned ([\d,]+) files? .*?, ([\d,]+) events?/.exec(stdout)
      const n = (s: string | undefined): number => (s === undefined ? 0 : Number(s.replace(/,/g, '')))
      resolve({
        wallMs: performance.now() - t0,
        cpuS,
        peakRssMB: peak,
        exitCode: code,
        timedOut,
        files: n(m?.[1]),
        events: n(m?.[2]),
        named: stderr.split('\n').filter((l) => l.startsWith('vigil: ')),
      })
    })
  })
}
