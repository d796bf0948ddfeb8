import type { NormalizedEvent } from '../../shared/event'

/**
 * A fresh event with every optional field empty. Written as one object literal (rather than
 * `emptyEvent`'s spread) so every event shares one hidden class: the parsers' hot path.
 */
export function newEvent(
  ts: number,
  host: string,
  sourceFile: string,
  sourceLine: number,
  raw: string,
): NormalizedEvent {
  return {
    ts,
    host,
    source_file: sourceFile,
    source_line: sourceLine,
    program: null,
    pid: null,
    event: 'other',
    outcome: 'unknown',
    user: null,
    target_user: null,
    src_ip: null,
    src_port: null,
    auth_method: null,
    command: null,
    bytes: null,
    country: null,
    lat: null,
    lon: null,
    raw,
    count: 1,
    key_type: null,
    key_fingerprint: null,
  }
}
