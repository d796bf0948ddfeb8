/**
 * Hosts the engine in a worker_threads worker so parsing, training and SQLite writes never block
 * the window. Requests carry a sequence id and are matched with their reply; when the worker
 * exits every pending call is rejected (nothing waits forever); slow calls are logged by name.
 */
import {
  ApiCallError,
  type EventEnvelope,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type ReplyEnvelope,
  type RequestEnvelope,
} from '../shared/api'

/** The part of `worker_threads.Worker` the host uses (a fake in unit tests). */
export interface WorkerLike {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  terminate(): Promise<number>
}

export interface EngineHostOptions {
  /** Calls slower than this are logged with their method name. Default 1000 ms. */
  slowMs?: number
  log?: (line: string) => void
  now?: () => number
}

interface Pending {
  method: string
  startedAt: number
  resolve: (reply: ReplyEnvelope) => void
  reject: (error: Error) => void
}

export class EngineHost {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Set<(event: EventEnvelope) => void>()
  private exitReason: string | null = null
  private closing = false
  private readonly slowMs: number
  private readonly log: (line: string) => void
  private readonly now: () => number

  constructor(
    private readonly worker: WorkerLike,
    options: EngineHostOptions = {},
  ) {
    this.slowMs = options.slowMs ?? 1000
    this.log = options.log ?? ((line) => console.warn(line))
    this.now = options.now ?? (() => Date.now())
    worker.on('message', (message) => this.onMessage(message))
    worker.on('error', (error) => this.log(`[engine] worker error: ${error.stack ?? error.message}`))
    worker.on('exit', (code) => this.onExit(code))
  }

  /** Sends one request; resolves with the reply envelope (errors as data), rejects if the worker is gone. */
  request(method: MethodName, params: unknown): Promise<ReplyEnvelope> {
    if (this.exitReason !== null) return Promise.reject(new Error(this.exitReason))
    const id = this.nextId++
    return new Promise<ReplyEnvelope>((resolve, reject) => {
      this.pending.set(id, { method, startedAt: this.now(), resolve, reject })
      const envelope: RequestEnvelope = { id, method, params }
      this.worker.postMessage(envelope)
    })
  }

  /** Like `request`, but resolves with the value and throws `ApiCallError` on an error reply. */
  async call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const reply = await this.request(method, params)
    if (!reply.ok) throw new ApiCallError(reply.error.code, reply.error.message)
    return reply.value as MethodResult<M>
  }

  /** Subscribes to the engine's pushed events; returns unsubscribe. */
  onEvent(listener: (event: EventEnvelope) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  /** Number of calls waiting for a reply. */
  get pendingCount(): number {
    return this.pending.size
  }

  /** Stops the worker; pending calls are rejected. */
  async close(): Promise<void> {
    this.closing = true
    if (this.exitReason === null) await this.worker.terminate()
  }

  private onMessage(message: unknown): void {
    if (typeof message !== 'object' || message === null) return
    if ('event' in message) {
      for (const listener of this.listeners) listener(message as EventEnvelope)
      return
    }
    const reply = message as ReplyEnvelope
    const pending = this.pending.get(reply.id)
    if (!pending) {
      this.log(`[engine] reply to unknown request ${String(reply.id)}`)
      return
    }
    this.pending.delete(reply.id)
    const elapsed = this.now() - pending.startedAt
    if (elapsed > this.slowMs) this.log(`[engine] slow call ${pending.method} took ${Math.round(elapsed)} ms`)
    pending.resolve(reply)
  }

  private onExit(code: number): void {
    this.exitReason = `The engine stopped (worker exit code ${code}); restart Vigil.`
    for (const [id, pending] of this.pending) {
      this.pending.delete(id)
      pending.reject(new Error(`${pending.method}: ${this.exitReason}`))
    }
    if (code !== 0 && !this.closing) this.log(`[engine] worker exited with code ${code}`)
  }
}
