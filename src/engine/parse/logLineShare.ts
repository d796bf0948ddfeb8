/**
 * Is a file of unknown format a log at all? A log's lines carry times; `/etc/passwd`, a README or
 * a test suite's output compressed under /usr/share/doc do not, and read as logs they become
 * thousands of scored "anomalies". Judged on the sniff sample (its first lines), before anything
 * is emitted, so a file judged not a log is not read further.
 */
import { isBlank, type LineSink } from './sinks/LineSink'

/** At least this share of the sampled lines must carry a time near their start. */
export const MIN_LOG_LINE_SHARE = 0.25

/** Where a log line's time sits: within its first characters (after a level, a host or an address). */
const HEAD_CHARS = 80
const TIMES = [
  /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/, // ISO 8601 / RFC 5424 / most application logs
  /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2}/, // RFC 3164 syslog
  /\d{2}\/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d{2}:\d{2}/, // Apache/nginx common log format
  /\b\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/, // nginx error log, Go's log package
]

function hasTime(line: string): boolean {
  const head = line.slice(0, HEAD_CHARS)
  return TIMES.some((re) => re.test(head))
}

/**
 * Null when the sample reads as a log; else why not, e.g. "0 of 20 sampled lines carry a time
 * (a log needs at least 1 in 4)".
 */
export function notALogByTimes(sample: readonly string[]): string | null {
  const lines = sample.filter((l) => !isBlank(l))
  if (lines.length === 0) return null
  let timed = 0
  for (const l of lines) if (hasTime(l)) timed++
  if (timed >= Math.ceil(lines.length * MIN_LOG_LINE_SHARE)) return null
  return `${timed} of ${lines.length} sampled lines carry a time (a log needs at least 1 in ${Math.round(1 / MIN_LOG_LINE_SHARE)})`
}

/**
 * Why a file sniffed as `sniffed` is not a log by the times of its sample, or null. Only a file
 * read as syslog of unknown format is judged: syslog auth, JSON and CSV have their own tests, and
 * a format forced by the analyst (`--format auth`) is read as told.
 */
export function timelessReason(sniffed: { format: string; reader: string }, forced: string, sample: readonly string[]): string | null {
  if (forced !== 'auto' || sniffed.reader !== 'syslog' || sniffed.format !== 'unknown') return null
  const why = notALogByTimes(sample)
  return why === null ? null : `a file where ${why}`
}

/** Takes the lines of a file judged not a log and keeps none of them. */
export class TimelessSink implements LineSink {
  constructor(private readonly reason: string) {}
  line(): void {}
  finish(): void {}
  notALog(): string {
    return this.reason
  }
}
