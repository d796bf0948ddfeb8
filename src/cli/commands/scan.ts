/** `vigil scan PATH...`: read, score and export; prints the summary of DESIGN.md. */
import { access, constants, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { Command } from 'commander'
import { createEngine } from '../../engine/api/createEngine'
import { VIGIL_VERSION } from '../../engine/api/version'
import { writeCsvFile } from '../../engine/export/csvWriter'
import { buildJsonReport, writeJsonReport } from '../../engine/export/jsonReport'
import { ATTACK_VERSION } from '../../engine/mitre/catalogue'
import type { DetectorName } from '../../shared/finding'
import { addEngineOptions, analyzeOptionsOf, parseOptionsOf, sigmaLibraryOf, type EngineCliOptions } from '../engineOptions'
import { EXIT, type CliIO } from '../io'
import { showProgress } from '../progressLine'
import {
  parseBaselineDays,
  parseContamination,
  parseDetectors,
  parseFormat,
  parseSeed,
  type FormatOption,
} from '../options'
import { formatIncidents, formatSummary, formatWrote } from '../summaryFormat'
import { reportOptions, writePictures } from '../writePictures'
import { registerCase } from '../registerCase'

export interface ScanOptions extends EngineCliOptions {
  out?: string
  json?: string
  report?: string
  navigator?: string
  all?: boolean
  baselineDays?: number
  contamination?: number
  detectors?: DetectorName[]
  seed?: number
  format?: FormatOption
  db?: string
}

export function registerScan(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('scan')
    .description('parse, score and export anomalies.csv for log files or folders')
    .argument('<paths...>', 'log files or folders')
    .option('--out <file>', 'CSV output', 'anomalies.csv')
    .option('--json <file>', 'also write a JSON report')
    .option('--report <file>', 'also write a self-contained HTML report (summary, incidents, timeline, charts, ATT&CK matrix)')
    .option('--navigator <file>', 'also write an ATT&CK Navigator layer (JSON) of the techniques found')
    .option('--all', 'export every event with its score, not only findings')
    .option('--baseline-days <n>', 'days at the start treated as normal for training', parseBaselineDays)
    .option('--contamination <x>', 'expected share of anomalies in the training data', parseContamination)
    .option('--detectors <list>', 'iforest,autoencoder,statistical,rules', parseDetectors)
    .option('--seed <n>', 'random seed', parseSeed)
    .option('--format <f>', 'auto|auth|json|csv', parseFormat, 'auto')
    .option('--db <file>', 'SQLite store; makes the scan incremental')
  addEngineOptions(command).action(async (paths: string[], options: ScanOptions) => setExit(await runScan(paths, options, io)))
}

export async function runScan(paths: readonly string[], options: ScanOptions, io: CliIO): Promise<number> {
  const fail = (reason: string): number => {
    io.err(`vigil: ${reason}\n`)
    return EXIT.usage
  }
  for (const p of paths) {
    try {
      await stat(resolve(io.cwd, p))
    } catch {
      return fail(`${p}: no such file or folder`)
    }
  }
  const out = resolve(io.cwd, options.out ?? 'anomalies.csv')
  const json = options.json === undefined ? undefined : resolve(io.cwd, options.json)
  const pictures = {
    report: options.report === undefined ? undefined : resolve(io.cwd, options.report),
    navigator: options.navigator === undefined ? undefined : resolve(io.cwd, options.navigator),
  }
  for (const target of [out, json, pictures.report, pictures.navigator]) {
    if (target === undefined) continue
    try {
      await access(dirname(target), constants.W_OK)
    } catch {
      return fail(`cannot write ${target}: its folder does not exist or is not writable`)
    }
  }

  const sigma = await sigmaLibraryOf(options, io)
  if (!sigma.ok) return fail(sigma.error)
  const analyze = {
    ...(sigma.value && { sigma: sigma.value }),
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.contamination !== undefined && { contamination: options.contamination }),
    ...(options.baselineDays !== undefined && { baselineDays: options.baselineDays }),
    ...(options.detectors !== undefined && { detectors: options.detectors }),
    ...analyzeOptionsOf(options),
  }
  const engine = createEngine({
    // Without --db the store is a temporary file: RAM does not hold every raw line of the folder.
    ...(options.db === undefined ? { scratchStore: true } : { dbPath: resolve(io.cwd, options.db) }),
    analyze,
    parse: { format: options.format ?? 'auto', ...parseOptionsOf(options) },
    log: (message) => io.err(`${message}\n`),
  })
  if (options.db !== undefined) registerCase(resolve(io.cwd, options.db), io.env, (m) => io.err(`${m}\n`))
  const stopProgress = showProgress(engine, io)
  try {
    const scanned = await engine.scan(paths.map((p) => resolve(io.cwd, p)))
    stopProgress()
    if (!scanned.ok) return fail(scanned.error.message)
    const summary = scanned.value
    if (summary.files === 0) {
      const [first] = summary.problems
      return fail(
        summary.problems.length === 1
          ? first.message
          : summary.problems.length > 1
            ? `no readable log file in ${paths.join(', ')} (${summary.problems.length} problems; first: ${first.message})`
            : `no log files found in ${paths.join(', ')} (looked for auth.log*, secure*, *.log, *.json, *.jsonl, *.csv and .gz rotations)`,
      )
    }
    for (const p of summary.problems) io.err(`vigil: ${p.message}\n`)
    const minSeverity = options.all ? 'NONE' : 'LOW'
    const incidents = engine.incidents({})
    // The exports stream statements across event-loop turns: nothing else may use the store meanwhile.
    const rows = await engine.exclusive(async () => {
      const written = await writeCsvFile(out, engine.store.iterateFindings(minSeverity))
      if (json !== undefined) {
        const meta = { version: VIGIL_VERSION, attackVersion: ATTACK_VERSION }
        await writeJsonReport(json, buildJsonReport(summary, engine.store.iterateFindings(minSeverity), meta, incidents))
      }
      return written
    })
    await writePictures(engine, pictures, { summary, incidents, options: reportOptions(paths, { ...options }) })
    for (const line of [...formatSummary(summary), ...formatIncidents(incidents)]) io.out(`${line}\n`)
    io.out(`${formatWrote(options.out ?? 'anomalies.csv', rows)}\n`)
    if (json !== undefined) io.out(`Wrote ${options.json} (JSON report)\n`)
    if (options.report !== undefined) io.out(`Wrote ${options.report} (HTML report)\n`)
    if (options.navigator !== undefined) io.out(`Wrote ${options.navigator} (ATT&CK Navigator layer)\n`)
    return EXIT.ok
  } finally {
    stopProgress()
    await engine.close()
  }
}
