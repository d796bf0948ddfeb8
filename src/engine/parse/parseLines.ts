import type { NormalizedEvent } from '../../shared/event'
import { assertNever } from '../../shared/result'
import type { LogFormat } from '../../shared/sources'
import { CsvSink } from './sinks/CsvSink'
import { JsonLinesSink } from './sinks/JsonSink'
import type { LineSink, SinkContext } from './sinks/LineSink'
import { SyslogSink } from './sinks/SyslogSink'
import { createZoneConverter } from './time/zone'

/** Where appended lines come from (live tailing). */
export interface LineContext {
  format: LogFormat
  relPath: string
  hostHint: string
  /** 1-based line number of `lines[0]` in the file. */
  firstLine: number
  /** "Now" (or the file's mtime): anchors the year of RFC 3164 timestamps. */
  referenceMs: number
  /** IANA zone of zone-less timestamps; default the machine's. */
  timeZone?: string
  /** CSV files: the header row (`ParsedFile.csvHeader`). */
  csvHeader?: string
}

/**
 * Parses lines appended to a known file, with the same parsers as `parseFile`: one event per
 * non-blank line, 'other' when not understood. Total: never throws. JSON files are read as JSON
 * lines (a whole document cannot be tailed).
 */
export function parseLines(lines: readonly string[], ctx: LineContext): NormalizedEvent[] {
  const events: NormalizedEvent[] = []
  const sinkCtx: SinkContext = {
    relPath: ctx.relPath,
    hostHint: ctx.hostHint,
    referenceMs: ctx.referenceMs,
    zone: createZoneConverter(ctx.timeZone),
    emit: (ev) => events.push(ev),
  }
  let sink: LineSink
  switch (ctx.format) {
    case 'json':
      sink = new JsonLinesSink(sinkCtx)
      break
    case 'csv':
      sink = new CsvSink(sinkCtx, ctx.csvHeader)
      break
    case 'auth':
    case 'unknown':
      sink = new SyslogSink(sinkCtx)
      break
    default:
      sink = assertNever(ctx.format)
  }
  for (let i = 0; i < lines.length; i++) sink.line(lines[i], ctx.firstLine + i)
  sink.finish()
  return events
}
