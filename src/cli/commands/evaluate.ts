/**
 * `vigil eval DIR...`: detection quality on generated, labeled folders. One folder: its table with
 * the baseline beside it. Several runs (several folders, `--seeds A..B`, or `--generate SHAPE`
 * which makes a folder per seed): one row per run and the worst run by each measure, with its
 * table.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type Command, InvalidArgumentError } from 'commander'
import { formatReportNotes, formatReportTable } from '../../engine/evaluate/formatReport'
import { type EvalRun, type EvalRunOptions, runEval } from '../../engine/evaluate/runEval'
import { type SeedRun, formatSeedTable, parseSeedRange, worstRuns } from '../../engine/evaluate/seedRuns'
import { GENERATE_LIMITS, generateDataset } from '../../engine/generate/generateDataset'
import { SHAPES, type ShapeName, shapeOptions } from '../../engine/generate/shapes'
import { addEngineOptions, analyzeOptionsOf, parseOptionsOf, sigmaLibraryOf, type EngineCliOptions } from '../engineOptions'
import { EXIT, type CliIO, processIO } from '../io'
import { parseSeed } from '../options'
import { parseShape } from './generate'

export interface EvalCliOptions extends EngineCliOptions {
  json?: boolean
  seed: number
  /** Generator seeds with --generate; detector seeds for one folder. */
  seeds?: number[]
  generate?: ShapeName
  events: number
}

/** Events per generated folder: big enough for two episodes of every kind, small enough for five seeds. */
export const EVAL_GENERATE_EVENTS = 60_000

function seedRange(value: string): number[] {
  const seeds = parseSeedRange(value)
  if (seeds === null) throw new InvalidArgumentError('expected a seed or a range A..B (at most 100 seeds).')
  return seeds
}

function eventCount(value: string): number {
  const n = Number(value.replace(/_/g, ''))
  const [lo, hi] = GENERATE_LIMITS.events
  if (!/^\d[\d_]*$/.test(value.trim()) || n < lo || n > hi) throw new InvalidArgumentError(`expected an integer from ${lo} to ${hi.toLocaleString('en-US')}.`)
  return n
}

export function registerEval(program: Command, io: CliIO = processIO(), setExit: (code: number) => void = (c) => void (process.exitCode = c)): void {
  const command = program
    .command('eval')
    .description('precision / recall / F1 / ROC-AUC per threat on folders made by `vigil generate`; the worst run of several')
    .argument('[dir...]', 'generated folders (with labels.csv)')
    .option('--json', 'print the figures as JSON')
    .option('--seed <n>', 'random seed of the detectors', parseSeed, 42)
    .option('--seeds <a..b>', 'with --generate: a folder per generator seed (default 1..5); with one DIR: a run per detector seed', seedRange)
    .option('--generate <shape>', `generate the folders (in a temporary folder, removed after): ${Object.keys(SHAPES).join(', ')}`, parseShape)
    .option('--events <n>', `events per generated folder (default ${EVAL_GENERATE_EVENTS.toLocaleString('en-US')})`, eventCount, EVAL_GENERATE_EVENTS)
  // Generated folders are written in UTC: --timezone only matters for a folder labeled elsewhere.
  addEngineOptions(command, 'UTC, as `vigil generate` writes').action(async (dirs: string[], options: EvalCliOptions) => setExit(await runEvalCommand(dirs, options, io)))
}

export async function runEvalCommand(dirs: string | string[], options: EvalCliOptions, io: CliIO): Promise<number> {
  const list = typeof dirs === 'string' ? [dirs] : dirs
  if (options.generate !== undefined && list.length > 0) {
    io.err('vigil: eval takes folders or --generate SHAPE, not both\n')
    return EXIT.usage
  }
  if (options.generate === undefined && list.length === 0) {
    io.err('vigil: eval needs a folder made by `vigil generate`, or --generate SHAPE\n')
    return EXIT.usage
  }
  for (const dir of list) {
    try {
      if (!(await stat(resolve(io.cwd, dir))).isDirectory()) throw new Error('not a folder')
    } catch {
      io.err(`vigil: ${dir}: no such folder\n`)
      return EXIT.usage
    }
  }
  const sigma = await sigmaLibraryOf(options, io)
  if (!sigma.ok) {
    io.err(`vigil: ${sigma.error}\n`)
    return EXIT.usage
  }
  const analyze = { ...analyzeOptionsOf(options), ...(sigma.value && { sigma: sigma.value }) }
  try {
    if (options.generate === undefined && list.length === 1 && options.seeds === undefined) return await single(list[0], options, analyze, io)
    return await several(list, options, analyze, io)
  } catch (error) {
    io.err(`vigil: eval failed: ${error instanceof Error ? error.message : String(error)}\n`)
    return EXIT.internal
  }
}

/** The full run's analysis options: tuning and the Sigma rules, loaded once for every run. */
type AnalyzeOptions = NonNullable<EvalRunOptions['analyze']>

function runOptions(options: EvalCliOptions, analyze: AnalyzeOptions, seed: number, baseline: boolean, io: CliIO): EvalRunOptions {
  return {
    seed,
    baseline,
    analyze,
    timeZone: parseOptionsOf(options).timeZone,
    onPhase: options.json ? undefined : (p: string) => io.err(`${p}...\n`),
  }
}

async function single(dir: string, options: EvalCliOptions, analyze: AnalyzeOptions, io: CliIO): Promise<number> {
  const run = await runEval(resolve(io.cwd, dir), runOptions(options, analyze, options.seed, true, io))
  if (!run.ok) {
    io.err(`vigil: ${run.error}\n`)
    return EXIT.usage
  }
  io.out(options.json ? `${JSON.stringify(toJson(run.value, options.seed), null, 2)}\n` : formatRun(run.value, dir, options.seed))
  return EXIT.ok
}

/** Every run, then the worst; a folder that cannot be evaluated stops the command (exit 2). */
async function several(dirs: string[], options: EvalCliOptions, analyze: AnalyzeOptions, io: CliIO): Promise<number> {
  const runs: SeedRun[] = []
  const say = (text: string): void => {
    if (!options.json) io.err(text)
  }
  const record = (name: string, run: EvalRun): void => {
    runs.push({ name, events: run.events, report: run.full })
    const o = run.full.overall
    say(`${name}: ${o.episodesHit}/${o.episodes} episodes, F1 ${o.f1?.toFixed(3) ?? '—'}, ${o.normalFlaggedPer10k.toFixed(1)} normal/10k\n`)
  }
  let heading: string
  if (options.generate !== undefined) {
    const shape = options.generate
    const seeds = options.seeds ?? [1, 2, 3, 4, 5]
    const s = SHAPES[shape]
    heading = `Shape ${shape} (${s.hosts} hosts, ${s.days} days${'start' in s ? ` from ${s.start}` : ''}; ${options.events.toLocaleString('en-US')} events), generator seeds ${seeds[0]}..${seeds[seeds.length - 1]}, detector seed ${options.seed}`
    for (const seed of seeds) {
      const dir = await mkdtemp(join(tmpdir(), `vigil-eval-${shape}-${seed}-`))
      try {
        say(`generating ${shape} seed ${seed}...\n`)
        await generateDataset({ outDir: dir, ...shapeOptions({ shape, events: options.events, seed }) })
        const run = await runEval(dir, runOptions(options, analyze, options.seed, false, io))
        if (!run.ok) throw new Error(run.error)
        record(`seed ${seed}`, run.value)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    }
  } else {
    const seeds = options.seeds ?? [options.seed]
    heading = `${dirs.join(', ')}; detector seeds ${seeds.join(', ')}`
    for (const dir of dirs) {
      for (const seed of seeds) {
        const run = await runEval(resolve(io.cwd, dir), runOptions(options, analyze, seed, false, io))
        if (!run.ok) {
          io.err(`vigil: ${run.error}\n`)
          return EXIT.usage
        }
        record(dirs.length > 1 && seeds.length > 1 ? `${dir} seed ${seed}` : dirs.length > 1 ? dir : `seed ${seed}`, run.value)
      }
    }
  }
  const worst = worstRuns(runs)
  if (options.json) {
    io.out(`${JSON.stringify({ heading, runs: runs.map((r) => ({ name: r.name, events: r.events, full: r.report })), worst: { episodes: worst.byEpisodes.name, f1: worst.byF1.name, normalPer10k: worst.byNoise.name } }, null, 2)}\n`)
    return EXIT.ok
  }
  const parts = [`${heading}\n\n${formatSeedTable(runs)}`]
  const shown = new Set<SeedRun>()
  for (const [why, run] of [['F1', worst.byF1], ['normal/10k', worst.byNoise], ['episodes hit', worst.byEpisodes]] as const) {
    if (shown.has(run)) continue
    shown.add(run)
    parts.push(`Worst by ${why}: ${run.name}\n${formatReportTable(run.report, null)}`)
  }
  parts.push(formatReportNotes(worst.byF1.report))
  io.out(parts.join('\n'))
  return EXIT.ok
}

function formatRun(run: EvalRun, dir: string, seed: number): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
  const head = `Evaluated ${dir}: ${run.files} files, ${run.events.toLocaleString('en-US')} events (${run.unparsed.toLocaleString('en-US')} unparsed); seed ${seed}; parse ${s(run.timings.parseMs)}, all detectors ${s(run.timings.analyzeMs)}${run.backend ? ` (autoencoder on ${run.backend})` : ''}, iforest only ${s(run.timings.baselineMs)}\n\n`
  return `${head}${formatReportTable(run.full, run.baseline)}\n${formatReportNotes(run.full)}`
}

function toJson(run: EvalRun, seed: number): object {
  return { dir: run.dir, seed, files: run.files, events: run.events, unparsed: run.unparsed, backend: run.backend, timings: run.timings, full: run.full, baseline: run.baseline }
}
