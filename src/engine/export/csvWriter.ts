/**
 * anomalies.csv: RFC 4180 (comma, double-quote escaping, CRLF record ends), UTF-8 without BOM,
 * one header row, then one row per finding.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { stringify } from 'csv-stringify/sync'
import type { Finding } from '../../shared/finding'
import { ALL_CSV_COLUMNS, findingCells, type Cell } from './csvColumns'

const OPTIONS = {
  record_delimiter: 'windows',
  // csv-stringify only quotes a field holding the whole record delimiter; a lone CR or LF inside a
  // raw line must be quoted too, or readers split the record.
  quoted_match: /[\r\n]/,
} as const

/** Serialises rows of cells (no header). */
export function csvRecords(rows: readonly (readonly Cell[])[]): string {
  return rows.length === 0 ? '' : stringify(rows as Cell[][], OPTIONS)
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
