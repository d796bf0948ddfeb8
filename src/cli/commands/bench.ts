/** `vigil bench`: throughput and latency of each hot path, one line per figure. */
import type { Command } from 'commander'
import { benchAutoencoder } from '../../engine/detect/autoencoder/bench'
import { benchIsolationForest } from '../../engine/detect/bench'
import { benchExport } from '../../engine/export/bench'
import { benchParse } from '../../engine/parse/bench'
import { benchStore } from '../../engine/store/bench'
import { EXIT, type CliIO } from '../io'
import { int, rate } from '../summaryFormat'
import { benchLive } from './benchLive'
import { benchScan } from './benchScan'

export interface BenchOptions {
  quick?: boolean
}

export function registerBench(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('bench')
    .description('measure throughput and latency of parsing, detection, storage, export and a full scan')
    .option('--quick', 'smaller inputs (a smoke test)')
    .action(async (options: BenchOptions) => setExit(await runBench(options, io)))
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

  const store = benchStore(Math.round(200_000 * scale))
  line('sqlite insert', `${int(store.events)} events`, ms(store.insertMs), `${rate(store.insertPerSec)} events/s`, `db ${mb(store.dbMB)}`)
  line('sqlite score write', ms(store.scoreWriteMs))
  line('findings query', `${int(store.queryRows)} rows (MEDIUM+, by score)`, ms(store.queryMs))

  const csv = benchExport(Math.round(100_000 * scale))
  line('csv export', `${int(csv.rows)} rows`, ms(csv.ms), `${rate(csv.rowsPerSec)} rows/s`, mb(csv.mb))

  const forest = benchIsolationForest(Math.round(200_000 * scale))
  line('isolation forest', `fit ${ms(forest.fitMs)}`, `score ${int(forest.rows)} rows ${ms(forest.scoreMs)}`, `${rate(forest.scoreRowsPerSec)} rows/s`)

  const ae = await benchAutoencoder({ rows: Math.round(50_000 * scale) })
  line(`autoencoder (${ae.backend})`, `${int(ae.rows)} rows`, `${ms(ae.msPerEpoch)}/epoch`, `score ${rate(ae.scoreRowsPerSec)} rows/s`)

  const scan = await benchScan(Math.round(50_000 * scale))
  line('full scan', `${int(scan.files)} files`, `${int(scan.events)} events`, ms(scan.ms), `${rate(scan.eventsPerSec)} events/s`, `peak rss ${mb(scan.rssMB)}`)
  const live = await benchLive(options.quick ? 10 : 50, options.quick ? 200 : 2_000)
  line('live latency', `${live.singles} single lines`, `p50 ${ms(live.p50)}`, `p95 ${ms(live.p95)}`, `p99 ${ms(live.p99)}`)
  line('live burst', `${int(live.burstLines)} lines`, ms(live.burstMs), `${rate(live.burstLines / (live.burstMs / 1000))} lines/s`)
  line('memory', `rss ${heap()}`)
  return EXIT.ok
}
