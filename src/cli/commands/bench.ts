/** `vigil bench`: throughput and latency of each hot path, one line per figure. */
import { InvalidArgumentError, type Command } from 'commander'
import { benchAutoencoder } from '../../engine/detect/autoencoder/bench'
import { benchIsolationForest } from '../../engine/detect/bench'
import { benchExport } from '../../engine/export/bench'
import { benchGeo } from '../../engine/enrich/bench'
import { benchParse } from '../../engine/parse/bench'
import { benchStreamParse } from '../../engine/parse/benchStream'
import { benchAggregates, formatAggregatesBench } from '../../engine/store/aggregatesBench'
import { benchStore } from '../../engine/store/bench'
import { benchGridQuery, formatGridQueryBench } from '../../engine/store/findingsQueryBench'
import { benchGroups, formatGroupsBench } from '../../engine/store/groupsBench'
import { registerAggregatesBench } from '../bench/aggregatesBenchCommand'
import { registerGroupsBench } from '../bench/groupsBenchCommand'
import { registerHostileBenches } from '../bench/hostileBenchCommands'
import { registerSigmaBench } from '../bench/sigmaBenchCommand'
import { runBenchScan, type BenchScanOptions } from '../bench/benchScanCommand'
import { parseSeed } from '../options'
import { EXIT, type CliIO } from '../io'
import { int, rate } from '../summaryFormat'
import { benchLive, liveBenchLines, soakLines, soakLive } from './benchLive'
import { registerBenchProbes } from './benchProbes'
import { benchBulkInsert, benchScan } from './benchScan'

export interface BenchOptions {
  quick?: boolean
  /** Events in the generated folder of the full-scan figure (default 100,000; 10,000 with --quick). */
  scanEvents?: number
  /** Events in the store of the grid-query figure (default 1,000,000; 100,000 with --quick). */
  gridEvents?: number
  /** Seconds of the live soak (10 files at a combined 20,000 lines/s); off unless given. */
  soak?: number
  /** Size (MB) of the generated auth.log of the big-file parse figure (default 1,024; 64 with --quick). */
  parseMb?: number
}

export function registerBench(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const bench = program
    .command('bench')
    .description('measure throughput and latency of parsing, detection, storage, export and a full scan')
    .option('--quick', 'smaller inputs (a smoke test)')
    .option('--scan-events <n>', 'events in the generated folder of the full-scan figure (e.g. 1000000)', parseScanEvents)
    .option('--grid-events <n>', 'events in the store of the grid-query figure (e.g. 10000000)', parseScanEvents)
    .option('--parse-mb <mb>', 'size of the generated auth.log streamed by the big-file parse figure (default 1024)', parseMegabytes)
    .option('--soak <seconds>', 'also run the live soak: 10 files appended at 20,000 lines/s for this long', parseSeconds)
    .action(async (options: BenchOptions) => setExit(await runBench(options, io)))
  registerHostileBenches(bench, io, setExit)
  registerSigmaBench(bench, io, setExit)
  registerAggregatesBench(bench, io, setExit)
  registerGroupsBench(bench, io, setExit)
  registerBenchProbes(bench, io, setExit)
  bench
    .command('scan')
    .description('the real `vigil scan` on generated folders: wall time, records/s, peak RSS, beside fail2ban-regex')
    .option('--events <n>', 'events in the generated folder; repeat for several sizes (default 1000000)', collectEvents, [])
    .option('--seed <n>', 'generator and scan seed (default 42)', parseSeed)
    .option('--cache <dir>', 'where generated folders are kept between runs')
    .option('--profile', 'run the scan with --cpu-prof and print the top five functions by self time')
    .option('--no-fail2ban', 'skip the fail2ban-regex comparison')
    .action(async (options: BenchScanOptions) => setExit(await runBenchScan(options, io)))
}

function collectEvents(value: string, previous: number[]): number[] {
  return [...previous, parseScanEvents(value)]
}

function parseScanEvents(value: string): number {
  const n = Number(value.replace(/[_,]/g, ''))
  if (!Number.isInteger(n) || n < 1_000 || n > 100_000_000) throw new InvalidArgumentError('an integer from 1000 to 100000000')
  return n
}

function parseMegabytes(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new InvalidArgumentError('whole megabytes from 1 to 100000')
  return n
}

function parseSeconds(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 3_600) throw new InvalidArgumentError('whole seconds from 1 to 3600')
  return n
}

const ms = (x: number): string => `${x >= 100 ? int(x) : x.toFixed(1)} ms`
const mb = (x: number): string => `${x.toFixed(1)} MB`

export async function runBench(options: BenchOptions, io: CliIO): Promise<number> {
  const scale = options.quick ? 0.1 : 1
  const line = (name: string, ...figures: string[]): void => io.out(`${name.padEnd(24)} ${figures.join('   ')}\n`)
  const heap = (): string => mb(process.memoryUsage().rss / 1e6)

  const parse = benchParse(Math.round(1_000_000 * scale))
  line('parse syslog', `${int(parse.lines)} lines`, `${rate(parse.syslogLinesPerSec)} lines/s`, `${parse.syslogMBPerSec} MB/s`)
  line('parse json lines', `${int(parse.lines)} lines`, `${rate(parse.jsonlLinesPerSec)} lines/s`, `${parse.jsonlMBPerSec} MB/s`)
  line('parse syslog, one core', `${rate(parse.syslogLinesPerCpuSec)} lines per CPU-second`, `json lines ${rate(parse.jsonlLinesPerCpuSec)}`)
  const big = await benchStreamParse(options.parseMb ?? (options.quick ? 64 : 1024))
  line(
    'parse big file',
    `${int(big.fileMB)} MB auth.log`,
    `${int(big.lines)} lines`,
    `${(big.seconds).toFixed(1)} s`,
    `${rate(big.linesPerSec)} lines/s`,
    `${big.MBPerSec.toFixed(0)} MB/s`,
    `rss ${mb(big.rssBeforeMB)} → peak ${mb(big.rssPeakMB)} (streamed, not held)`,
  )

  const store = benchStore(Math.round(200_000 * scale))
  line('sqlite insert', `${int(store.events)} events`, ms(store.insertMs), `${rate(store.insertPerSec)} events/s`, `db ${mb(store.dbMB)}`)
  line('sqlite score write', ms(store.scoreWriteMs))
  const bulk = benchBulkInsert(Math.round(200_000 * scale))
  line('sqlite bulk insert', `${int(bulk.events)} events (first scan, in memory)`, ms(bulk.insertMs), `${rate(bulk.insertPerSec)} events/s`, `indexes after ${ms(bulk.indexMs)}`)
  line('findings query', `${int(store.queryRows)} rows (MEDIUM+, by score)`, ms(store.queryMs))

  const csv = benchExport(Math.round(100_000 * scale))
  line('csv export', `${int(csv.rows)} rows`, ms(csv.ms), `${rate(csv.rowsPerSec)} rows/s`, mb(csv.mb))

  const forest = benchIsolationForest(Math.round(200_000 * scale))
  line('isolation forest', `fit ${ms(forest.fitMs)}`, `score ${int(forest.rows)} rows ${ms(forest.scoreMs)}`, `${rate(forest.scoreRowsPerSec)} rows/s`)

  const ae = await benchAutoencoder({ rows: Math.round(100_000 * scale) })
  line(`autoencoder (${ae.backend})`, `${int(ae.rows)} rows`, `${ms(ae.msPerEpoch)}/epoch`, `score ${rate(ae.scoreRowsPerSec)} rows/s`)

  const scan = await benchScan(options.scanEvents ?? Math.round(100_000 * scale))
  line(
    'full scan',
    `${int(scan.files)} files`,
    `${int(scan.events)} events`,
    `${(scan.ms / 1000).toFixed(1)} s`,
    `${rate(scan.eventsPerSec)} events/s`,
    `rss ${mb(scan.rssMB)}`,
  )
  for (const l of liveBenchLines(await benchLive(options.quick ? 10 : 50, 200, options.quick ? 3 : 10))) line(l[0], ...l.slice(1))
  if (options.soak) {
    const soak = { files: 10, linesPerSec: 20_000, seconds: options.soak }
    for (const l of soakLines(await soakLive(soak), soak)) line(l[0], ...l.slice(1))
  }

  for (const l of formatGridQueryBench(benchGridQuery(options.gridEvents ?? Math.round(1_000_000 * scale)))) io.out(`${l}\n`)
  for (const l of formatAggregatesBench(benchAggregates(options.gridEvents ?? Math.round(1_000_000 * scale)))) io.out(`${l}\n`)
  for (const l of formatGroupsBench(benchGroups(options.gridEvents ?? Math.round(1_000_000 * scale)))) io.out(`${l}\n`)

  const geo = await benchGeo(Math.round(100_000 * scale))
  if ('problem' in geo) line('geoip', geo.problem)
  else line('geoip', `load ${ms(geo.loadMs)}`, `+${mb(geo.loadRssMb)} rss`, `${int(geo.lookups)} lookups`, `${rate(geo.lookupsPerSec)} lookups/s`)
  line('memory', `rss ${heap()}`)
  return EXIT.ok
}
