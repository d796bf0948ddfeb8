import type { NormalizedEvent } from '../../shared/event'
import { jsonlCorpus, syslogCorpus } from './benchCorpus'
import { JsonLinesSink } from './sinks/JsonSink'
import type { LineSink, SinkContext } from './sinks/LineSink'
import { SyslogSink } from './sinks/SyslogSink'
import { StartYearScanner } from './syslog/SyslogParser'
import { createZoneConverter } from './time/zone'

/** Parse throughput on a generated in-memory corpus (what `vigil bench` prints). */
export interface ParseBench {
  syslogLinesPerSec: number
  syslogMBPerSec: number
  jsonlLinesPerSec: number
  jsonlMBPerSec: number
  /** Lines per format. */
  lines: number
  /**
   * The same runs per second of this process's CPU time: what one core does, unaffected by other
   * processes competing for the machine (includes V8's GC helper threads, so slightly pessimistic).
   */
  syslogLinesPerCpuSec: number
  jsonlLinesPerCpuSec: number
  /** Lines of each format not understood (0: the corpus holds only known messages). */
  syslogUnparsed: number
  jsonlUnparsed: number
}

interface Run {
  seconds: number
  cpuSeconds: number
  unparsed: number
  bytes: number
}

function run(lines: readonly string[], syslog: boolean, count: number): Run {
  let unparsed = 0
  let emitted = 0
  const ctx: SinkContext = {
    relPath: 'bench.log',
    hostHint: 'bench',
    referenceMs: Date.UTC(2026, 5, 1),
    zone: createZoneConverter('UTC'),
    emit: (ev: NormalizedEvent) => {
      if (ev.event === 'other') unparsed++
      emitted++
    },
  }
  let bytes = 0
  for (let i = 0; i < count; i++) bytes += Buffer.byteLength(lines[i]) + 1
  const cpu0 = process.cpuUsage()
  const start = process.hrtime.bigint()
  if (syslog) {
    // Streaming mode, as for a huge file: a timestamp-only pass settles the years, so the parse
    // pass hands events on without retaining them.
    const scanner = new StartYearScanner(ctx)
    for (let i = 0; i < count; i++) scanner.line(lines[i])
    ctx.startYear = scanner.startYear()
  }
  const sink: LineSink = syslog ? new SyslogSink(ctx) : new JsonLinesSink(ctx)
  for (let i = 0; i < count; i++) sink.line(lines[i], i + 1)
  sink.finish()
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const cpu = process.cpuUsage(cpu0)
  if (emitted !== count) throw new Error(`bench: ${emitted} events for ${count} lines`)
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, unparsed, bytes }
}

const round1 = (x: number): number => Math.round(x * 10) / 10

/**
 * Parses `n` generated syslog lines and `n` generated JSON lines (default 1,000,000 each) on this
 * thread and reports lines/s and MB/s (decimal MB of UTF-8 input) for each, after an untimed
 * warm-up so the figures are steady-state (JIT-compiled) speed. Corpus generation is not timed;
 * the parse is the code `parseFile` runs after decoding, in its streaming mode (syslog: year pass
 * plus parse pass; events handed on, not kept).
 */
export function benchParse(n = 1_000_000): ParseBench {
  const warm = Math.min(n, 50_000)
  const syslogLines = syslogCorpus(n)
  run(syslogLines, true, warm)
  const s = run(syslogLines, true, n)
  syslogLines.length = 0
  const jsonLines = jsonlCorpus(n)
  run(jsonLines, false, warm)
  const j = run(jsonLines, false, n)
  return {
    syslogLinesPerSec: Math.round(n / s.seconds),
    syslogMBPerSec: round1(s.bytes / 1e6 / s.seconds),
    jsonlLinesPerSec: Math.round(n / j.seconds),
    jsonlMBPerSec: round1(j.bytes / 1e6 / j.seconds),
    lines: n,
    syslogLinesPerCpuSec: Math.round(n / s.cpuSeconds),
    jsonlLinesPerCpuSec: Math.round(n / j.cpuSeconds),
    syslogUnparsed: s.unparsed,
    jsonlUnparsed: j.unparsed,
  }
}
