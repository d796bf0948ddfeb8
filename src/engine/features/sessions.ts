/**
 * Login sessions: which lines belong to one interactive session, from the sshd "Accepted" line to
 * the logind "Removed session N" line — the session's pam lines, the sudo commands and their pam
 * session lines, the useradd/usermod lines those commands caused, the disconnect. A rule that
 * flags one line of a session can then flag the session (the analyst's "what else did they do").
 * JSON sources (portal, cloud) have no pids: their sessions are runs of one account from one
 * address with gaps under 30 minutes.
 */
import { K, type EventTable } from './eventTable'
import { FACT } from './lineFacts'

/** Session of each row (-1: none), and the rows of each session. */
export interface Sessions {
  of: Int32Array
  /** Row that opened each session (the login). */
  start: Int32Array
  count: number
}

interface Open {
  id: number
  user: number
  ip: number
  /** NaN when the line has none. */
  pid: number
  /** The logind session (an id in the table's `sessionNames`), -1 until its line is seen. */
  logind: number
  startTs: number
  lastPrivTs: number
  closedTs: number
}

const MAX_SESSION_MS = 12 * 3_600_000
const WEB_GAP_MS = 30 * 60_000
const ACCOUNT_PROGRAMS = new Set(['useradd', 'usermod', 'groupadd', 'groupmod', 'userdel', 'groupdel', 'passwd', 'chpasswd', 'gpasswd', 'chage', 'chsh'])
const PRIV_PROGRAMS = new Set(['sudo', 'su'])

export function buildSessions(t: EventTable): Sessions {
  const of = new Int32Array(t.n).fill(-1)
  const starts: number[] = []
  const prog = (name: string) => t.programs.get(name)
  const sshd = prog('sshd')
  const logind = prog('systemd-logind')
  const accountProgs = new Set([...ACCOUNT_PROGRAMS].map(prog).filter((p) => p >= 0))
  const privProgs = new Set([...PRIV_PROGRAMS].map(prog).filter((p) => p >= 0))
  const open = new Map<number, Open[]>() // by host
  const pruned = new Map<number, number>() // by host: when its list was last pruned
  const web = new Map<string, { id: number; lastTs: number }>()
  for (let r = 0; r < t.n; r++) {
    const h = t.host[r]
    if (h < 0 || t.scheduled[r] === 1) continue
    const p = t.program[r]
    const ts = t.ts[r]
    const u = t.user[r]
    // JSON records (portal, cloud audit) have no pids: per account and address runs.
    if (p < 0 || t.record[r] === 1) {
      if (u < 0 || t.invalid[r]) continue
      const key = `${h}\u0000${u}\u0000${t.ip[r]}`
      const s = web.get(key)
      if (s && ts - s.lastTs <= WEB_GAP_MS) {
        of[r] = s.id
        s.lastTs = ts
      } else if (t.outcome[r] !== 1) {
        const id = starts.push(r) - 1
        web.set(key, { id, lastTs: ts })
        of[r] = id
      }
      continue
    }
    let list = open.get(h)
    if (!list) open.set(h, (list = []))
    // Forget sessions long closed or implausibly long (every few seconds is often enough).
    if (list.length > 0 && ts - (pruned.get(h) ?? -Infinity) > 5_000) {
      pruned.set(h, ts)
      const keep = list.filter((s) => (s.closedTs < 0 || ts - s.closedTs <= 10_000) && ts - s.startTs <= MAX_SESSION_MS)
      if (keep.length !== list.length) open.set(h, (list = keep))
    }
    if (p === sshd && t.kind[r] === K.auth_success && u >= 0) {
      const id = starts.push(r) - 1
      list.push({ id, user: u, ip: t.ip[r], pid: t.pid[r], logind: -1, startTs: ts, lastPrivTs: -Infinity, closedTs: -1 })
      of[r] = id
      continue
    }
    if (list.length === 0) continue
    let s: Open | undefined
    if (p === sshd) {
      const pid = t.pid[r]
      // NaN (no pid) equals nothing, not even another NaN.
      s = findLast(list, (o) => o.pid === pid || (t.ip[r] >= 0 && o.ip === t.ip[r]))
      if (s && t.kind[r] === K.session_close && s.pid === pid && s.logind < 0) s.closedTs = ts
    } else if (p === logind) {
      // The session a logind line names was read off it while it was read (lineFacts.ts).
      const named = t.logind[r]
      if (t.facts[r] & FACT.logindNew) {
        s = findLast(list, (o) => o.user === u && o.logind < 0 && ts - o.startTs <= 10_000)
        if (s) s.logind = named
      } else {
        if (named >= 0) s = findLast(list, (o) => o.logind === named)
        if (s && t.facts[r] & FACT.logindRemoved) s.closedTs = ts
      }
    } else if (u >= 0) {
      s = findLast(list, (o) => o.user === u && o.closedTs < 0)
      if (s && privProgs.has(p)) s.lastPrivTs = ts
    } else if (privProgs.has(p) || accountProgs.has(p)) {
      // "session closed for user root", "new user: name=..." carry no acting user: they belong to
      // the session whose sudo ran just before.
      // A root shell (`sudo -i`) can close long after the command: any age will do for the
      // pam close line of sudo/su; account tools run within a minute of their sudo command.
      const limit = accountProgs.has(p) ? 60_000 : MAX_SESSION_MS
      let best: Open | undefined
      for (const o of list) if (ts - o.lastPrivTs <= limit && (!best || o.lastPrivTs > best.lastPrivTs)) best = o
      s = best
    }
    if (s) of[r] = s.id
  }
  return { of, start: Int32Array.from(starts), count: starts.length }
}

function findLast<T>(list: T[], pred: (x: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) return list[i]
  return undefined
}
