/** Parsers for option values: a bad value is a usage error (exit 2) with a one-line reason. */
import { InvalidArgumentError } from 'commander'
import { DEFAULT_RULE_THRESHOLDS, type RuleThresholds } from '../engine/detect/rules/thresholds'
import { DETECTORS, SEVERITIES, type DetectorName, type Severity } from '../shared/finding'

/** A parser of an integer from `lo` to `hi` (`_` and `,` allowed as digit separators: 10_000_000). */
export function wholeNumber(lo: number, hi: number): (value: string) => number {
  return (value) => {
    const n = Number(value.replace(/[_,]/g, ''))
    if (!Number.isInteger(n) || n < lo || n > hi) throw new InvalidArgumentError(`an integer from ${lo} to ${hi}`)
    return n
  }
}

export function parseSeed(value: string): number {
  const n = Number(value)
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected an integer.')
  return n
}

export function parseBaselineDays(value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of days >= 0.')
  return n
}

export function parseContamination(value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 0.5) throw new InvalidArgumentError('expected a fraction in (0, 0.5].')
  return n
}

export function parseDetectors(value: string): DetectorName[] {
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '')
  const bad = names.filter((n) => !(DETECTORS as readonly string[]).includes(n))
  if (names.length === 0 || bad.length > 0) {
    throw new InvalidArgumentError(`expected a comma-separated list of ${DETECTORS.join(', ')}.`)
  }
  return [...new Set(names)] as DetectorName[]
}

export const FORMATS = ['auto', 'auth', 'json', 'csv'] as const
export type FormatOption = (typeof FORMATS)[number]

export function parseFormat(value: string): FormatOption {
  if (!(FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}.`)
  return value as FormatOption
}

export function parseSeverity(value: string): Severity {
  const v = value.toUpperCase()
  if (!(SEVERITIES as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}.`)
  return v as Severity
}

export function parsePort(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || n > 65_535) throw new InvalidArgumentError('expected a port number 0-65535.')
  return n
}

export function parseEpochs(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 1000) throw new InvalidArgumentError('expected a whole number of epochs, 1 to 1000.')
  return n
}

export function parseBatchSize(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 1_000_000) throw new InvalidArgumentError('expected a whole number of rows, 1 to 1000000.')
  return n
}

/** The names `--rule-threshold` accepts: the keys of RuleThresholds. */
export const RULE_THRESHOLD_NAMES = Object.keys(DEFAULT_RULE_THRESHOLDS) as (keyof RuleThresholds)[]

/** `NAME=VALUE`, repeatable: each occurrence adds to the overrides gathered so far. */
export function parseRuleThreshold(value: string, previous: Partial<RuleThresholds> | undefined): Partial<RuleThresholds> {
  const eq = value.indexOf('=')
  const name = eq < 0 ? value.trim() : value.slice(0, eq).trim()
  const raw = eq < 0 ? '' : value.slice(eq + 1).trim()
  const valid = `expected NAME=VALUE, VALUE a positive number, NAME one of ${RULE_THRESHOLD_NAMES.join(', ')}`
  if (!(RULE_THRESHOLD_NAMES as string[]).includes(name)) throw new InvalidArgumentError(`unknown rule threshold ${JSON.stringify(name)}; ${valid}.`)
  const n = Number(raw)
  if (raw === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} needs a positive number; ${valid}.`)
  return { ...previous, [name]: n }
}

/** An IANA time zone this runtime knows (Intl), in its canonical spelling (`utc` → `UTC`). */
export function parseTimeZone(value: string): string {
  const zone = value.trim()
  try {
    if (zone === '') throw new RangeError('empty')
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone
  } catch {
    throw new InvalidArgumentError('expected an IANA time zone such as UTC, Europe/Berlin or America/New_York.')
  }
}

export function parseGzipRatio(value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 2 || n > 100_000) throw new InvalidArgumentError('expected a ratio from 2 to 100000 (inflated bytes per compressed byte).')
  return n
}

export const BOMB_POLICIES = ['skip', 'cap'] as const

export function parseBombPolicy(value: string): (typeof BOMB_POLICIES)[number] {
  if (!(BOMB_POLICIES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${BOMB_POLICIES.join(', ')}.`)
  return value as (typeof BOMB_POLICIES)[number]
}
