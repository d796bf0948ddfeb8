/** The scan summary: store aggregates plus what this session saw (roots, problems, timing). */
import type { ScanSummary, FileProblem } from '../../shared/sources'
import type { StoreStats } from '../store/Store'

export interface SessionFacts {
  roots: string[]
  problems: FileProblem[]
  durationMs: number
  backend: string | null
}

export function buildSummary(stats: StoreStats, session: SessionFacts): ScanSummary {
  return {
    roots: [...session.roots],
    files: stats.files,
    hosts: stats.hosts,
    events: stats.events,
    unparsed: stats.unparsed,
    findings: { ...stats.findings },
    threats: { ...stats.threats },
    topUsers: stats.topUsers.map(([k, n]) => [k, n] as [string, number]),
    topSourceIps: stats.topSourceIps.map(([k, n]) => [k, n] as [string, number]),
    problems: session.problems.map((p) => ({ ...p })),
    durationMs: session.durationMs,
    backend: session.backend,
  }
}
