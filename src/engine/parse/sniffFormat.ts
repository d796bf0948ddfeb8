import type { LogFormat } from '../../shared/sources'
import { ALL_ALIAS_NAMES } from './json/aliases'
import { unwrapRecords } from './json/unwrap'
import { csvDelimiter } from './sinks/CsvSink'
import { newHeader, parseSyslogHeader } from './syslog/header'
import type { ZoneConverter } from './time/zone'

/** How a file's lines should be read. */
export type Reader = 'syslog' | 'jsonLines' | 'jsonDocument' | 'csv'

export interface Sniffed {
  format: LogFormat
  reader: Reader
}

const header = newHeader()

/**
 * A header row: two or more name-like cells, one of them a known field name — or any names at
 * all when the file is called `*.csv`/`*.tsv` (then a header of unknown columns is still a CSV,
 * to be judged a log or not by its columns).
 */
function looksLikeCsvHeader(line: string, csvName: boolean): boolean {
  const d = csvDelimiter(line)
  const cells = line.split(d).map((c) => c.trim().replace(/^\uFEFF/, '').replace(/^"(.*)"$/, '$1'))
  if (cells.length < 2) return false
  if (!cells.every((c) => /^[A-Za-z_@][\w@ .\-/]{0,63}$/.test(c))) return false
  return csvName || cells.some((c) => ALL_ALIAS_NAMES.has(c.toLowerCase().replace(/^.*\./, '')))
}

const CSV_NAME = /\.[ct]sv(?:\.\d+)?(?:\.gz)?$/i

/**
 * Decides a file's format from its first lines (blank lines ignored). JSON first (a line that parses
 * alone → JSON lines; a document opening → whole document), then CSV (a header row naming known fields),
 * then syslog (half the sample has a syslog header). `fileName` (the file's name) only helps to
 * tell a CSV header of unknown columns. Anything else is read as syslog with
 * format 'unknown', so stray syslog lines are still understood and the rest counted unparsed.
 */
export function sniffFormat(sample: readonly string[], zone: ZoneConverter, forced: 'auto' | 'auth' | 'json' | 'csv' = 'auto', fileName = ''): Sniffed {
  const lines = sample.filter((l) => l.trim().length > 0)
  if (forced === 'auth') return { format: 'auth', reader: 'syslog' }
  if (forced === 'csv') return { format: 'csv', reader: 'csv' }
  if (lines.length === 0) return { format: forced === 'json' ? 'json' : 'unknown', reader: forced === 'json' ? 'jsonLines' : 'syslog' }
  const first = lines[0].replace(/^\uFEFF/, '').trim()
  if (first.startsWith('{') || first.startsWith('[')) {
    try {
      const value = JSON.parse(first)
      // A one-line wrapper document or array: records are numbered by index.
      const wrapped = unwrapRecords(value) !== null
      return { format: 'json', reader: wrapped && lines.length === 1 ? 'jsonDocument' : 'jsonLines' }
    } catch {
      if (/^[[{]\s*(?:["{[\]}]|$)/.test(first)) return { format: 'json', reader: 'jsonDocument' }
    }
  }
  if (forced === 'json') return { format: 'json', reader: 'jsonLines' }
  if (looksLikeCsvHeader(first, CSV_NAME.test(fileName))) return { format: 'csv', reader: 'csv' }
  const probe = lines.slice(0, 20)
  let syslog = 0
  // A syslog line has a time and a program tag; a time alone (dpkg.log, app logs) is not enough.
  for (const l of probe) if (parseSyslogHeader(l, zone, header) && header.program !== null) syslog++
  if (syslog * 2 >= probe.length) return { format: 'auth', reader: 'syslog' }
  return { format: syslog > 0 ? 'auth' : 'unknown', reader: 'syslog' }
}
