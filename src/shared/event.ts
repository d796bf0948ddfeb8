/**
 * The normalized event: every parser produces exactly this record (DESIGN.md, "Normalized event").
 * Field names are a contract relied on from outside the project: extend, never rename.
 */
import { z } from 'zod'

/**
 * The closed set of event kinds. `other` means "the parser did not understand this line": such
 * events are kept with their raw text and counted as unparsed, never dropped.
 */
export const EVENT_KINDS = [
  'auth_success',
  'auth_failure',
  'invalid_user',
  'session_open',
  'session_close',
  'disconnect',
  'preauth_close',
  'max_auth_exceeded',
  'connection_probe',
  'connection_refused',
  'sudo',
  'sudo_denied',
  'su',
  'su_failure',
  'user_add',
  'user_delete',
  'user_modify',
  'group_add',
  'group_delete',
  'group_modify',
  'password_change',
  'cron',
  'service',
  'file_access',
  'api_call',
  'network',
  'log_tamper',
  'other',
] as const
export type EventKind = (typeof EVENT_KINDS)[number]

export const OUTCOMES = ['success', 'failure', 'unknown'] as const
export type Outcome = (typeof OUTCOMES)[number]

export const normalizedEventSchema = z.object({
  /** Epoch milliseconds, UTC. */
  ts: z.number(),
  host: z.string(),
  /** Path relative to the opened root, with forward slashes. */
  source_file: z.string(),
  /** 1-based line in the decompressed file, or 1-based record index for a whole JSON document. */
  source_line: z.number().int().positive(),
  program: z.string().nullable(),
  pid: z.number().int().nullable(),
  event: z.enum(EVENT_KINDS),
  outcome: z.enum(OUTCOMES),
  /** Acting account: who logs in, runs sudo, opens the su session. */
  user: z.string().nullable(),
  /** Account acted on: sudo/su target, created or changed account. */
  target_user: z.string().nullable(),
  src_ip: z.string().nullable(),
  src_port: z.number().int().nullable(),
  auth_method: z.string().nullable(),
  command: z.string().nullable(),
  bytes: z.number().nullable(),
  country: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  /**
   * The original line or record, unchanged — except a giant one (over 64 Ki characters by
   * default), which keeps its start followed by ` …[truncated by Vigil: line was N characters]`.
   */
  raw: z.string(),
  /** How many occurrences this event stands for (syslog "message repeated N times"); 1 otherwise. */
  count: z.number().int().positive(),
  /**
   * SSH key type of a public-key (or host-based) login, as sshd names it: `RSA`, `ED25519`,
   * `ECDSA`, `ED25519-SK`, `RSA-CERT`, ... Optional (events built before it existed lack it);
   * parsers always set it, null when the line names no key.
   */
  key_type: z.string().nullable().optional(),
  /**
   * That key's fingerprint as logged, with its hash: `SHA256:base64...`, `MD5:hex:...` (old
   * OpenSSH's bare hex gets the `MD5:` prefix). Of a certificate: the certified key's, never the
   * CA's. Null when the line has none.
   */
  key_fingerprint: z.string().nullable().optional(),
})
export type NormalizedEvent = z.infer<typeof normalizedEventSchema>

/** An event with every optional field empty: parsers start from this and fill what they find. */
export function emptyEvent(
  base: Pick<NormalizedEvent, 'ts' | 'host' | 'source_file' | 'source_line' | 'raw'>,
): NormalizedEvent {
  return {
    ...base,
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
    count: 1,
    key_type: null,
    key_fingerprint: null,
  }
}
