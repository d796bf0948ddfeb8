/** The anomalies.csv columns (DESIGN.md) and how a finding becomes a row of cells. */
import type { Finding } from '../../shared/finding'
import { DETECTORS } from '../../shared/finding'
import { neutraliseCell } from './neutralise'
import { tagsText } from '../../shared/tags'

/** The contract's columns, in this exact order. */
export const CSV_COLUMNS = [
  'timestamp',
  'host',
  'source_file',
  'source_line',
  'event',
  'outcome',
  'user',
  'target_user',
  'src_ip',
  'score',
  'severity',
  'threat_type',
  'mitre_techniques',
  'mitre_tactics',
  'reasons',
  'status',
  'note',
  'raw',
] as const

/**
 * Further columns after the contract's (DESIGN.md, "Extra CSV columns"): each detector's score,
 * the Sigma rules that reported on the event (ids, space-separated), then the remaining event
 * fields (new ones are appended at the end).
 */
export const EXTRA_COLUMNS = [
  ...DETECTORS.map((d) => `${d}_score` as const),
  'sigma_rules',
  'tags',
  'src_port',
  'program',
  'pid',
  'auth_method',
  'command',
  'bytes',
  'country',
  'attack_version',
  'key_type',
  'key_fingerprint',
] as const

export const ALL_CSV_COLUMNS: readonly string[] = [...CSV_COLUMNS, ...EXTRA_COLUMNS]

/** Lists inside one cell are joined with this. */
export const LIST_SEPARATOR = '; '

export type Cell = string | number

/** ISO 8601 UTC, or empty for a timestamp that is not a real instant. */
export function isoTimestamp(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : ''
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000
const text = (s: string | null): string => (s === null ? '' : neutraliseCell(s))
const num = (n: number | null): Cell => (n === null || !Number.isFinite(n) ? '' : n)
const list = (xs: readonly string[]): string => neutraliseCell(xs.join(LIST_SEPARATOR))

/** The cells of one finding, in `ALL_CSV_COLUMNS` order; every string cell is neutralised. */
export function findingCells(f: Finding): Cell[] {
  return [
    text(isoTimestamp(f.ts)),
    text(f.host),
    text(f.source_file),
    num(f.source_line),
    text(f.event),
    text(f.outcome),
    text(f.user),
    text(f.target_user),
    text(f.src_ip),
    num(round4(f.score)),
    text(f.severity),
    text(f.threat_type),
    list(f.mitre_techniques),
    list(f.mitre_tactics),
    list(f.reasons),
    text(f.status),
    text(f.note),
    text(f.raw),
    ...DETECTORS.map((d) => {
      const s = f.detector_scores[d]
      return s === undefined ? '' : num(round4(s))
    }),
    neutraliseCell((f.sigma_rules ?? []).join(' ')),
    neutraliseCell(tagsText(f.tags, f.color)),
    num(f.src_port),
    text(f.program),
    num(f.pid),
    text(f.auth_method),
    text(f.command),
    num(f.bytes),
    text(f.country),
    text(f.attack_version),
    text(f.key_type ?? null),
    text(f.key_fingerprint ?? null),
  ]
}
