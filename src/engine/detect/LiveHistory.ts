/**
 * The history live scoring gives its windows: the newest stored events, kept in memory between
 * live batches so a batch does not read back from the store what the previous one just stored.
 * Loaded from the store on first use and after anything else (a scan) wrote events.
 */
import type { NormalizedEvent } from '../../shared/event'
import type { Store, StoredEvent } from '../store/Store'

/**
 * Stored events from up to an hour before the first fresh one (the detectors' windows are minutes
 * long; baselines are in the model), at most this many. The cost of scoring grows with the
 * history, and a single appended line must come back fast.
 */
export const LIVE_HISTORY = 2_000
export const LIVE_HISTORY_MS = 3_600_000

const byTime = (x: StoredEvent, y: StoredEvent): number => x.event.ts - y.event.ts || x.id - y.id

export class LiveHistory {
  /** The newest stored events before the current batch, oldest first (time, id). */
  private events: StoredEvent[] | null = null

  /** Forgets the cached events (something other than a live batch wrote to the store). */
  invalidate(): void {
    this.events = null
  }

  /** The history for `fresh` (already stored, sorted by time and id): stored events before them, oldest first. */
  before(store: Store, fresh: readonly StoredEvent[]): NormalizedEvent[] {
    if (this.events === null) {
      const freshIds = new Set(fresh.map((f) => f.id))
      this.events = store
        .recentEvents(-Infinity, LIVE_HISTORY + fresh.length)
        .filter((e) => !freshIds.has(e.id))
        .slice(-LIVE_HISTORY)
    }
    let first = Infinity
    let last = -Infinity
    for (const f of fresh) {
      if (f.event.ts < first) first = f.event.ts
      if (f.event.ts > last) last = f.event.ts
    }
    const since = Number.isFinite(first) ? first - LIVE_HISTORY_MS : -Infinity
    // The cache holds the case's newest events; a host whose lines are older than another host's
    // (two servers' folders of different weeks) has its hour before the batch read from the store.
    const cached = this.events
    if (cached.length >= LIVE_HISTORY && cached[0].event.ts > since) {
      const freshIds = new Set(fresh.map((f) => f.id))
      return store
        .recentEvents(since, LIVE_HISTORY + fresh.length, last)
        .filter((e) => !freshIds.has(e.id))
        .slice(-LIVE_HISTORY)
        .map((e) => e.event)
    }
    const out: NormalizedEvent[] = []
    for (const e of cached) if (e.event.ts >= since) out.push(e.event)
    return out
  }

  /** The newest stored events (read from the store unless held), oldest first. */
  recent(store: Store): NormalizedEvent[] {
    this.events ??= store.recentEvents(-Infinity, LIVE_HISTORY)
    return this.events.map((e) => e.event)
  }

  /** Takes a scored batch (sorted by time and id) into the history. */
  add(fresh: readonly StoredEvent[]): void {
    if (this.events === null) return
    const a = this.events
    const keep = LIVE_HISTORY
    const merged: StoredEvent[] = []
    // Merge from the newest end: only the newest `keep` survive.
    let i = a.length - 1
    let j = fresh.length - 1
    while (merged.length < keep && (i >= 0 || j >= 0)) {
      if (j < 0 || (i >= 0 && byTime(a[i], fresh[j]) > 0)) merged.push(a[i--])
      else merged.push(fresh[j--])
    }
    this.events = merged.reverse()
  }
}
