/**
 * What the store knows about each file identity (device + inode), kept in memory beside the files
 * table, so a rotation is recognised whatever order its events arrive in: once `auth.log` is
 * re-created with a new inode, the old inode's offset (now `auth.log.1`) is still known here.
 * Fingerprints (see fileIdentity.ts) are kept in the store's settings, one row per identity, so a
 * restart recognises rotations and compressed copies made while Vigil was not running.
 */
import type { LogFormat } from '../../shared/sources'
import type { FileState, Store } from '../store/Store'
import { headMatches, identityKey, type Fingerprint } from './fileIdentity'

/** A file identity's read state, as last committed. */
export interface KnownFile {
  relPath: string
  dev: number
  ino: number
  size: number
  offset: number
  compressed: boolean
  format: LogFormat
  lines: number
  events: number
  unparsed: number
  lastEventTs: number | null
  csvHeader: string | null
}

/** Oldest identities are forgotten past this many, a sixteenth more at a time (daily rotations of thousands of files). */
const DEFAULT_CAP = 50_000
const SETTING_PREFIX = 'fingerprint:'

export class IdentityBook {
  private readonly known = new Map<string, KnownFile>()
  private readonly fingerprints = new Map<string, Fingerprint | null>()
  private readonly loaded = new Set<number>()
  private fingerprintsLoaded = false
  /** Content an identity held before it was truncated or re-used, with its fingerprint. */
  private readonly retired: { sourceId: number; known: KnownFile; fp: Fingerprint }[] = []

  constructor(
    private readonly store: Store,
    private readonly cap = DEFAULT_CAP,
  ) {}

  /** Loads a source's stored files once (after a restart the store is the only memory). */
  load(sourceId: number): void {
    if (this.loaded.has(sourceId)) return
    this.loaded.add(sourceId)
    for (const rec of this.store.files(sourceId)) {
      if (rec.offset > 0 && rec.format !== 'unknown') this.put(sourceId, rec)
    }
  }

  /** Records a committed file state. */
  remember(state: FileState): void {
    if (state.offset > 0 && state.format !== 'unknown') this.put(state.sourceId, state)
  }

  get(sourceId: number, dev: number, ino: number): KnownFile | undefined {
    return this.known.get(`${sourceId}|${identityKey(dev, ino)}`)
  }

  /** A plain file already read whose content starts like `head` (a compressed copy's first bytes). */
  byContent(sourceId: number, head: Buffer): KnownFile | undefined {
    const prefix = `${sourceId}|`
    let best: KnownFile | undefined
    const consider = (k: KnownFile, fp: Fingerprint | null): void => {
      if (k.compressed || k.offset === 0 || !fp) return
      // The longest read wins: the same head can belong to an older, shorter state of one file.
      if (headMatches(head, fp) && (best === undefined || k.offset > best.offset)) best = k
    }
    for (const [key, k] of this.known) if (key.startsWith(prefix)) consider(k, this.fingerprint(k.dev, k.ino))
    for (const r of this.retired) if (r.sourceId === sourceId) consider(r.known, r.fp)
    return best
  }

  /**
   * The identity's content is gone (truncated, or the inode re-used by a new file): what was read
   * of it stays findable by content only, and the identity starts afresh.
   */
  retire(sourceId: number, dev: number, ino: number): void {
    const key = identityKey(dev, ino)
    const known = this.known.get(`${sourceId}|${key}`)
    const fp = this.fingerprint(dev, ino)
    if (known && fp) {
      this.retired.push({ sourceId, known, fp })
      if (this.retired.length > this.cap) this.retired.shift()
    }
    this.known.delete(`${sourceId}|${key}`)
    this.fingerprints.set(key, null)
  }

  fingerprint(dev: number, ino: number): Fingerprint | null {
    this.loadFingerprints()
    return this.fingerprints.get(identityKey(dev, ino)) ?? null
  }

  /**
   * The stored fingerprints, read once with one query: a look-up per file, most of them for files
   * never seen, cost a first scan of 100,000 files a query each. This book is the only writer of
   * its store's fingerprints, so what it holds stays true.
   */
  private loadFingerprints(): void {
    if (this.fingerprintsLoaded) return
    this.fingerprintsLoaded = true
    for (const [key, value] of this.store.settingsWithPrefix(SETTING_PREFIX)) {
      if (isFingerprint(value)) this.fingerprints.set(key.slice(SETTING_PREFIX.length), value)
    }
  }

  setFingerprint(dev: number, ino: number, fp: Fingerprint): void {
    const key = identityKey(dev, ino)
    const old = this.fingerprint(dev, ino)
    if (old && old.len === fp.len && old.hash === fp.hash) return
    this.fingerprints.set(key, fp)
    this.store.setSetting(SETTING_PREFIX + key, fp)
  }

  private put(sourceId: number, s: KnownFile): void {
    const key = `${sourceId}|${identityKey(s.dev, s.ino)}`
    this.known.delete(key) // re-inserted last: the map's order is least recently written first
    this.known.set(key, {
      relPath: s.relPath,
      dev: s.dev,
      ino: s.ino,
      size: s.size,
      offset: s.offset,
      compressed: s.compressed,
      format: s.format,
      lines: s.lines,
      events: s.events,
      unparsed: s.unparsed,
      lastEventTs: s.lastEventTs,
      csvHeader: s.csvHeader,
    })
    // Forgotten in batches: a Map walks over the holes its deletions left, so taking the oldest
    // key after each put cost a 100,000-file scan seconds once it passed the cap.
    if (this.known.size <= this.cap + Math.ceil(this.cap / 16)) return
    for (const oldest of this.known.keys()) {
      if (this.known.size <= this.cap) break
      this.known.delete(oldest)
    }
  }
}

function isFingerprint(v: unknown): v is Fingerprint {
  return typeof v === 'object' && v !== null && typeof (v as Fingerprint).len === 'number' && typeof (v as Fingerprint).hash === 'string'
}
