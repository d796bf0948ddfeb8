/**
 * One socket's share of the server: a client that sends without reading (or floods requests) must
 * cost a bounded amount of memory and leave the server answering everyone else.
 *
 * - At most `maxInFlight` requests per socket are being handled or have a reply not yet handed to
 *   the kernel; one more is answered at once with the error `busy` (a reply of a few bytes).
 * - Replies (and pushed events) count against the socket until `ws.send`'s callback says they are
 *   written out. Past `pauseBytes` the socket is no longer read (`ws.pause()`: TCP then slows the
 *   sender down); it is read again below half that. A client that lets `maxBufferedBytes` pile up
 *   (events it never reads) is disconnected rather than allowed to grow the server without end.
 * - One reply is at most `maxReplyChars` (`export.csv`: `maxExportChars`); a bigger one is replaced
 *   by the error `too_large`, naming the size and what to ask for instead.
 */
import type { WebSocket } from 'ws'
import type { ApiError, EventEnvelope, ReplyEnvelope } from '../../shared/api'

export interface ConnectionLimitOptions {
  maxInFlight: number
  pauseBytes: number
  maxBufferedBytes: number
  maxReplyChars: number
  maxExportChars: number
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimitOptions = {
  maxInFlight: 16,
  pauseBytes: 8 * 1024 * 1024,
  maxBufferedBytes: 256 * 1024 * 1024,
  maxReplyChars: 16 * 1024 * 1024,
  maxExportChars: 256 * 1024 * 1024,
}

const size = (n: number): string => (n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`)

/** The method a request names, for the size error (only when it is a short string). */
function methodOf(message: unknown): string {
  const m = (message as { method?: unknown } | null)?.method
  return typeof m === 'string' && m.length <= 100 ? m : 'request'
}

function idOf(message: unknown): number {
  const id = (message as { id?: unknown } | null)?.id
  return typeof id === 'number' && Number.isInteger(id) ? id : -1
}

export class ConnectionLimits {
  private inFlight = 0
  private buffered = 0
  private paused = false

  constructor(
    private readonly ws: WebSocket,
    private readonly limits: ConnectionLimitOptions = DEFAULT_CONNECTION_LIMITS,
  ) {}

  /**
   * Runs `handle` for a parsed request unless the socket has too many in flight (then `busy`),
   * and sends its reply within the size bound.
   */
  request(message: unknown, handle: (message: unknown) => Promise<ReplyEnvelope>): void {
    const id = idOf(message)
    if (this.inFlight >= this.limits.maxInFlight) {
      this.send(this.error(id, { code: 'busy', message: `busy: ${this.limits.maxInFlight} requests of this connection are still being answered; send again when one is` }))
      return
    }
    this.inFlight++
    handle(message).then(
      (reply) => this.sendReply(reply, methodOf(message), () => this.inFlight--),
      () => {
        this.inFlight--
        this.send(this.error(id, { code: 'internal', message: 'the request failed; see the log' }))
      },
    )
  }

  /** A pushed event (findings.added, ingest.progress, ...). */
  event(message: EventEnvelope): void {
    this.send(JSON.stringify(message))
  }

  /** A reply made outside `request` (a message that is not JSON). */
  reply(message: ReplyEnvelope): void {
    this.send(JSON.stringify(message))
  }

  private sendReply(reply: ReplyEnvelope, method: string, written: () => void): void {
    let text = JSON.stringify(reply)
    const cap = method === 'export.csv' ? this.limits.maxExportChars : this.limits.maxReplyChars
    if (text.length > cap) {
      const hint = method === 'findings.query' ? 'ask for fewer rows' : method === 'export.csv' ? 'export to a file with `vigil export`' : 'narrow the request'
      text = this.error(reply.id, { code: 'too_large', message: `${method}: the reply would be ${size(text.length)}, over the ${size(cap)} limit of one reply; ${hint}` })
    }
    this.send(text, written)
  }

  private error(id: number, error: ApiError): string {
    return JSON.stringify({ id, ok: false, error } satisfies ReplyEnvelope)
  }

  private send(text: string, written?: () => void): void {
    if (this.ws.readyState !== this.ws.OPEN) {
      written?.()
      return
    }
    // Characters, not bytes: close enough for a bound, and free to measure.
    const size = text.length
    this.buffered += size
    if (this.buffered > this.limits.maxBufferedBytes) {
      written?.()
      this.ws.terminate()
      return
    }
    if (!this.paused && this.buffered >= this.limits.pauseBytes) {
      this.paused = true
      this.ws.pause()
    }
    this.ws.send(text, () => {
      this.buffered -= size
      written?.()
      if (this.paused && this.buffered < this.limits.pauseBytes / 2) {
        this.paused = false
        this.ws.resume()
      }
    })
  }
}
