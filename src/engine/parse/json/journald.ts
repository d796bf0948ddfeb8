/**
 * journald JSON export (`journalctl -o json`): `__REALTIME_TIMESTAMP` (µs), `_HOSTNAME`,
 * `SYSLOG_IDENTIFIER`, `_PID`, `MESSAGE` (a string, or an array of bytes when not UTF-8).
 * MESSAGE goes through the same message parsers as syslog lines.
 */
import type { NormalizedEvent } from '../../../shared/event'
import { newEvent } from '../newEvent'
import { parseAnyMessage } from '../syslog/anyMessage'
import { programName } from '../syslog/dispatch'
import type { RecordContext } from './recordToEvent'
import type { JsonRecord } from './RecordFields'
import { MAX_TIME_MS } from './timestamp'

export function isJournaldRecord(r: JsonRecord): boolean {
  return '__REALTIME_TIMESTAMP' in r || ('MESSAGE' in r && ('_HOSTNAME' in r || 'SYSLOG_IDENTIFIER' in r || '_PID' in r))
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  if (Array.isArray(v) && v.every((b) => typeof b === 'number')) return Buffer.from(v as number[]).toString('utf8')
  return null
}

export function journaldToEvent(r: JsonRecord, raw: string, sourceLine: number, ctx: RecordContext): NormalizedEvent {
  const micros = Number(text(r.__REALTIME_TIMESTAMP) ?? text(r._SOURCE_REALTIME_TIMESTAMP) ?? Number.NaN)
  const ms = Number.isFinite(micros) && micros > 0 ? Math.floor(micros / 1000) : Number.NaN
  const timed = ms <= MAX_TIME_MS
  if (!timed) ctx.quality?.noteUntimed()
  const ts = timed ? ms : ctx.lastTs
  const ev = newEvent(ts, text(r._HOSTNAME) ?? ctx.hostHint, ctx.relPath, sourceLine, raw)
  const tag = text(r.SYSLOG_IDENTIFIER) ?? text(r._COMM)
  if (tag !== null) ev.program = programName(tag)
  const pid = Number(text(r._PID) ?? text(r.SYSLOG_PID) ?? Number.NaN)
  if (Number.isSafeInteger(pid)) ev.pid = pid
  const msg = text(r.MESSAGE)
  if (msg !== null) parseAnyMessage(tag, msg, ev, ctx.zone)
  return ev
}
