/** `vigil bench sigma`: the Sigma pass of detection with many rules over many events (src/engine/sigma/bench.ts). */
import type { Command } from 'commander'
import { loadavg } from 'node:os'
import { benchSigma } from '../../engine/sigma/bench'
import { EXIT, type CliIO } from '../io'
import { wholeNumber } from '../options'
import { int, rate } from '../summaryFormat'

export function registerSigmaBench(bench: Command, io: CliIO, setExit: (code: number) => void): void {
  bench
    .command('sigma')
    .description('generated Sigma rules (keywords, fields, regexes, CIDR, correlations) over generated auth and JSON events: compile time, match rate')
    .option('--rules <n>', 'rules (default 1000)', wholeNumber(10, 100_000), 1_000)
    .option('--events <n>', 'events (default 1000000)', wholeNumber(1_000, 100_000_000), 1_000_000)
    .action((options: { rules: number; events: number }) => setExit(runSigmaBench(options, io)))
}

function runSigmaBench(options: { rules: number; events: number }, io: CliIO): number {
  const line = (name: string, ...figures: string[]): void => io.out(`${name.padEnd(22)} ${figures.join('   ')}\n`)
  line('machine', `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  const r = benchSigma(options.rules, options.events)
  line('sigma compile', `${int(r.rules)} rules (${int(r.correlations)} correlations, ${int(r.unindexed)} without needles)`, `${int(r.compileMs)} ms`)
  line('sigma match', `${int(r.events)} events`, `${(r.matchMs / 1000).toFixed(2)} s`, `${rate(r.eventsPerSec)} events/s`, `CPU ${(r.matchCpuMs / 1000).toFixed(2)} s (${rate(r.eventsPerCpuSec)} events per CPU-second)`, `${int(r.flagged)} flagged`)
  return EXIT.ok
}
