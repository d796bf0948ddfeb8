/** `vigil generate --out DIR`: a realistic, labeled log folder (see src/engine/generate). */
import { resolve } from 'node:path'
import { type Command, InvalidArgumentError } from 'commander'
import { DEMO_OPTIONS } from '../../engine/generate/demo'
import { GENERATE_DEFAULTS, GENERATE_LIMITS, type GenerateResult, generateDataset } from '../../engine/generate/generateDataset'
import { prepareOutputFolder } from '../../engine/generate/outputFolder'
import { SHAPE_NAMES, type ShapeName, isShapeName, parseStartDate, shapeOptions } from '../../engine/generate/shapes'
import { EXIT, type CliIO, processIO } from '../io'
import { parseSeed } from '../options'

export interface GenerateCliOptions {
  out: string
  events: number
  seed: number
  shape: ShapeName
  /** Absent: the shape's. */
  hosts?: number
  days?: number
  /** First day, epoch ms of a UTC midnight; absent: the shape's. */
  start?: number
  demo?: boolean
  force?: boolean
}

function integerIn([lo, hi]: readonly [number, number]): (value: string) => number {
  return (value) => {
    const n = Number(value.replace(/_/g, ''))
    if (!/^\d[\d_]*$/.test(value.trim()) || !Number.isSafeInteger(n) || n < lo || n > hi) {
      throw new InvalidArgumentError(`expected an integer from ${lo.toLocaleString('en-US')} to ${hi.toLocaleString('en-US')}.`)
    }
    return n
  }
}

export function registerGenerate(program: Command, io: CliIO = processIO(), setExit: (code: number) => void = (c) => void (process.exitCode = c)): void {
  program
    .command('generate')
    .description('write a realistic labeled log folder (rotated auth.log, JSON lines, JSON documents) and labels.csv')
    .requiredOption('--out <dir>', 'output folder (new or empty)')
    .option('--events <n>', 'approximate number of events', integerIn(GENERATE_LIMITS.events), GENERATE_DEFAULTS.events)
    .option('--seed <n>', 'random seed', parseSeed, GENERATE_DEFAULTS.seed)
    .option('--shape <name>', `what the folder varies (${SHAPE_NAMES.join(', ')}; see the README)`, parseShape, 'default')
    .option('--hosts <n>', `number of hosts (default: the shape's, ${GENERATE_DEFAULTS.hosts} for default)`, integerIn(GENERATE_LIMITS.hosts))
    .option('--days <n>', `days covered (default: the shape's, ${GENERATE_DEFAULTS.days} for default)`, integerIn(GENERATE_LIMITS.days))
    .option('--start <date>', "first day, YYYY-MM-DD in UTC (default: the shape's, else a Monday in March 2026 chosen by the seed)", parseStart)
    .option('--demo', 'the bundled demo logs (4 hosts, 7 days, hostile user names); size options are ignored')
    .option('--force', 'replace a previous generation in --out (other files there are kept)')
    .action(async (options: GenerateCliOptions) => setExit(await runGenerate(options, io)))
}

export function parseShape(value: string): ShapeName {
  if (!isShapeName(value)) throw new InvalidArgumentError(`expected one of ${SHAPE_NAMES.join(', ')}.`)
  return value
}

function parseStart(value: string): number {
  const ms = parseStartDate(value)
  if (ms === null) throw new InvalidArgumentError('expected a date as YYYY-MM-DD.')
  return ms
}

export async function runGenerate(options: GenerateCliOptions, io: CliIO): Promise<number> {
  const outDir = resolve(io.cwd, options.out)
  const ready = await prepareOutputFolder(outDir, options.force === true)
  if (!ready.ok) {
    io.err(`vigil: ${ready.error}\n`)
    return EXIT.usage
  }
  const settings = options.demo
    ? { ...DEMO_OPTIONS }
    : shapeOptions({ shape: options.shape, events: options.events, seed: options.seed, hosts: options.hosts, days: options.days, startMs: options.start })
  try {
    const result = await generateDataset({ outDir, ...settings })
    io.out(formatGenerated(result, options.out, settings.seed))
    return EXIT.ok
  } catch (error) {
    io.err(`vigil: generate failed: ${error instanceof Error ? error.message : String(error)}\n`)
    return EXIT.internal
  }
}

export function formatGenerated(r: GenerateResult, shownDir: string, seed: number): string {
  const n = (x: number): string => Math.round(x).toLocaleString('en-US')
  const days = Math.round((r.endMs - r.startMs) / 86_400_000)
  const kinds = new Map<string, number>()
  for (const e of r.episodes) kinds.set(e.attack, (kinds.get(e.attack) ?? 0) + 1)
  const labelsFile = r.files.find((f) => f.endsWith('labels.csv')) ?? 'labels.csv'
  return [
    `Generated ${n(r.events)} events in ${r.files.length - 1} log files (${r.hosts.length} hosts, portal, cloud; ${days} days from ${new Date(r.startMs).toISOString().slice(0, 10)}; seed ${seed})`,
    `in ${(r.durationMs / 1000).toFixed(1)} s (${n(r.events / Math.max(r.durationMs / 1000, 1e-3))} events/s)`,
    `Episodes: ${r.episodes.length} — ${[...kinds].map(([k, c]) => `${k} ${c}`).join(' · ')}`,
    `Labeled lines: ${n(r.labeledLines)} in ${shownDir.replace(/\/$/, '')}/${labelsFile}`,
    '',
  ].join('\n')
}
