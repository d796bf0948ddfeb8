/**
 * One engine per case, switched behind one transport: the API's handlers and a connection's event
 * subscriptions go through this object, which forwards to the current case's Engine. Opening
 * another case closes the current engine (its watchers, its store) and opens the other's store,
 * re-opening that case's folders; every page is told (`summary.changed`).
 */
import type { EventName, EventPayloads } from '../../shared/api'
import type { CaseInfo, CasesList } from '../../shared/cases'
import type { Engine } from '../api/Engine'
import { EVENT_NAMES } from '../api/emitter'
import type { CaseBook } from './CaseBook'

type Listener = (payload: never) => void

export class CaseSwitch {
  private engine: Engine
  private info: CaseInfo
  private readonly listeners = new Map<EventName, Set<Listener>>()
  private detach: () => void = () => undefined
  /** Switches run one at a time. */
  private queue: Promise<unknown> = Promise.resolve()

  /** `make` opens a case's store as an Engine (the same detector options for every case). */
  constructor(
    private readonly book: CaseBook,
    private readonly make: (storePath: string) => Engine,
    first: { engine: Engine; info: CaseInfo },
  ) {
    this.engine = first.engine
    this.info = first.info
    this.attach()
  }

  /** The current case's engine, as the handlers see it: every call and subscription goes to the current one. */
  asEngine(): Engine {
    return new Proxy({} as Engine, {
      get: (_target, key) => {
        if (key === 'on') return this.on.bind(this)
        const value = (this.engine as unknown as Record<PropertyKey, unknown>)[key]
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(this.engine) : value
      },
    })
  }

  current(): Engine {
    return this.engine
  }

  list(): CasesList {
    return { current: this.info, cases: this.book.list() }
  }

  /** A new, empty case, opened. */
  create(name: string): Promise<CaseInfo> {
    return this.switchTo(() => this.book.create(name))
  }

  /** Opens a known case (its folders are re-opened from its store). */
  open(id: string): Promise<CaseInfo | undefined> {
    const known = this.book.get(id)
    if (!known) return Promise.resolve(undefined)
    if (known.id === this.info.id) return Promise.resolve(this.info)
    return this.switchTo(() => this.book.touch(known))
  }

  on<E extends EventName>(event: E, callback: (payload: EventPayloads[E]) => void): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(callback as Listener)
    return () => set.delete(callback as Listener)
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined)
    this.detach()
    await this.engine.close()
  }

  private switchTo(next: () => CaseInfo): Promise<CaseInfo> {
    const run = this.queue.then(async () => {
      const info = next()
      this.detach()
      await this.engine.close()
      this.engine = this.make(info.path)
      this.info = info
      this.attach()
      this.emit('summary.changed', this.engine.summary())
      // The case's folders come back in the background, as `vigil serve --db` does.
      void this.engine.restore().catch(() => undefined)
      return info
    })
    this.queue = run.catch(() => undefined)
    return run
  }

  private attach(): void {
    const offs = EVENT_NAMES.map((event) => this.engine.on(event, (payload) => this.emit(event, payload as never)))
    this.detach = () => {
      for (const off of offs) off()
    }
  }

  private emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const cb of this.listeners.get(event) ?? []) (cb as (p: EventPayloads[E]) => void)(payload)
  }
}
