/** A small typed event emitter for the API's pushed events. */
import type { EventName, EventPayloads } from '../../shared/api'

/** Every pushed event, for transports that forward them all. */
export const EVENT_NAMES = ['findings.added', 'findings.updated', 'ingest.progress', 'summary.changed'] as const satisfies readonly EventName[]
// Fails to compile when src/shared adds an event this list forgets.
const everyEvent: Exclude<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : never = true
void everyEvent

type Listener<E extends EventName> = (payload: EventPayloads[E]) => void

export class Emitter {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>()

  on<E extends EventName>(event: E, callback: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(callback as Listener<EventName>)
    return () => set.delete(callback as Listener<EventName>)
  }

  /** Whether anyone listens (so costly payloads are only built when needed). */
  has(event: EventName): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    // A listener that throws (a closed socket, a bug in a UI) must not break the engine or its peers.
    for (const cb of this.listeners.get(event) ?? []) {
      try {
        cb(payload)
      } catch {
        /* ignored on purpose, see above */
      }
    }
  }
}
