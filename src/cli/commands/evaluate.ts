/** `vigil eval DIR`: detection quality on a generated, labeled folder, with the baseline beside it. */
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { formatReportNotes, formatReportTable } from '../../engine/evaluate/formatReport'
import { type EvalRun, runEval } from '../../engine/evaluate/runEval'
import { addEngineOptions, analyzeOptionsOf, parseOptionsOf, sigmaLibraryOf, type EngineCliOptions } from '../engineOptions'
import { EXIT, type CliIO, processIO } from '../io'
import { parseSeed } from '../options'

export interface EvalCliOptions extends EngineCliOptions {
  json?: boolean
  seed: number
}

export function registerEval(program: Command, io: CliIO = processIO(), setExit: (code: number) => void = (c) => void (process.exitCode = c)): void {
  const command = program
    .command('eval')
    .description('precision / recall / F1 / ROC-AUC per threat on a folder made by `vigil generate`')
    .argument('<dir>', 'generated folder (with labels.csv)')
    .option('--json', 'print the figures as JSON')
    .option('--seed <n>', 'random seed of the detectors', parseSeed, 42)
  // Generated folders are written in UTC: --timezone only matters for a folder labeled elsewhere.
  addEngineOptions(command, 'UTC, as `vigil generate` writes').action(async (dir: string, options: EvalCliOptions) => setExit(await runEvalCommand(dir, options, io)))
}

export async function runEvalCommand(dir: string, options: EvalCliOptions, io: CliIO): Promise<number> {
  const abs = resolve(io.cwd, dir)
  try {
    if (!(await stat(abs)).isDirectory()) throw new Error('not a folder')
  } catch {
    io.err(`vigil: ${dir}: no such folder\n`)
    return EXIT.usage
  }
  const sigma = await sigmaLibraryOf(options, io)
  if (!sigma.ok) {
    io.err(`vigil: ${sigma.error}\n`)
    return EXIT.usage
  }
  try {
    const run = await runEval(abs, {
      seed: options.seed,
      analyze: { ...analyzeOptionsOf(options), ...(sigma.value && { sigma: sigma.value }) },
      timeZone: parseOptionsOf(options).timeZone,
      onPhase: options.json ? undefined : (p) => io.err(`${p}...\n`),
    })
    if (!run.ok) {
      io.err(`vigil: ${run.error}\n`)
      return EXIT.usage
    }
    io.out(options.json ? `${JSON.stringify(toJson(run.value, options.seed), null, 2)}\n` : formatRun(run.value, dir, options.seed))
    return EXIT.ok
  } catch (error) {
    io.err(`vigil: eval failed: ${error instanceof Error ? error.message : String(error)}\n`)
    return EXIT.internal
  }
}

function formatRun(run: EvalRun, dir: string, seed: number): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
  const head = `Evaluated ${dir}: ${run.files} files, ${run.events.toLocaleString('en-US')} events (${run.unparsed.toLocaleString('en-US')} unparsed); seed ${seed}; parse ${s(run.timings.parseMs)}, all detectors ${s(run.timings.analyzeMs)}${run.backend ? ` (autoencoder on ${run.backend})` : ''}, iforest only ${s(run.timings.baselineMs)}\n\n`
  return `${head}${formatReportTable(run.full, run.baseline)}\n${formatReportNotes(run.full)}`
}

function toJson(run: EvalRun, seed: number): object {
  return { dir: run.dir, seed, files: run.files, events: run.events, unparsed: run.unparsed, backend: run.backend, timings: run.timings, full: run.full, baseline: run.baseline }
}
