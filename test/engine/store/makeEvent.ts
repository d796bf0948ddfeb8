import { emptyEvent, type NormalizedEvent } from '../../../src/shared/event'
import { severityOf, type EventScore } from '../../../src/shared/finding'

/** A normalized event for tests: a sshd failure on host `web1` unless overridden. */
export function makeEvent(over: Partial<NormalizedEvent> = {}): NormalizedEvent {
  const base = emptyEvent({
    ts: Date.UTC(2025, 2, 1, 12, 0, 0),
    host: 'web1',
    source_file: 'auth.log',
    source_line: 1,
    raw: 'Mar  1 12:00:00 web1 sshd[100]: Failed password for root from 10.0.0.1 port 5000 ssh2',
  })
  return { ...base, program: 'sshd', pid: 100, event: 'auth_failure', outcome: 'failure', user: 'root', src_ip: '10.0.0.1', ...over }
}

/** A score for tests; severity follows the shared bands. */
export function makeScore(score: number, over: Partial<EventScore> = {}): EventScore {
  return {
    score,
    severity: severityOf(score),
    threat_type: score >= 0.5 ? 'brute_force' : 'none',
    mitre_techniques: score >= 0.5 ? ['T1110.001'] : [],
    mitre_tactics: score >= 0.5 ? ['Credential Access'] : [],
    detector_scores: { iforest: 0.4, rules: score },
    reasons: score >= 0.5 ? ['5 failed passwords from 10.0.0.1 in 1 min'] : [],
    episode: score >= 0.5 ? 'brute_force:test-episode' : '',
    ...over,
  }
}

/** The state of a scanned auth.log for `Store.commitFile` in tests (source id filled in by the test). */
export const TEST_FILE = {
  sourceId: 0,
  relPath: 'auth.log',
  dev: 1,
  ino: 2,
  size: 0,
  mtimeMs: 0,
  offset: 0,
  compressed: false,
  format: 'auth' as const,
  lines: 0,
  events: 0,
  unparsed: 0,
  lastEventTs: null,
  status: 'scanned' as const,
  message: null,
  csvHeader: null,
}
