import type { EventKind, NormalizedEvent, Outcome } from '../../../shared/event'
import { newEvent } from '../newEvent'
import { parseAnyMessage } from '../syslog/anyMessage'
import { programName } from '../syslog/dispatch'
import { asIp } from '../syslog/fields'
import type { ZoneConverter } from '../time/zone'
import { journaldToEvent, isJournaldRecord } from './journald'
import { toOutcome } from './outcome'
import { isTyped, outcomeFromTypes, recordKind } from './recordKind'
import { isRecord, RecordFields, type JsonRecord } from './RecordFields'
import type { RecordQuality } from './recordQuality'
import { toEpochMs } from './timestamp'

/** What a record mapper needs to know about where records come from. */
export interface RecordContext {
  relPath: string
  hostHint: string
  zone: ZoneConverter
  /** Time for a record without one: the previous record's (updated by the mapper). */
  lastTs: number
  /** Set by the mapper once a record carried a readable time (a log, not a data file). */
  timed?: boolean
  /** Counts records with no usable time and out-of-range values (reported per file). */
  quality?: RecordQuality
}

const FAILURE_KINDS: ReadonlySet<EventKind> = new Set(['auth_failure', 'invalid_user', 'sudo_denied', 'su_failure', 'max_auth_exceeded', 'connection_refused'])
const SUCCESS_KINDS: ReadonlySet<EventKind> = new Set(['auth_success', 'sudo', 'su', 'session_open'])

function nameOf(v: unknown): string | null {
  if (typeof v === 'string') return v.length > 0 ? v : null
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  if (isRecord(v)) {
    for (const k of ['name', 'username', 'userName', 'id', 'alternateId', 'displayName']) {
      const inner = v[k]
      // ECS `user.id` is a uid ("0", "1000": of the process that logged the line, in journald
      // records), never an account name; an identity provider's id ("00u1abcd") can stand in.
      if (k === 'id' && typeof inner === 'string' && NUMERIC.test(inner)) continue
      if (typeof inner === 'string' && inner.length > 0) return inner
    }
  }
  return null
}

/** A journald entry shipped as an ECS document: `input.type: journald`, or the `journald` object. */
function isJournaldDocument(r: JsonRecord): boolean {
  const input = r.input
  return isRecord(r.journald) || r['input.type'] === 'journald' || (isRecord(input) && input.type === 'journald')
}

const NUMERIC = /^\d+$/
/** Aliases that hold numeric ids when they hold numbers (`uid`, `user.id`): never a name then. */
const ID_ALIASES: ReadonlySet<string> = new Set(['uid'])

/** The best account name of `category`: the first alias that names one (a numeric uid does not). */
function accountOf(view: RecordFields, category: 'user' | 'targetUser'): string | null {
  for (let i = 0; i < view.count(category); i++) {
    const name = nameOf(view.nth(category, i))
    if (name === null) continue
    if (NUMERIC.test(name) && ID_ALIASES.has(view.nthAlias(category, i) ?? '')) continue
    return name
  }
  return null
}

function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string' && v.trim().length > 0) {
    const n = Number(v)
    return Number.isFinite(n) ? n : null
  }
  return null
}

function ipOf(v: unknown): { ip: string | null; port: number | null } {
  if (typeof v !== 'string') return { ip: null, port: null }
  const s = v.trim()
  const direct = asIp(s)
  if (direct !== null) return { ip: direct, port: null }
  // "1.2.3.4:5678" and "[2001:db8::1]:22"
  const m = /^\[?([0-9A-Fa-f:.]+?)\]?:(\d{1,5})$/.exec(s)
  if (m !== null && asIp(m[1]) !== null) return { ip: asIp(m[1]), port: Number(m[2]) }
  return { ip: null, port: null }
}

function recordOutcome(view: RecordFields): Outcome {
  // count/nth, not `all`: no array per record.
  for (let i = 0; i < view.count('outcome'); i++) {
    const o = toOutcome(view.nth('outcome', i))
    if (o !== null) return o
  }
  if (view.get('errorCode') !== undefined) return 'failure'
  return 'unknown'
}

/**
 * One JSON record (or CSV row as a record) → a normalized event. Total: anything that is not an
 * object becomes an 'other' event with its raw text.
 */
export function recordToEvent(record: unknown, raw: string, sourceLine: number, ctx: RecordContext): NormalizedEvent {
  if (!isRecord(record)) return newEvent(ctx.lastTs, ctx.hostHint, ctx.relPath, sourceLine, raw)
  if (isJournaldRecord(record)) {
    const ev = journaldToEvent(record, raw, sourceLine, ctx)
    ctx.lastTs = ev.ts
    ctx.timed = true
    return ev
  }
  const view = new RecordFields(record)
  const own = toEpochMs(view.get('ts'), ctx.zone)
  if (own !== null) ctx.timed = true
  else ctx.quality?.noteUntimed()
  const ts = own ?? ctx.lastTs
  ctx.lastTs = ts
  const ev = newEvent(ts, nameOf(view.get('host')) ?? ctx.hostHint, ctx.relPath, sourceLine, raw)
  ev.user = accountOf(view, 'user')
  ev.target_user = accountOf(view, 'targetUser')
  const { ip, port } = ipOf(view.getString('srcIp'))
  ev.src_ip = ip
  ev.src_port = numberOf(view.get('srcPort')) ?? port
  const program = view.getString('program')
  if (program !== undefined) ev.program = programName(program)
  ev.pid = numberOf(view.get('pid'))
  if (ev.pid !== null && !Number.isSafeInteger(ev.pid)) ev.pid = null
  // In a journald document (Filebeat / Elastic Agent) `process.command_line` is the command line of
  // the process that wrote the line ("sshd: root [priv]"), not a command the event is about.
  const command = isJournaldDocument(record) ? undefined : view.get('command')
  ev.command = typeof command === 'string' ? command : Array.isArray(command) ? command.join(' ') : null
  ev.auth_method = view.getString('authMethod') ?? null
  ev.key_type = view.getString('keyType') ?? null
  ev.key_fingerprint = view.getString('keyFingerprint') ?? null
  ev.bytes = numberOf(view.get('bytes'))
  ev.country = view.getString('country') ?? null
  ev.lat = numberOf(view.get('lat'))
  ev.lon = numberOf(view.get('lon'))

  let outcome = recordOutcome(view)
  const typed = isTyped(view)
  if (outcome === 'unknown' && typed) outcome = outcomeFromTypes(view) ?? 'unknown'
  let kind: EventKind | null = typed ? recordKind(view, outcome) : null

  const message = view.getString('message')
  if (kind === null && message !== undefined) {
    const fromMsg = newEvent(ts, ev.host, ctx.relPath, sourceLine, raw)
    fromMsg.program = ev.program
    if (parseAnyMessage(program ?? null, message, fromMsg, ctx.zone)) {
      kind = fromMsg.event
      if (outcome === 'unknown') outcome = fromMsg.outcome
      ev.program ??= fromMsg.program
      ev.pid ??= fromMsg.pid
      // What the message says wins over the record's fields: in Filebeat / Elastic Agent journald
      // documents `user.id` and `process.command_line` describe the process that wrote the line
      // (sshd as uid 0, "sshd: root [priv]"), the message the account and the command it is about.
      ev.user = fromMsg.user ?? ev.user
      ev.target_user = fromMsg.target_user ?? ev.target_user
      ev.src_ip = fromMsg.src_ip ?? ev.src_ip
      ev.src_port = fromMsg.src_port ?? ev.src_port
      ev.command = fromMsg.command ?? ev.command
      // Key and method fields of a record are written for the login itself: they stay.
      ev.auth_method ??= fromMsg.auth_method
      ev.key_type ??= fromMsg.key_type
      ev.key_fingerprint ??= fromMsg.key_fingerprint
      ev.bytes ??= fromMsg.bytes
      ev.count = fromMsg.count
    }
  }
  // Shape-based guesses only for records that carry no type at all (`timestamp,user,ip,success`
  // is a login log); a record whose type fits nothing is not a login because it has an outcome.
  if (kind === null && !typed) {
    if (outcome !== 'unknown' && (ev.user !== null || ev.src_ip !== null)) kind = outcome === 'failure' ? 'auth_failure' : 'auth_success'
    else if (view.get('httpish') !== undefined) kind = 'api_call'
    else if (ev.bytes !== null) kind = 'network'
  }
  ev.event = kind ?? 'other'
  if (outcome === 'unknown') outcome = FAILURE_KINDS.has(ev.event) ? 'failure' : SUCCESS_KINDS.has(ev.event) ? 'success' : 'unknown'
  ev.outcome = outcome
  ctx.quality?.checkRanges(ev)
  return ev
}
