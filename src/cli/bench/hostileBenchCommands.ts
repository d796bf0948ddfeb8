/**
 * `vigil bench json-doc`: the hostile-input probes of issue 9 at full size, each with the figure
 * that says it held (records found, peak resident memory).
 */
import { InvalidArgumentError, type Command } from 'commander'
import { loadavg } from 'node:os'
import { benchDocumentParse } from '../../engine/parse/benchDocument'
import { EXIT, type CliIO } from '../io'
import { int } from '../summaryFormat'

function wholeNumber(lo: number, hi: number): (value: string) => number {
  return (value) => {
    const n = Number(value.replace(/[_,]/g, ''))
    if (!Number.isInteger(n) || n < lo || n > hi) throw new InvalidArgumentError(`an integer from ${lo} to ${hi}`)
    return n
  }
}

export function registerHostileBenches(bench: Command, io: CliIO, setExit: (code: number) => void): void {
  bench
    .command('json-doc')
    .description('a generated pretty-printed JSON document of --mb MB, streamed through the parser: records found, time, peak RSS')
    .option('--mb <n>', 'size of the document in MB (default 300)', wholeNumber(1, 100_000), 300)
    .action(async (options: { mb: number }) => setExit(await runJsonDocBench(options.mb, io)))
}

const line = (io: CliIO, name: string, ...figures: string[]): void => io.out(`${name.padEnd(22)} ${figures.join('   ')}\n`)

async function runJsonDocBench(mb: number, io: CliIO): Promise<number> {
  line(io, 'machine', `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  const r = await benchDocumentParse(mb)
  line(io, 'json document', `${int(r.fileMB)} MB pretty-printed`, `${int(r.records)} records written`)
  line(io, '  parsed', `${int(r.events)} events`, `${int(r.other)} other`, `${int(r.withUserAndIp)} with user and IP`, `${r.seconds.toFixed(1)} s`, `${r.MBPerSec.toFixed(1)} MB/s`)
  line(io, '  rss', `${r.rssBeforeMB.toFixed(0)} MB before`, `peak ${r.rssPeakMB.toFixed(0)} MB`)
  return r.events === r.records && r.other === 0 ? EXIT.ok : EXIT.internal
}
