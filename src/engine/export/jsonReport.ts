/** The `--json` report: the scan summary and every exported finding, as plain JSON. */
import { writeFile } from 'node:fs/promises'
import type { Finding } from '../../shared/finding'
import type { ScanSummary } from '../../shared/sources'
import { isoTimestamp } from './csvColumns'

export interface JsonReport {
  generator: string
  attackVersion: string
  summary: ScanSummary
  findings: (Finding & { timestamp: string })[]
}

export function buildJsonReport(
  summary: ScanSummary,
  findings: Iterable<Finding>,
  meta: { version: string; attackVersion: string },
): JsonReport {
  return {
    generator: `vigil ${meta.version}`,
    attackVersion: meta.attackVersion,
    summary,
    findings: Array.from(findings, (f) => ({ timestamp: isoTimestamp(f.ts), ...f })),
  }
}

export async function writeJsonReport(path: string, report: JsonReport): Promise<void> {
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, 'utf8')
}
