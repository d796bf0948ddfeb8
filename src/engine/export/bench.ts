/** CSV export figures for `vigil bench`. */
import type { Finding } from '../../shared/finding'
import { severityOf } from '../../shared/finding'
import { benchEvents } from '../store/bench'
import { findingsToCsv } from './csvWriter'

export interface ExportBench {
  rows: number
  ms: number
  rowsPerSec: number
  mb: number
}

export function benchExport(n = 100_000): ExportBench {
  const findings: Finding[] = benchEvents(n).map(({ event }, i) => {
    const score = 0.5 + ((i * 7919) % 500) / 1000
    return {
      ...event,
      id: i + 1,
      score,
      severity: severityOf(score),
      threat_type: 'brute_force',
      mitre_techniques: ['T1110.001'],
      mitre_tactics: ['Credential Access'],
      detector_scores: { iforest: score, rules: 0.9 },
      reasons: [`${(i % 400) + 5} failed passwords from ${event.src_ip} in 6 min`],
      status: 'new',
      note: '',
      attack_version: '18.1',
      episode: `brute_force:${i % 400}`,
    }
  })
  const t0 = performance.now()
  const { csv } = findingsToCsv(findings)
  const ms = performance.now() - t0
  return { rows: n, ms, rowsPerSec: n / (ms / 1000), mb: Buffer.byteLength(csv) / 1e6 }
}
