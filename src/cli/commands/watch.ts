/**
 * `vigil watch PATH...`: scan, then tail; one line per scored event at or above a severity, written
 * as each batch is scored (one write per batch, so a pipe sees whole lines promptly).
 */
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { InvalidArgumentError, type Command } from 'commander'
import { createEngine } from '../../engine/api/createEngine'
import { findingRecord } from '../../engine/export/jsonLine'
import { isoTimestamp } from '../../engine/export/csvColumns'
import { severityRank, type Finding, type Severity } from '../../shared/finding'
import { addEngineOptions, analyzeOptionsOf, parseOptionsOf, sigmaLibraryOf, type EngineCliOptions } from '../engineOptions'
import { showProgress } from '../progressLine'
import { EXIT, untilStopped, type CliIO } from '../io'
import { parseSeverity } from '../options'
import { registerCase } from '../registerCase'

export interface WatchCliOptions extends EngineCliOptions {
  jsonl?: boolean
  minSeverity?: Severity
  db?: string
  /** Poll for changes every N ms instead of native file events (network or slow disks). */
  poll?: number | true
}

export function registerWatch(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('watch')
    .description('scan, then tail and score new lines as they are written')
    .argument('<paths...>', 'log files or folders')
    .option('--jsonl', 'one JSON object per line (the anomalies.csv fields)')
    .option('--min-severity <s>', 'NONE|LOW|MEDIUM|HIGH|CRITICAL', parseSeverity, 'MEDIUM')
    .option('--db <file>', 'SQLite store; resumes from stored offsets')
    .option('--poll [ms]', 'poll for changes (network or slow disks), every ms (default 1000)', parsePollMs)
  addEngineOptions(command).action(async (paths: string[], options: WatchCliOptions) => setExit(await runWatch(paths, options, io)))
}

const DEFAULT_POLL_MS = 1_000

function parsePollMs(value: string): number {
  const ms = Number(value)
  if (!Number.isInteger(ms) || ms < 10 || ms > 60_000) throw new InvalidArgumentError('a whole number of milliseconds, 10 to 60000')
  return ms
}

/** A terminal line; log text is made single-line so it cannot forge output. */
function humanLine(f: Finding): string {
  // eslint-disable-next-line no-control-regex
  const clean = (s: string | null): string => (s ?? '-').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
  return [isoTimestamp(f.ts), f.severity, f.score.toFixed(2), f.threat_type, clean(f.host), clean(f.user), clean(f.src_ip), '—', clean(f.reasons[0] ?? f.event)].join(' ')
}

export async function runWatch(paths: readonly string[], options: WatchCliOptions, io: CliIO): Promise<number> {
  for (const p of paths) {
    try {
      await stat(resolve(io.cwd, p))
    } catch {
      io.err(`vigil: ${p}: no such file or folder\n`)
      return EXIT.usage
    }
  }
  const sigma = await sigmaLibraryOf(options, io)
  if (!sigma.ok) {
    io.err(`vigil: ${sigma.error}\n`)
    return EXIT.usage
  }
  const min = severityRank(options.minSeverity ?? 'MEDIUM')
  const poll = options.poll === undefined ? undefined : options.poll === true ? DEFAULT_POLL_MS : options.poll
  const engine = createEngine({
    dbPath: options.db === undefined ? ':memory:' : resolve(io.cwd, options.db),
    watch: poll === undefined ? true : { usePolling: true, pollIntervalMs: poll },
    analyze: { ...analyzeOptionsOf(options), ...(sigma.value && { sigma: sigma.value }) },
    parse: parseOptionsOf(options),
  })
  if (options.db !== undefined) registerCase(resolve(io.cwd, options.db), io.env, (m) => io.err(`${m}\n`))
  // The first read of the folders draws progress; the first findings printed end it.
  const stopProgress = showProgress(engine, io)
  const print = (findings: readonly Finding[]): void => {
    stopProgress()
    const lines = findings
      .filter((f) => severityRank(f.severity) >= min)
      .map((f) => (options.jsonl ? JSON.stringify(findingRecord(f)) : humanLine(f)))
    if (lines.length > 0) io.out(`${lines.join('\n')}\n`)
  }
  engine.onScored(print)
  const reported = new Set<string>()
  engine.on('summary.changed', (s) => {
    for (const p of s.problems) {
      if (reported.has(p.message)) continue
      reported.add(p.message)
      io.err(`vigil: ${p.message}\n`)
    }
  })
  try {
    const scanned = await engine.scan(paths.map((p) => resolve(io.cwd, p)))
    stopProgress()
    if (!scanned.ok) {
      io.err(`vigil: ${scanned.error.message}\n`)
      return EXIT.usage
    }
    await untilStopped(io)
    return EXIT.ok
  } finally {
    stopProgress()
    await engine.close()
  }
}
