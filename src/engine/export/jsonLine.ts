/** A finding as one JSON object with the anomalies.csv fields (for `vigil watch --jsonl`). */
import type { Finding } from '../../shared/finding'
import { isoTimestamp } from './csvColumns'

export function findingRecord(f: Finding): Record<string, unknown> {
  return {
    timestamp: isoTimestamp(f.ts),
    host: f.host,
    source_file: f.source_file,
    source_line: f.source_line,
    event: f.event,
    outcome: f.outcome,
    user: f.user,
    target_user: f.target_user,
    src_ip: f.src_ip,
    score: Math.round(f.score * 10_000) / 10_000,
    severity: f.severity,
    threat_type: f.threat_type,
    mitre_techniques: f.mitre_techniques,
    mitre_tactics: f.mitre_tactics,
    reasons: f.reasons,
    status: f.status,
    note: f.note,
    raw: f.raw,
    detector_scores: f.detector_scores,
    sigma_rules: f.sigma_rules ?? [],
    src_port: f.src_port,
    program: f.program,
    pid: f.pid,
    auth_method: f.auth_method,
    command: f.command,
    bytes: f.bytes,
    country: f.country,
    attack_version: f.attack_version,
    id: f.id,
    // The incident the finding belongs to (the report's incidents[].episode).
    episode: f.episode,
  }
}
