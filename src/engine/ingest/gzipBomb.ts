/**
 * Decompression bombs: a `.gz` of a few MB that inflates to GBs (`auth.log.2.gz` of 6 MB holding
 * 1 GB of one line) is attacker-shaped input. A file whose compression ratio passes the limit is
 * named as a bomb and, as the analyst chooses, skipped or read up to the cap (limit × its
 * compressed size): either way the inflated bytes are bounded before a line is parsed.
 */
import zlib from 'node:zlib'
import { BOMB_MARK, type FileProblem } from '../../shared/sources'
import type { IngestFs } from './fsSeam'

export type BombPolicy = 'skip' | 'cap'

export interface GzipLimits {
  /** Inflated bytes per compressed byte above which a file is a bomb (default 100). */
  maxRatio: number
  /** What to do with one: skip it (default) or read it up to the cap. */
  onBomb: BombPolicy
}

/**
 * Rotated auth logs inflate 7–10:1 (the demo's, generated fleets') and a flood of near-identical
 * lines a few dozen to one; the bombs seen in the wild are 165–170:1 (6 MB → 1 GB of one line,
 * 31 MB → 5 GB). 100:1 sits well clear of both.
 */
export const DEFAULT_GZIP_LIMITS: GzipLimits = { maxRatio: 100, onBomb: 'skip' }

/**
 * Below this many inflated bytes a file is never a bomb: a small, repetitive log compresses far
 * past 100:1 and holds nothing dangerous.
 */
export const BOMB_FLOOR_BYTES = 1024 * 1024

/** The most inflated bytes a gzip of `compressedBytes` may yield before it counts as a bomb. */
export function inflateCap(compressedBytes: number, maxRatio: number): number {
  return Math.max(BOMB_FLOOR_BYTES, Math.ceil(compressedBytes * maxRatio))
}

/** Bytes for a reader: 6.1 MB, 1.2 GB, 7.3 KB. */
function size(n: number): string {
  const [unit, div] = n >= 1024 ** 3 ? ['GB', 1024 ** 3] : n >= 1024 ** 2 ? ['MB', 1024 ** 2] : ['KB', 1024]
  return `${(n / div).toLocaleString('en-US', { maximumFractionDigits: 1 })} ${unit}`
}

/** The analyst-facing problem for a bomb: what it is, the limit, and what was done. */
export function bombProblem(relPath: string, compressedBytes: number, limits: GzipLimits, linesRead?: number): FileProblem {
  const cap = inflateCap(compressedBytes, limits.maxRatio)
  const what = `${relPath}${BOMB_MARK}${size(compressedBytes)} inflates past ${size(cap)} (more than ${limits.maxRatio}:1)`
  return {
    file: relPath,
    code: 'bomb',
    message:
      limits.onBomb === 'skip' || linesRead === undefined
        ? `${what}; skipped (read it up to the cap with --on-bomb cap, or from the Sources panel)`
        : `${what}; read up to the cap: ${linesRead.toLocaleString('en-US')} lines`,
  }
}

/**
 * Inflates `absPath` without keeping anything, counting bytes up to `cap`: true when it yields
 * more (a bomb). Streams in 64 KiB pieces, so memory stays flat whatever the file holds. A damaged
 * gzip is not a bomb (the read reports it).
 */
export async function inflatesPast(fs: IngestFs, absPath: string, cap: number): Promise<boolean> {
  const handle = await fs.open(absPath)
  const raw = handle.createReadStream({ start: 0, highWaterMark: 1 << 20, autoClose: false })
  const gunzip = zlib.createGunzip({ chunkSize: 64 * 1024 })
  raw.on('error', (error) => gunzip.destroy(error))
  raw.pipe(gunzip)
  let inflated = 0
  try {
    for await (const chunk of gunzip) {
      inflated += (chunk as Buffer).length
      if (inflated > cap) return true
    }
    return false
  } catch {
    return false
  } finally {
    gunzip.destroy()
    raw.destroy()
    await handle.close().catch(() => undefined)
  }
}
