/**
 * The flags every command that trains the engine shares (scan, watch, serve, eval) — autoencoder
 * training, rule thresholds, the zone of zone-less timestamps — and the engine options they become.
 */
import type { Command } from 'commander'
import type { EngineAnalyzeOptions } from '../engine/api/Engine'
import { DEFAULT_ANALYZE_OPTIONS } from '../engine/detect/analyze'
import type { ParseOptions } from '../engine/parse/parseFile'
import type { RuleThresholds } from '../engine/detect/rules/thresholds'
import { DEFAULT_GZIP_LIMITS } from '../engine/ingest/gzipBomb'
import { parseBatchSize, parseBombPolicy, parseEpochs, parseGzipRatio, parseRuleThreshold, parseTimeZone } from './options'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { err, ok, type Result } from '../shared/result'
import { SigmaLibrary } from '../engine/sigma/SigmaLibrary'
import type { CliIO } from './io'

export interface EngineCliOptions {
  autoencoderEpochs?: number
  batchSize?: number
  /** Every `--rule-threshold NAME=VALUE`, gathered. */
  ruleThreshold?: Partial<RuleThresholds>
  timezone?: string
  maxGzipRatio?: number
  onBomb?: 'skip' | 'cap'
  /** Every `--sigma PATH`, gathered (files or folders of Sigma rules). */
  sigma?: string[]
}

/** Adds the shared flags to a command; `zoneDefault` says what a missing --timezone means there. */
export function addEngineOptions(command: Command, zoneDefault = "this machine's"): Command {
  return command
    .option('--autoencoder-epochs <n>', `autoencoder training passes over the baseline (default ${DEFAULT_ANALYZE_OPTIONS.autoencoderEpochs})`, parseEpochs)
    .option('--batch-size <n>', `autoencoder training batch size (default ${DEFAULT_ANALYZE_OPTIONS.batchSize})`, parseBatchSize)
    .option('--rule-threshold <name=value>', 'override a rule threshold, e.g. bruteFailures=20 (repeatable)', parseRuleThreshold)
    .option('--timezone <zone>', `IANA zone of timestamps that carry none (default: ${zoneDefault})`, parseTimeZone)
    .option('--max-gzip-ratio <n>', `a .gz inflating past N bytes per compressed byte is a decompression bomb (default ${DEFAULT_GZIP_LIMITS.maxRatio})`, parseGzipRatio)
    .option('--on-bomb <skip|cap>', `a bomb is skipped, or read up to the cap (N × its compressed size) (default ${DEFAULT_GZIP_LIMITS.onBomb})`, parseBombPolicy)
    .option('--sigma <path>', 'Sigma rules: a .yml file or a folder of them (repeatable)', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
}

/**
 * The rules of every `--sigma PATH` (resolved against `cwd`), loaded once: null without any; a
 * path that does not exist is an error (exit 2). Skipped rules are counted on stderr, with where
 * to read why.
 */
export async function sigmaLibraryOf(o: EngineCliOptions, io: CliIO): Promise<Result<SigmaLibrary | null, string>> {
  if (!o.sigma?.length) return ok(null)
  const paths = o.sigma.map((p) => resolve(io.cwd, p))
  for (const [i, p] of paths.entries()) {
    try {
      await stat(p)
    } catch {
      return err(`--sigma ${o.sigma[i]}: no such file or folder`)
    }
  }
  const library = new SigmaLibrary(paths)
  await library.reload()
  if (library.problems.length > 0) return err(library.problems[0])
  const skipped = library.entries.filter((e) => e.status === 'skipped').length
  const loaded = library.entries.length - skipped
  if (loaded === 0) return err(`--sigma ${o.sigma.join(' ')}: no Sigma rule could be loaded (${skipped} skipped; vigil sigma check PATH says why)`)
  if (skipped > 0) io.err(`vigil: ${loaded} Sigma rules loaded, ${skipped} skipped (vigil sigma check ${o.sigma.join(' ')} says why)\n`)
  return ok(library)
}

/** The analysis options the shared flags set (only those given). */
export function analyzeOptionsOf(o: EngineCliOptions): EngineAnalyzeOptions {
  return {
    ...(o.autoencoderEpochs !== undefined && { autoencoderEpochs: o.autoencoderEpochs }),
    ...(o.batchSize !== undefined && { batchSize: o.batchSize }),
    ...(o.ruleThreshold !== undefined && { thresholds: { ...o.ruleThreshold } }),
  }
}

/** The parse options the shared flags set (only those given). */
export function parseOptionsOf(o: EngineCliOptions): ParseOptions {
  const gzip = {
    ...(o.maxGzipRatio !== undefined && { maxRatio: o.maxGzipRatio }),
    ...(o.onBomb !== undefined && { onBomb: o.onBomb }),
  }
  return {
    ...(o.timezone !== undefined && { timeZone: o.timezone }),
    ...(Object.keys(gzip).length > 0 && { gzip }),
  }
}
