/** Parsers for option values: a bad value is a usage error (exit 2) with a one-line reason. */
import { InvalidArgumentError } from 'commander'
import { DETECTORS, SEVERITIES, type DetectorName, type Severity } from '../shared/finding'

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
