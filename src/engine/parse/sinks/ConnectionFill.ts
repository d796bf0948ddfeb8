/**
 * sshd writes many lines of one connection without the client address — "Disconnecting: Too many
 * authentication failures [preauth]", "fatal: Read from socket failed", "kex_exchange_identification:
 * ...", "Unable to negotiate a key exchange method", the pam_unix session lines — and names the
 * address in its other lines, before or after. A connection is one host + sshd pid (as fail2ban
 * tracks it): its address-less lines get the address its other lines name, so filters, counts and
 * pivots by address find them.
 *
 * Depth: a pass over each file's events as the sink emits them, in file order, with a bounded
 * look-ahead: events wait in a window of at most WINDOW_EVENTS before they go on, so a line may
 * take the address of a later line of its connection. A pid silent for longer than
 * CONNECTION_GAP_MS, or naming another address, starts a new connection (pids are reused).
 * Connections that span files (a rotation in the middle of a session) are not joined.
 */
import type { NormalizedEvent } from '../../../shared/event'

/** How many events wait for a later line of their connection; bounds memory and delay. */
const WINDOW_EVENTS = 4096
/** sshd's LoginGraceTime is 2 min; a connection's lines after authentication can be hours apart,
 * but a pid silent this long and then heard again is far more often a new connection. */
const CONNECTION_GAP_MS = 10 * 60_000

interface Connection {
  ip: string | null
  lastTs: number
  /** Events of this connection without an address, with their sequence numbers. */
  waiting: { ev: NormalizedEvent; seq: number }[]
}

export class ConnectionFill {
  private readonly window: NormalizedEvent[] = []
  private head = 0
  /** Events pushed so far, and how many of them went on (an emitted event is never changed). */
  private pushed = 0
  private emitted = 0
  /** Open connections by host, then sshd pid (two Map lookups cost less than a key string built per line). */
  private readonly open = new Map<string, Map<number, Connection>>()
  private openCount = 0

  constructor(private readonly emit: (ev: NormalizedEvent) => void) {}

  push(ev: NormalizedEvent): void {
    this.track(ev, this.pushed++)
    this.window.push(ev)
    if (this.window.length - this.head > WINDOW_EVENTS) {
      this.emitted++
      this.emit(this.window[this.head++])
    }
    // Compact now and then instead of shifting on every event.
    if (this.head > WINDOW_EVENTS) {
      this.window.splice(0, this.head)
      this.head = 0
    }
  }

  /** After the last event: everything still waiting goes on as it is. */
  flush(): void {
    for (let i = this.head; i < this.window.length; i++) this.emit(this.window[i])
    this.emitted = this.pushed
    this.window.length = 0
    this.head = 0
    this.open.clear()
    this.openCount = 0
  }

  private track(ev: NormalizedEvent, seq: number): void {
    if (ev.pid === null || !isSshd(ev.program)) return
    let byPid = this.open.get(ev.host)
    if (byPid === undefined) {
      byPid = new Map()
      this.open.set(ev.host, byPid)
    }
    let c = byPid.get(ev.pid)
    const stale = c !== undefined && (ev.ts - c.lastTs > CONNECTION_GAP_MS || (c.ip !== null && ev.src_ip !== null && ev.src_ip !== c.ip))
    if (c === undefined || stale) {
      if (c === undefined) this.openCount++
      c = { ip: null, lastTs: ev.ts, waiting: [] }
      byPid.set(ev.pid, c)
      // Bounded: forget connections whose lines have all left the window.
      if (this.openCount > 4 * WINDOW_EVENTS) this.forgetOld(ev.ts)
    }
    c.lastTs = ev.ts
    if (ev.src_ip !== null) {
      if (c.ip === null) {
        c.ip = ev.src_ip
        for (const w of c.waiting) if (w.seq >= this.emitted) w.ev.src_ip = ev.src_ip
        c.waiting = []
      }
      return
    }
    if (c.ip !== null) ev.src_ip = c.ip
    else c.waiting.push({ ev, seq })
  }

  private forgetOld(now: number): void {
    for (const byPid of this.open.values()) {
      for (const [pid, c] of byPid) {
        if (now - c.lastTs <= CONNECTION_GAP_MS) continue
        byPid.delete(pid)
        this.openCount--
      }
    }
  }
}

function isSshd(program: string | null): boolean {
  return program === 'sshd' || program === 'sshd-session'
}
