/**
 * anomalies.csv: RFC 4180 (comma, double-quote escaping, CRLF record ends), UTF-8 without BOM,
 * one header row, then one row per finding.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Finding } from '../../shared/finding'
import { ALL_CSV_COLUMNS, findingCells, type Cell } from './csvColumns'

/** A field is quoted when it holds the delimiter, a quote or a line break (a lone CR or LF too, or readers split the record). */
const NEEDS_QUOTES = /[",\r\n]/
const QUOTE = /"/g

/**
 * Serialises rows of cells (no header), each record ended by CRLF. Written out rather than with
 * csv-stringify, whose per-cell options and casts were a quarter of exporting a scan's findings;
 * the bytes are csv-stringify's with `record_delimiter: 'windows'` and `quoted_match: /[\r\n]/`
 * (property test in test/engine/export/csv.test.ts).
 */
export function csvRecords(rows: readonly (readonly Cell[])[]): string {
  let out = ''
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]
      if (i > 0) out += ','
      if (typeof cell === 'number') out += String(cell)
      else out += NEEDS_QUOTES.test(cell) ? `"${cell.replace(QUOTE, '""')}"` : cell
    }
    out += '\r\n'
  }
  return out
}

export const CSV_HEADER = csvRecords([ALL_CSV_COLUMNS as string[]])

/** The whole CSV document for these findings, in the order given. */
export function findingsToCsv(findings: Iterable<Finding>): { csv: string; rows: number } {
  const parts = [CSV_HEADER]
  let rows = 0
  let batch: Cell[][] = []
  for (const f of findings) {
    batch.push(findingCells(f))
    rows++
    if (batch.length === 1000) {
      parts.push(csvRecords(batch))
      batch = []
    }
  }
  parts.push(csvRecords(batch))
  return { csv: parts.join(''), rows }
}

/** Streams the CSV to a file, so an export of millions of rows never sits whole in memory. */
export async function writeCsvFile(path: string, findings: Iterable<Finding>): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' })
  const failed = new Promise<never>((_, reject) => out.once('error', reject))
  const write = async (chunk: string): Promise<void> => {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed])
  }
  let rows = 0
  await write(CSV_HEADER)
  let batch: Cell[][] = []
  for (const f of findings) {
    batch.push(findingCells(f))
    rows++
    if (batch.length === 1000) {
      await write(csvRecords(batch))
      batch = []
    }
  }
  await write(csvRecords(batch))
  out.end()
  await Promise.race([once(out, 'finish'), failed])
  return rows
}
