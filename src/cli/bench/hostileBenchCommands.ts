/**
 * `vigil bench json-doc` and `vigil bench serve-burst`: hostile-input probes at full size, each
 * with the figure that says it held (records found, answers, peak resident memory).
 */
import type { Command } from 'commander'
import { loadavg } from 'node:os'
import { benchDocumentParse } from '../../engine/parse/benchDocument'
import { EXIT, type CliIO } from '../io'
import { wholeNumber } from '../options'
import { benchServeBurst } from './serveBurst'
import { int } from '../summaryFormat'

export function registerHostileBenches(bench: Command, io: CliIO, setExit: (code: number) => void): void {
  bench
    .command('json-doc')
    .description('a generated pretty-printed JSON document of --mb MB, streamed through the parser: records found, time, peak RSS')
    .option('--mb <n>', 'size of the document in MB (default 300)', wholeNumber(1, 100_000), 300)
    .action(async (options: { mb: number }) => setExit(await runJsonDocBench(options.mb, io)))
  bench
    .command('serve-burst')
    .description('one socket sends --requests findings.query 0..1000 without waiting to a served store of --events events: answers, time, peak RSS')
    .option('--requests <n>', 'requests in the burst (default 10000)', wholeNumber(1, 1_000_000), 10_000)
    .option('--events <n>', 'events in the generated store (default 100000)', wholeNumber(1_000, 10_000_000), 100_000)
    .action(async (options: { requests: number; events: number }) => setExit(await runServeBurstBench(options, io)))
}

/** The bound the issue sets for the whole process during the burst. */
const RSS_BOUND_MB = 1_536

async function runServeBurstBench(options: { requests: number; events: number }, io: CliIO): Promise<number> {
  line(io, 'machine', `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  const r = await benchServeBurst(options.events, options.requests)
  line(io, 'serve burst', `${int(r.requests)} × findings.query 0..1000 on one socket`, `store of ${int(r.events)} events`, `page ${(r.pageChars / 1e6).toFixed(2)} MB`)
  line(io, '  answered', `${int(r.pages)} pages`, `${int(r.busy)} busy`, `${int(r.otherErrors)} other errors`, `${r.seconds.toFixed(1)} s`)
  line(io, '  afterwards', r.answeredAfter ? 'a normal request got the right page' : 'the request after the burst was NOT answered correctly')
  line(io, '  rss', `${r.rssBeforeMB.toFixed(0)} MB before`, `peak ${r.rssPeakMB.toFixed(0)} MB (server, engine and client in one process; bound ${int(RSS_BOUND_MB)} MB)`)
  return r.answeredAfter && r.rssPeakMB <= RSS_BOUND_MB ? EXIT.ok : EXIT.internal
}

const line = (io: CliIO, name: string, ...figures: string[]): void => io.out(`${name.padEnd(22)} ${figures.join('   ')}\n`)

async function runJsonDocBench(mb: number, io: CliIO): Promise<number> {
  line(io, 'machine', `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  const r = await benchDocumentParse(mb)
  line(io, 'json document', `${int(r.fileMB)} MB pretty-printed`, `${int(r.records)} records written`)
  line(io, '  parsed', `${int(r.events)} events`, `${int(r.other)} other`, `${int(r.withUserAndIp)} with user and IP`, `${r.seconds.toFixed(1)} s`, `${r.MBPerSec.toFixed(1)} MB/s`, `${r.cpuSeconds.toFixed(1)} s CPU`, `${r.MBPerCpuSec.toFixed(1)} MB per CPU s`)
  line(io, '  rss', `${r.rssBeforeMB.toFixed(0)} MB before`, `peak ${r.rssPeakMB.toFixed(0)} MB`)
  return r.events === r.records && r.other === 0 ? EXIT.ok : EXIT.internal
}
