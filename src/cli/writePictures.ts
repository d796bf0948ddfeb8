/** `vigil scan --report FILE` and `--navigator FILE`: the HTML report and the ATT&CK Navigator layer of a scan. */
import { writeFile } from 'node:fs/promises'
import type { Engine } from '../engine/api/Engine'
import { buildNavigatorLayer, buildReport } from '../engine/export/report/buildReport'
import { aggregatesOf } from '../engine/store/aggregates'
import type { Incident } from '../shared/incident'
import type { ScanSummary } from '../shared/sources'

export interface PictureTargets {
  /** Absolute paths; undefined: not asked for. */
  report?: string
  navigator?: string
}

/** Writes what was asked for; the report counts the findings at LOW and above (the CSV's rows without --all). */
export async function writePictures(
  engine: Engine,
  targets: PictureTargets,
  ctx: { summary: ScanSummary; incidents: readonly Incident[]; options: Record<string, string> },
): Promise<void> {
  if (targets.report === undefined && targets.navigator === undefined) return
  const agg = aggregatesOf(engine.store)
  if (targets.report !== undefined) {
    const f = ctx.summary.findings
    const report = await buildReport(agg, {}, { ...ctx, findings: f.LOW + f.MEDIUM + f.HIGH + f.CRITICAL, generatedAt: Date.now() })
    await writeFile(targets.report, report.html, 'utf8')
  }
  if (targets.navigator !== undefined) await writeFile(targets.navigator, buildNavigatorLayer(agg, {}, ctx.summary.roots).json, 'utf8')
}

/** The scan's options as the report lists them. */
export function reportOptions(paths: readonly string[], options: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = { paths: paths.join(' ') }
  for (const [k, v] of Object.entries(options)) if (v !== undefined && k !== 'report' && k !== 'navigator') out[`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`] = Array.isArray(v) ? v.join(',') : String(v)
  return out
}
