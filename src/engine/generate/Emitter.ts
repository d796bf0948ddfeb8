/**
 * What activity generators write to: syslog lines for a host, JSON records for the portal (JSONL)
 * and the cloud audit (JSON documents). Counts what it accepted per stream, so the generator can
 * steer the data set's size; with no timeline it only counts (a dry run).
 */
import type { Label } from './attackKinds'
import { type Random } from './sampling'
import { SINK_CLOUD, SINK_PORTAL, type Timeline } from './Timeline'
import type { Host } from './world'

export class Emitter {
  /** Accepted lines per stream: one per host, then the portal, then the cloud. */
  readonly counts: Float64Array
  private readonly logind: Int32Array

  constructor(
    private readonly hosts: readonly Host[],
    private readonly startMs: number,
    private readonly timeline: Timeline | null,
    private readonly endMs: number,
  ) {
    this.counts = new Float64Array(hosts.length + 2)
    this.logind = new Int32Array(hosts.length).fill(1)
  }

  get portalStream(): number {
    return this.hosts.length
  }

  get cloudStream(): number {
    return this.hosts.length + 1
  }

  /** `tag` is `prog[pid]` or `prog`. */
  syslog(host: Host, ts: number, tag: string, message: string, label: Label | null = null): void {
    this.accept(ts, host.index, host.index, `${host.name} ${tag}: ${message}`, label)
  }

  portal(ts: number, record: object, label: Label | null = null): void {
    this.accept(ts, SINK_PORTAL, this.portalStream, JSON.stringify(record), label)
  }

  cloud(ts: number, record: object, label: Label | null = null): void {
    this.accept(ts, SINK_CLOUD, this.cloudStream, JSON.stringify(record), label)
  }

  /** Total accepted lines. */
  get total(): number {
    let n = 0
    for (const c of this.counts) n += c
    return n
  }

  /**
   * A process id that grows with time as on a busy host (about one fork every two seconds), with
   * jitter, so concurrent connections rarely share one.
   */
  pid(host: Host, ts: number, rng: Random): number {
    const base = Math.floor((ts - this.startMs) / 2000) + host.index * 7919
    return 1024 + ((base + rng.nextInt(700)) % 4_190_000)
  }

  /** The next systemd-logind session number on this host. */
  nextSession(host: Host): number {
    return this.logind[host.index]++
  }

  private accept(ts: number, sink: number, stream: number, text: string, label: Label | null): void {
    if (this.timeline) {
      if (this.timeline.push(ts, sink, text, label)) this.counts[stream]++
    } else if (ts >= this.startMs && ts < this.endMs) {
      this.counts[stream]++
    }
  }
}
