/**
 * Writes time-ordered items to the data set's files: per host a rotated auth.log series
 * (auth.log, auth.log.1, auth.log.2.gz, ... as logrotate with `delaycompress` leaves them), the
 * portal's JSON lines, one cloud audit JSON document per day, and labels.csv for every labeled
 * line. Tracks each episode's extent.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { AttackKind, EpisodeInfo } from './attackKinds'
import { OutFile } from './OutFile'
import { rfc3164, rfc3339Micro } from './syslogTime'
import { type Item, SINK_CLOUD, SINK_PORTAL } from './Timeline'
import type { Host } from './world'

const DAY = 86_400_000
/** logrotate runs from cron.daily at 06:25. */
const ROTATE_AT = (6 * 60 + 25) * 60_000

export const PORTAL_FILE = 'portal/audit.jsonl'
export const LABELS_FILE = 'labels.csv'

export function cloudFileName(dayStartMs: number): string {
  return `cloud/audit-${new Date(dayStartMs).toISOString().slice(0, 10)}.json`
}

/** Rotated file name for period `p` of `n` (0 = oldest): the newest is auth.log. */
export function authLogName(p: number, n: number): string {
  const k = n - 1 - p
  if (k === 0) return 'auth.log'
  if (k === 1) return 'auth.log.1'
  return `auth.log.${k}.gz`
}

interface EpisodeExtent {
  attack: AttackKind
  first: number
  last: number
  lines: number
  targets: Set<string>
}

export class DatasetWriter {
  private readonly boundaries: number[] = []
  private readonly authFiles: (OutFile | null)[]
  private readonly authPeriod: number[]
  private portal: OutFile | null = null
  private cloud: OutFile | null = null
  private cloudDay = -1
  private labels!: OutFile
  private readonly written: OutFile[] = []
  private readonly episodes = new Map<string, EpisodeExtent>()
  private readonly open = new Set<OutFile>()
  private lastSecond = [-1, -1]
  private lastStamp = ['', '']
  labeledLines = 0
  /** Log lines and JSON records written (labels not counted). */
  writtenEvents = 0

  constructor(
    private readonly outDir: string,
    private readonly hosts: readonly Host[],
    private readonly startMs: number,
    days: number,
    private readonly labelsFile: string = LABELS_FILE,
  ) {
    // About four files per host: rotate every quarter of the span (at least daily).
    const every = Math.max(1, Math.ceil(days / 4))
    for (let d = every; d < days; d += every) this.boundaries.push(startMs + d * DAY + ROTATE_AT)
    this.authFiles = hosts.map(() => null)
    this.authPeriod = hosts.map(() => -1)
  }

  /** Creates the folders and opens the labels file. Call once before `write`. */
  async init(): Promise<void> {
    await mkdir(this.outDir, { recursive: true })
    for (const h of this.hosts) await mkdir(join(this.outDir, h.name), { recursive: true })
    await mkdir(join(this.outDir, 'portal'), { recursive: true })
    await mkdir(join(this.outDir, 'cloud'), { recursive: true })
    // Only now: a write stream opens its file at once, and before the folder exists that open
    // failed now and then (ENOENT), leaving a dead stream whose 'drain' never came.
    this.labels = this.track(new OutFile(this.labelsFile, join(this.outDir, this.labelsFile), false))
    this.labels.append('file,line,attack,episode\n')
  }

  /** Appends items (in time order). */
  async write(items: readonly Item[]): Promise<void> {
    for (const item of items) {
      const file = this.currentFile(item) ?? (await this.nextFile(item))
      let full: boolean
      if (item.sink >= 0) {
        const style = this.hosts[item.sink].dialect === 'legacy' ? 0 : 1
        full = file.append(`${this.stamp(item.ts, style)} ${item.text}\n`)
      } else if (item.sink === SINK_CLOUD) {
        full = file.append(file.lines === 0 ? `{"events": [\n${item.text}` : `,\n${item.text}`)
      } else {
        full = file.append(`${item.text}\n`)
      }
      file.lines++
      file.lastTs = item.ts
      this.writtenEvents++
      if (full) await file.flush()
      if (item.label && this.recordLabel(item, file)) await this.labels.flush()
    }
  }

  /** Closes every file, sets mtimes; returns the files written (relative paths) and the episodes. */
  async close(): Promise<{ files: string[]; episodes: EpisodeInfo[] }> {
    for (const f of [...this.open]) await this.closeFile(f)
    const files = this.written.map((f) => f.relPath).sort()
    const episodes = [...this.episodes.entries()].map(([episode, e]) => ({
      episode,
      attack: e.attack,
      targets: [...e.targets].sort(),
      startMs: e.first,
      endMs: e.last,
      lines: e.lines,
    }))
    return { files, episodes }
  }

  /** Writes the label row; true when the labels buffer wants a flush. */
  private recordLabel(item: Item, file: OutFile): boolean {
    const label = item.label!
    this.labeledLines++
    const target = item.sink >= 0 ? this.hosts[item.sink].name : item.sink === SINK_PORTAL ? 'portal' : 'cloud'
    const e = this.episodes.get(label.episode)
    if (e) {
      e.last = item.ts
      e.lines++
      e.targets.add(target)
    } else {
      this.episodes.set(label.episode, { attack: label.attack, first: item.ts, last: item.ts, lines: 1, targets: new Set([target]) })
    }
    return this.labels.append(`${file.relPath},${file.lines},${label.attack},${label.episode}\n`)
  }

  /** The open file this item goes to, or null when a file must be opened first (no await on the hot path). */
  private currentFile(item: Item): OutFile | null {
    if (item.sink >= 0) {
      const current = this.authFiles[item.sink]
      return current && this.authPeriod[item.sink] === this.periodOf(item.ts) ? current : null
    }
    if (item.sink === SINK_PORTAL) return this.portal
    return this.cloud && this.cloudDay === Math.floor((item.ts - this.startMs) / DAY) ? this.cloud : null
  }

  private async nextFile(item: Item): Promise<OutFile> {
    if (item.sink >= 0) {
      const period = this.periodOf(item.ts)
      const current = this.authFiles[item.sink]
      if (current) await this.closeFile(current)
      const rel = `${this.hosts[item.sink].name}/${authLogName(period, this.boundaries.length + 1)}`
      const file = this.track(new OutFile(rel, join(this.outDir, rel), rel.endsWith('.gz')))
      this.authFiles[item.sink] = file
      this.authPeriod[item.sink] = period
      return file
    }
    if (item.sink === SINK_PORTAL) {
      this.portal ??= this.track(new OutFile(PORTAL_FILE, join(this.outDir, PORTAL_FILE), false))
      return this.portal
    }
    const day = Math.floor((item.ts - this.startMs) / DAY)
    if (this.cloud) await this.closeFile(this.cloud)
    const rel = cloudFileName(this.startMs + day * DAY)
    this.cloud = this.track(new OutFile(rel, join(this.outDir, rel), false))
    this.cloudDay = day
    return this.cloud
  }

  private track(file: OutFile): OutFile {
    this.open.add(file)
    this.written.push(file)
    return file
  }

  private async closeFile(file: OutFile): Promise<void> {
    if (!this.open.delete(file)) return
    if (file.relPath.startsWith('cloud/') && file.lines > 0) file.append('\n]}\n')
    await file.close()
  }

  private periodOf(ts: number): number {
    let p = 0
    while (p < this.boundaries.length && ts >= this.boundaries[p]) p++
    return p
  }

  /** Timestamp text, cached per second (most lines share their second with the previous one). */
  private stamp(ts: number, style: 0 | 1): string {
    if (style === 1) return rfc3339Micro(ts)
    const second = Math.floor(ts / 1000)
    if (this.lastSecond[style] !== second) {
      this.lastSecond[style] = second
      this.lastStamp[style] = rfc3164(ts)
    }
    return this.lastStamp[style]
  }
}
