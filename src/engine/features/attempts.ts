/**
 * Failed attempts, counted as the log's reader counts them. sshd and PAM tell one attempt
 * several times: "Failed password for root", its `pam_unix(sshd:auth): authentication failure`
 * echo, the connection's closing "PAM 5 more authentication failures" summary and "Disconnecting:
 * Too many authentication failures". Counting every line made 259 tries read as 365.
 *
 * A connection is one host + program + pid (a pid seen again after a long gap, or naming another
 * address, is a new connection: pids are reused). Within a connection each voice — sshd's failure
 * lines, sshd's "Invalid user" lines, PAM's failure lines (a "PAM n more" line stands for n), PAM's
 * unknown-user lines, the give-up summary — tells the same attempts; the connection made as many
 * attempts as its most talkative voice, and that voice's lines carry them (weight = their repeat
 * count), the others weigh 0. Lines without a pid are their own connection. su and sudo processes
 * are connections too ("FAILED SU" and its pam_unix line are one try).
 */
import { K, OUTCOME_FAILURE, type EventTable } from './eventTable'

/** A pid silent this long, then heard again, is a new connection (sshd's LoginGraceTime is 2 min). */
const CONNECTION_GAP_MS = 10 * 60_000

// Voices, in the order that wins a tie: sshd's own lines name the address and port.
const Voice = { SshdFailed: 0, SshdInvalid: 1, PamFailed: 2, PamInvalid: 3, Summary: 4 } as const
type Voice = (typeof Voice)[keyof typeof Voice]
const VOICES = 5

const PAM_LINE = /\bpam_\w+\(|\bPAM \d+ more authentication failure/
const PAM_MORE = /\bPAM (\d+) more authentication failure/

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
    const pid = t.events[t.order[r]].pid
    if (pid === null || t.host[r] < 0) {
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
  const totals = new Float64Array(VOICES)
  const voices = new Uint8Array(rows.length)
  const weights = new Float64Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]
    const v = voiceOf(t, r)
    const raw = t.events[t.order[r]].raw
    const more = v === Voice.PamFailed ? PAM_MORE.exec(raw) : null
    voices[i] = v
    weights[i] = v === Voice.Summary ? 1 : more !== null ? Number(more[1]) * t.count[r] : t.count[r]
    totals[v] += weights[i]
  }
  // The give-up summary is one more line about attempts already told, never more than one attempt.
  totals[Voice.Summary] = Math.min(1, totals[Voice.Summary])
  let loudest = 0
  for (let v = 1; v < VOICES; v++) if (totals[v] > totals[loudest]) loudest = v
  let summaryGiven = false
  for (let i = 0; i < rows.length; i++) {
    if (voices[i] !== loudest) continue
    if (loudest === Voice.Summary) {
      if (summaryGiven) continue
      summaryGiven = true
    }
    out[rows[i]] = weights[i]
  }
}

/** Failed logins, and failed su / sudo (su's "FAILED SU" and its pam_unix line are one try too). */
function isFailedAttempt(t: EventTable, r: number): boolean {
  const k = t.kind[r]
  if (k === K.auth_failure || k === K.invalid_user || k === K.max_auth_exceeded || k === K.su_failure) return true
  return (k === K.su || k === K.sudo) && t.outcome[r] === OUTCOME_FAILURE
}

function voiceOf(t: EventTable, r: number): Voice {
  const k = t.kind[r]
  if (k === K.max_auth_exceeded) return Voice.Summary
  const pam = PAM_LINE.test(t.events[t.order[r]].raw)
  if (k === K.invalid_user) return pam ? Voice.PamInvalid : Voice.SshdInvalid
  return pam ? Voice.PamFailed : Voice.SshdFailed
}
