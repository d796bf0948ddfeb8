/** `vigil bench aggregates`: the pictures' aggregates timed alone on a synthetic store (src/engine/store/aggregatesBench.ts). */
import type { Command } from 'commander'
import { loadavg } from 'node:os'
import { benchAggregates, formatAggregatesBench } from '../../engine/store/aggregatesBench'
import { EXIT, type CliIO } from '../io'
import { wholeNumber } from '../options'

export function registerAggregatesBench(bench: Command, io: CliIO, setExit: (code: number) => void): void {
  bench
    .command('aggregates')
    .description("the pictures' aggregates (timeline, ATT&CK, insights) on a synthetic store, under four filters: median and slowest of the runs")
    .option('--events <n>', 'events in the store (default 1000000)', wholeNumber(1_000, 100_000_000), 1_000_000)
    .option('--runs <n>', 'runs of each aggregate (default 3)', wholeNumber(1, 100), 3)
    .option('--store <file>', 'keep the store in this file and reuse it when it holds --events events (default: a temporary one)')
    .action((options: { events: number; runs: number; store?: string }) => {
      io.out(`machine: load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`)
      for (const l of formatAggregatesBench(benchAggregates(options.events, options.runs, options.store))) io.out(`${l}\n`)
      io.out(`machine: load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`)
      setExit(EXIT.ok)
    })
}
