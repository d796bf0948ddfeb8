/**
 * The progress of a scan on stderr, one line redrawn with \r (phase, files, events, rate, ETA),
 * for a person at a terminal only: piped or redirected output stays clean.
 */
import type { IngestProgress } from '../shared/api'
import type { CliIO } from './io'
import { int, rate } from './summaryFormat'

export interface ProgressSink {
  write(text: string): void
  /** Terminal width; lines are cut to it so a redraw never wraps. */
  columns?: number
}

/** Redraws at most this often: a terminal is slower than a scan's events. */
const REDRAW_MS = 100

export class ProgressLine {
  private readonly t0: number
  private lastDraw = -Infinity
  private shown = false

  constructor(
    private readonly sink: ProgressSink,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.t0 = now()
  }

  update(p: IngestProgress): void {
    if (p.phase === 'done') return this.clear()
    const t = this.now()
    if (t - this.lastDraw < REDRAW_MS) return
    this.lastDraw = t
    const width = Math.max(20, (this.sink.columns ?? 80) - 1)
    const text = formatProgress(p, t - this.t0).slice(0, width)
    this.sink.write(`\r${text.padEnd(width)}`)
    this.shown = true
  }

  /** Wipes the line, so what is printed next starts on a clean line. */
  clear(): void {
    if (!this.shown) return
    const width = Math.max(20, (this.sink.columns ?? 80) - 1)
    this.sink.write(`\r${' '.repeat(width)}\r`)
    this.shown = false
  }
}

/**
 * A progress line on the CLI's stderr while `engine` works, when stderr is a terminal (else
 * nothing). Returns what stops it and wipes the line.
 */
export function showProgress(engine: { on(event: 'ingest.progress', cb: (p: IngestProgress) => void): () => void }, io: CliIO): () => void {
  if (!io.errIsTTY) return () => undefined
  const line = new ProgressLine({ write: (t) => io.err(t), columns: io.errColumns })
  const off = engine.on('ingest.progress', (p) => line.update(p))
  return () => {
    off()
    line.clear()
  }
}

/** `parse 12/31 files · 412,000 events · 91,000 events/s · ETA 8 s` */
export function formatProgress(p: IngestProgress, elapsedMs: number): string {
  const parts = [p.phase === 'detect' && p.step ? `detect: ${p.step}` : p.phase]
  if (p.filesTotal > 0) parts.push(`${int(p.filesDone)}/${int(p.filesTotal)} files`)
  parts.push(`${int(p.events)} events`)
  const s = elapsedMs / 1000
  if (p.phase === 'parse' && s > 0 && p.events > 0) parts.push(`${rate(p.events / s)} events/s`)
  const eta = etaSeconds(p, s)
  if (eta !== null) parts.push(`ETA ${eta < 60 ? `${Math.ceil(eta)} s` : `${Math.floor(eta / 60)} min ${Math.ceil(eta % 60)} s`}`)
  return parts.join(' · ')
}

// Reading is most of the bytes' time: the share of bytes read says how much reading is left.
function etaSeconds(p: IngestProgress, elapsedS: number): number | null {
  if (p.phase !== 'parse' || !p.bytesTotal || !p.bytesDone || p.bytesDone >= p.bytesTotal || elapsedS < 1) return null
  return (elapsedS * (p.bytesTotal - p.bytesDone)) / p.bytesDone
}
