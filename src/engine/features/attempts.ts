/**
 * Failed attempts, counted as the log's reader counts them. sshd and PAM tell one attempt
 * several times: "Failed password for root", its `pam_unix(sshd:auth): authentication failure`
 * echo, the connection's closing "PAM 5 more authentication failures" summary and "Disconnecting:
 * Too many authentication failures". Counting every line made 259 tries read as 365.
 *
 * A connection is one host + program + pid (a pid seen again after a long gap, or naming another
 * address, is a new connection: pids are reused). Within a connection each voice tells the same
 * attempts: sshd's "Failed ..." lines, its "Invalid user" lines, its "input_userauth_request:
 * invalid user" lines, PAM's failure lines (a "PAM n more" line stands for n), PAM's unknown-user
 * lines, a give-up line (worth one at most) — a voice is a message's first two words. The
 * connection made as many attempts as its most talkative voice, whose lines carry them (weight =
 * their repeat count); the others weigh 0. Lines without a pid are their own connection. su and
 * sudo processes are connections too ("FAILED SU" and its pam_unix line are one try).
 */
import { K, OUTCOME_FAILURE, type EventTable } from './eventTable'

/** A pid silent this long, then heard again, is a new connection (sshd's LoginGraceTime is 2 min). */
const CONNECTION_GAP_MS = 10 * 60_000

// PAM's failure line and its "PAM n more" summary are one voice; any other message is its own voice,
// named by its first two words ("failed password", "invalid user", "input_userauth_request: invalid").
const PAM_FAILURE = /^pam_\w+\([^)]*\): authentication failure|^PAM \d+ more authentication failure/
const PAM_MORE = /^PAM (\d+) more authentication failure/

interface Connection {
  ip: number
  lastTs: number
  rows: number[]
}

/** For each row (time order), the failed attempts it stands for; 0 for anything but a failure. */
export function failedAttempts(t: EventTable): Float64Array {
  const out = new Float64Array(t.n)
  const open = new Map<string, Connection>()
  for (let r = 0; r < t.n; r++) {
    if (!isFailedAttempt(t, r)) continue
    const pid = t.pid[r]
    if (Number.isNaN(pid) || t.host[r] < 0) {
      out[r] = t.count[r]
      continue
    }
    const key = `${t.host[r]}\u0000${t.program[r]}\u0000${pid}`
    const c = open.get(key)
    const sameConnection = c !== undefined && t.ts[r] - c.lastTs <= CONNECTION_GAP_MS && (c.ip < 0 || t.ip[r] < 0 || c.ip === t.ip[r])
    if (sameConnection) {
      c.rows.push(r)
      c.lastTs = t.ts[r]
      if (c.ip < 0) c.ip = t.ip[r]
      continue
    }
    if (c !== undefined) settle(t, c.rows, out)
    open.set(key, { ip: t.ip[r], lastTs: t.ts[r], rows: [r] })
  }
  for (const c of open.values()) settle(t, c.rows, out)
  return out
}

function settle(t: EventTable, rows: number[], out: Float64Array): void {
  if (rows.length === 1) {
    out[rows[0]] = t.count[rows[0]]
    return
  }
  const totals = new Map<string, number>()
  const voices: string[] = []
  const weights = new Float64Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]
    // Read from the line when it was stored (EventColumns): a scan does not hold raw lines.
    const voice = t.voices.values[t.voice[r]]
    const more = t.pamMore[r]
    voices.push(voice)
    weights[i] = !Number.isNaN(more) ? more * t.count[r] : t.count[r]
    // A give-up line ("Too many authentication failures", "ignoring max retries") tells of
    // attempts, it is not one: at most one, for a connection that said nothing else.
    const cap = t.kind[r] === K.max_auth_exceeded ? 1 : Infinity
    totals.set(voice, Math.min(cap, (totals.get(voice) ?? 0) + weights[i]))
  }
  let loudest = ''
  let most = -1
  // A tie goes to sshd's own "Failed" lines (one per try, each at its time: the densest-window
  // counts stay true), else to the voice heard first (Map order).
  for (const [voice, total] of totals) {
    if (total > most || (total === most && voice === 'failed')) {
      most = total
      loudest = voice
    }
  }
  let left = most
  for (let i = 0; i < rows.length && left > 0; i++) {
    if (voices[i] !== loudest) continue
    out[rows[i]] = Math.min(weights[i], left)
    left -= out[rows[i]]
  }
}

/**
 * The voice of a failure line (see `settle`) and, for PAM's "PAM n more" summary, its n (else
 * NaN): taken when the line is stored, so counting attempts needs no raw text.
 */
export function failureVoiceOf(raw: string): { voice: string; more: number } {
  const msg = messageOf(raw)
  const pam = PAM_FAILURE.test(msg)
  const more = pam ? PAM_MORE.exec(msg) : null
  return { voice: pam ? 'pam failure' : voiceOf(msg), more: more === null ? NaN : Number(more[1]) }
}

/** The message of a syslog line (after `prog[pid]: `) or of a JSON record's message field. */
function messageOf(raw: string): string {
  if (raw.charCodeAt(0) === 123 /* { */) {
    const m = /"(?:message|MESSAGE)"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(raw)
    return m === null ? raw : m[1].trimStart()
  }
  const at = raw.indexOf(']: ')
  if (at >= 0) return raw.slice(at + 3)
  const colon = raw.indexOf(': ')
  return colon >= 0 ? raw.slice(colon + 2) : raw
}

function voiceOf(msg: string): string {
  const inner = REPEATED.exec(msg)
  const text = inner === null ? msg : msg.slice(inner[0].length)
  // "Failed none", "Failed password", "Failed publickey": sshd's own word for each try, one voice.
  if (text.startsWith('Failed ')) return 'failed'
  return text.split(' ', 2).join(' ').toLowerCase().replace(/\d+/g, '#')
}

const REPEATED = /^message repeated \d+ times: \[\s*/

/** Failed logins, and failed su / sudo (su's "FAILED SU" and its pam_unix line are one try too). */
function isFailedAttempt(t: EventTable, r: number): boolean {
  return isFailedAttemptKind(t.kind[r], t.outcome[r])
}

/** `isFailedAttempt` from an event's kind and outcome codes (EventColumns asks it before there is a table). */
export function isFailedAttemptKind(k: number, outcome: number): boolean {
  if (k === K.auth_failure || k === K.invalid_user || k === K.max_auth_exceeded || k === K.su_failure) return true
  return (k === K.su || k === K.sudo) && outcome === OUTCOME_FAILURE
}
