/**
 * Reads labels.csv (`file,line,attack,episode`, header row) as written by `generateDataset`.
 * A missing or malformed file is an expected failure, returned as a value.
 */
import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { type Result, err, ok } from '../../shared/result'
import type { LabelRow } from './evaluate'

/** Names the labels file may have in a generated folder (the demo logs hide theirs from scans). */
export const LABEL_FILE_NAMES = ['labels.csv', '.labels.csv'] as const

/** The labels file of a generated folder, or null when it has none. */
export async function findLabelsFile(dir: string): Promise<string | null> {
  for (const name of LABEL_FILE_NAMES) {
    try {
      await access(join(dir, name))
      return join(dir, name)
    } catch {
      // try the next name
    }
  }
  return null
}

export async function readLabels(path: string): Promise<Result<LabelRow[], string>> {
  let records: Record<string, string>[]
  try {
    // A few hundred thousand rows at most (10 million events): read whole.
    records = parse(await readFile(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[]
  } catch (error) {
    return err(`${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const rows: LabelRow[] = []
  for (const record of records) {
    const line = Number(record.line)
    if (!record.file || !Number.isInteger(line) || line < 1 || !record.attack || !record.episode) {
      return err(`${path}: row ${rows.length + 2} is not file,line,attack,episode`)
    }
    rows.push({ file: record.file, line, attack: record.attack, episode: record.episode })
  }
  return ok(rows)
}
