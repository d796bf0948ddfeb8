/** `vigil bench groups`: the group panel's counts, every column under the grid's usual filters, on a synthetic store (src/engine/store/groupsBench.ts). */
import { InvalidArgumentError, type Command } from 'commander'
import { loadavg } from 'node:os'
import { benchGroups, formatGroupsBench } from '../../engine/store/groupsBench'
import { GROUP_COLUMNS } from '../../shared/groups'
import { EXIT, type CliIO } from '../io'
import { wholeNumber } from '../options'

function groupColumns(value: string): string[] {
  const columns = value.split(',').map((c) => c.trim())
  const unknown = columns.filter((c) => !(GROUP_COLUMNS as readonly string[]).includes(c))
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown group column ${unknown.join(', ')} (one of ${GROUP_COLUMNS.join(', ')})`)
  return columns
}

interface GroupsBenchOptions {
  events: number
  runs: number
  store?: string
  columns?: string[]
  filter?: string[]
}

export function registerGroupsBench(bench: Command, io: CliIO, setExit: (code: number) => void): void {
  bench
    .command('groups')
    .description('the group panel: counts per value of every group column under the grid’s usual filters (NONE, LOW+, MEDIUM+, a time brush, a quick filter, a user) on a synthetic store')
    .option('--events <n>', 'events in the store (default 1000000)', wholeNumber(1_000, 100_000_000), 1_000_000)
    .option('--runs <n>', 'runs of each group-by (default 3; a run over 2 s is not repeated)', wholeNumber(1, 100), 3)
    .option('--store <file>', 'keep the store in this file and reuse it when it holds --events events (default: a temporary one)')
    .option('--columns <list>', `only these columns, comma-separated (${GROUP_COLUMNS.join(', ')})`, groupColumns)
    .option('--filter <name>', 'only the filters whose name starts so (repeatable: NONE, LOW+, MEDIUM+, 1-hour, 1-day, quick, user)', (v: string, prev: string[] = []) => [...prev, v])
    .action((options: GroupsBenchOptions) => {
      io.out(`machine: load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`)
      const bench = benchGroups(options.events, options.runs, options.store, { columns: options.columns, filters: options.filter })
      for (const l of formatGroupsBench(bench)) io.out(`${l}\n`)
      io.out(`machine: load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`)
      setExit(EXIT.ok)
    })
}
