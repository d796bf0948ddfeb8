/** The `--json` report: the scan summary, the incidents and every exported finding, as plain JSON. */
import { writeFile } from 'node:fs/promises'
import type { Finding } from '../../shared/finding'
import type { Incident } from '../../shared/incident'
import type { ScanSummary } from '../../shared/sources'
import { isoTimestamp } from './csvColumns'

export interface JsonReport {
  generator: string
  attackVersion: string
  summary: ScanSummary
  /** The findings grouped by detected episode (shared/incident.ts), strongest first. */
  incidents: (Incident & { first_seen: string; last_seen: string })[]
  findings: (Finding & { timestamp: string })[]
}

export function buildJsonReport(
  summary: ScanSummary,
  findings: Iterable<Finding>,
  meta: { version: string; attackVersion: string },
  incidents: readonly Incident[] = [],
): JsonReport {
  return {
    generator: `vigil ${meta.version}`,
    attackVersion: meta.attackVersion,
    summary,
    incidents: incidents.map((i) => ({ first_seen: isoTimestamp(i.first_ts), last_seen: isoTimestamp(i.last_ts), ...i })),
    findings: Array.from(findings, (f) => ({ timestamp: isoTimestamp(f.ts), ...f })),
  }
}

export async function writeJsonReport(path: string, report: JsonReport): Promise<void> {
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, 'utf8')
}
