/**
 * `vigil bench scan`: the whole job as a user runs it. The real `vigil scan` runs as a child
 * process on a generated folder; its wall time and peak RSS (the kernel's high-water mark, polled
 * from /proc) are what count, beside fail2ban-regex's sshd filter on the same folder's syslog files.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateDataset } from '../../engine/generate/generateDataset'
import { topSelfTimes, type SelfTime } from './cpuProfile'

export interface WholeScanOptions {
  events: number
  seed: number
  /** Where generated folders are cached between runs (one per size and seed). */
  cacheDir: string
  /** Run the scan with --cpu-prof and report the functions with the most self time. */
  profile: boolean
  onLine?: (line: string) => void
}

export interface RssSample {
  atMs: number
  rssMB: number
}

export interface WholeScanResult {
  folder: string
  events: number
  wallMs: number
  recordsPerSec: number
  peakRssMB: number
  /** RSS over the run (every ~100 ms), to see whether memory stays flat. */
  samples: RssSample[]
  exitCode: number | null
  stderrTail: string
  profile: SelfTime[] | null
}

const DONE_MARKER = '.vigil-bench-complete'

/** The cached generated folder for this size and seed, generating it on first use. */
export async function benchFolder(events: number, seed: number, cacheDir: string): Promise<string> {
  const folder = join(cacheDir, `generated-${events}-seed${seed}`)
  if (existsSync(join(folder, DONE_MARKER))) return folder
  rmSync(folder, { recursive: true, force: true })
  mkdirSync(folder, { recursive: true })
  // A hidden labels file: discovery skips it, so only logs are timed (as fail2ban reads only logs).
  await generateDataset({ outDir: folder, events, seed, hosts: 4, days: events >= 1_000_000 ? 14 : 7, labelsFile: '.labels.csv' })
  writeFileSync(join(folder, DONE_MARKER), `${events} events, seed ${seed}\n`)
  return folder
}

/** The `vigil` launcher next to this build (bin/vigil.js above out/cli or src/cli). */
export function vigilBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'bin', 'vigil.js')
    if (existsSync(candidate)) return candidate
    dir = dirname(dir)
  }
  throw new Error('cannot find bin/vigil.js above the running Vigil')
}

/** The node flags of the launcher's `#!/usr/bin/env -S node FLAGS` line, so the child runs as `vigil` does. */
function launcherNodeFlags(bin: string): string[] {
  const shebang = readFileSync(bin, 'utf8').split('\n', 1)[0]
  const m = /\bnode((?:\s+--\S+)*)\s*$/.exec(shebang)
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : []
}

/** Runs `vigil scan FOLDER` as a child process and measures it. */
export async function benchWholeScan(o: WholeScanOptions): Promise<WholeScanResult> {
  const folder = await benchFolder(o.events, o.seed, o.cacheDir)
  const work = mkdtempSync(join(tmpdir(), 'vigil-bench-run-'))
  try {
    const profDir = join(work, 'profile')
    const bin = vigilBin()
    // Node refuses --cpu-prof in NODE_OPTIONS: the launcher's own node flags are passed on the command line.
    const nodeFlags = [...launcherNodeFlags(bin), ...(o.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [])]
    const args = [...nodeFlags, bin, 'scan', folder, '--out', join(work, 'anomalies.csv'), '--seed', String(o.seed)]
    const run = await measureChild(process.execPath, args, work, process.env)
    const summary = /Scanned .*?, ([\d,]+) events/.exec(run.stdout)
    const events = summary ? Number(summary[1].replace(/,/g, '')) : 0
    return {
      folder,
      events,
      wallMs: run.wallMs,
      recordsPerSec: events / (run.wallMs / 1000),
      peakRssMB: run.peakRssMB,
      samples: run.samples,
      exitCode: run.exitCode,
      stderrTail: run.stderr.slice(-2000),
      profile: o.profile && existsSync(profDir) ? topSelfTimes(readdirSync(profDir).map((f) => join(profDir, f)), 5) : null,
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

interface ChildRun {
  wallMs: number
  peakRssMB: number
  samples: RssSample[]
  exitCode: number | null
  stdout: string
  stderr: string
}

const SAMPLE_MS = 100

function measureChild(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-20_000)))
    const samples: RssSample[] = []
    let peak = 0
    const sample = (): void => {
      const status = child.pid === undefined ? null : procStatus(child.pid)
      if (!status) return
      peak = Math.max(peak, status.hwmMB)
      samples.push({ atMs: performance.now() - t0, rssMB: status.rssMB })
    }
    const timer = setInterval(sample, SAMPLE_MS)
    child.on('error', (e) => {
      clearInterval(timer)
      reject(e)
    })
    // 'exit' comes before the pipes close; the last sample is taken while the process is a zombie at worst.
    child.on('close', (code) => {
      clearInterval(timer)
      resolve({ wallMs: performance.now() - t0, peakRssMB: peak, samples, exitCode: code, stdout, stderr })
    })
  })
}

/** VmHWM (peak) and VmRSS of a live process, in MB; null once it is gone. */
export function procStatus(pid: number): { hwmMB: number; rssMB: number } | null {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return null
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0)
  return { hwmMB: kb('VmHWM') / 1024, rssMB: kb('VmRSS') / 1024 }
}

export interface Fail2banRun {
  files: number
  lines: number
  wallMs: number
  linesPerSec: number
}

export const FAIL2BAN_REGEX = '/usr/bin/fail2ban-regex'
export const FAIL2BAN_SSHD_FILTER = '/etc/fail2ban/filter.d/sshd.conf'

/** The plain-text syslog files of a folder (fail2ban-regex reads neither .gz nor JSON). */
export function syslogFilesOf(folder: string): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (/^(auth\.log|secure)(\.\d+)?$/.test(name)) out.push(path)
    }
  }
  walk(folder)
  return out
}

/** Times fail2ban-regex's sshd filter over `files`, one after the other, as one job. */
export async function benchFail2ban(files: readonly string[]): Promise<Fail2banRun> {
  let lines = 0
  let wallMs = 0
  for (const file of files) {
    const run = await measureChild(FAIL2BAN_REGEX, [file, FAIL2BAN_SSHD_FILTER], tmpdir(), process.env)
    if (run.exitCode !== 0) throw new Error(`fail2ban-regex ${file} exited with ${run.exitCode}: ${run.stderr.slice(-300)}`)
    // "Lines: 123456 lines, 0 ignored, 456 matched, 123000 missed"
    const m = /Lines:\s+(\d+) lines/.exec(run.stdout)
    if (!m) throw new Error(`fail2ban-regex ${file}: no "Lines:" figure in its output`)
    lines += Number(m[1])
    wallMs += run.wallMs
  }
  return { files: files.length, lines, wallMs, linesPerSec: lines / (wallMs / 1000) }
}
