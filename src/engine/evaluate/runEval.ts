/**
 * `vigil eval DIR`: scans a generated folder with the engine (discover, parse, analyze), once with
 * every detector and once with the isolation forest alone (the seed-style baseline), and scores
 * both against the folder's labels.
 */
import { discoverFiles } from '../ingest/discoverFiles'
import { countryOnly, createGeoLookup, enrichGeoWith } from '../enrich/geoip'
import { parseFile } from '../parse/parseFile'
import { analyze, type AnalyzeOptions } from '../detect/analyze'
import type { NormalizedEvent } from '../../shared/event'
import type { EventScore } from '../../shared/finding'
import { type Result, err, ok } from '../../shared/result'
import { ATTACK_KINDS } from '../generate/attackKinds'
import { type EvalReport, evaluate } from './evaluate'
import { LABEL_FILE_NAMES, findLabelsFile, readLabels } from './readLabels'

/** The seed pipeline flagged the top 1 % of its isolation-forest scores. */
export const BASELINE_TOP_FRACTION = 0.01

export interface EvalRunOptions {
  seed: number
  /** Further options of the full run (autoencoder training, rule thresholds); not of the baseline row. */
  analyze?: Partial<Omit<AnalyzeOptions, 'seed' | 'onProgress'>>
  /** Zone of zone-less timestamps; default UTC, the zone `vigil generate` writes in. */
  timeZone?: string
  /** Also run the isolation-forest-only baseline (default true). */
  baseline?: boolean
  /** Phase names as they start (`parse`, `analyze`, `baseline`, `evaluate`). */
  onPhase?: (phase: string) => void
}

export interface EvalRun {
  dir: string
  files: number
  events: number
  unparsed: number
  /** Every detector. */
  full: EvalReport
  /** Isolation forest alone, flagging its top 1 % as the seed did; null when not asked for. */
  baseline: EvalReport | null
  backend: string | null
  timings: { parseMs: number; analyzeMs: number; baselineMs: number }
}

export async function runEval(dir: string, options: EvalRunOptions): Promise<Result<EvalRun, string>> {
  const labelsPath = await findLabelsFile(dir)
  if (labelsPath === null) return err(`${dir}: no labels.csv here (make a labeled folder with \`vigil generate --out DIR\`)`)
  const labels = await readLabels(labelsPath)
  if (!labels.ok) return labels
  options.onPhase?.('parse')
  let t0 = performance.now()
  const { files, problems } = await discoverFiles(dir)
  if (files.length === 0 && problems.length > 0) return err(problems[0].message)
  const logs = files.filter((f) => !(LABEL_FILE_NAMES as readonly string[]).includes(f.relPath))
  const events: NormalizedEvent[] = []
  let unparsed = 0
  for (const file of logs) {
    // Generated logs are written in UTC; RFC 3164 lines carry no zone.
    const parsed = await parseFile(file, { timeZone: options.timeZone ?? 'UTC' })
    for (const e of parsed.events) events.push(e)
    unparsed += parsed.unparsed
  }
  // As a scan does: events without geo get their country from the offline GeoIP database.
  const geo = await createGeoLookup()
  if (geo.ok) enrichGeoWith(events, countryOnly(geo.value.lookup))
  const parseMs = performance.now() - t0
  options.onPhase?.('analyze')
  t0 = performance.now()
  const full = await analyze(events, { ...options.analyze, seed: options.seed })
  const analyzeMs = performance.now() - t0
  t0 = performance.now()
  let base: Awaited<ReturnType<typeof analyze>> | null = null
  if (options.baseline !== false) {
    options.onPhase?.('baseline')
    base = await analyze(events, { seed: options.seed, detectors: ['iforest'] })
  }
  const baselineMs = performance.now() - t0
  options.onPhase?.('evaluate')
  return ok({
    dir,
    files: logs.length,
    events: events.length,
    unparsed,
    full: evaluate(labels.value, scoredLines(events, full.scores), ATTACK_KINDS),
    baseline: base ? evaluate(labels.value, scoredLines(events, base.scores), ATTACK_KINDS, { flagTopFraction: BASELINE_TOP_FRACTION }) : null,
    backend: full.backend,
    timings: { parseMs, analyzeMs, baselineMs },
  })
}

function scoredLines(events: readonly NormalizedEvent[], scores: readonly EventScore[]) {
  return events.map((e, i) => ({
    source_file: e.source_file,
    source_line: e.source_line,
    score: scores[i].score,
    severity: scores[i].severity,
    threat_type: scores[i].threat_type,
  }))
}
