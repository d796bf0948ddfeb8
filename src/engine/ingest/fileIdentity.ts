/**
 * File identity for live tailing: device + inode say "the same file", a fingerprint of the first
 * bytes of its content says "still the same content" (an inode number is reused once a file is
 * deleted; a copytruncate'd file keeps its inode but starts over). For a .gz the fingerprint is
 * taken over the decompressed content, so `auth.log.2.gz` is recognised as the `auth.log.1` that
 * was already read, and the gzip trailer tells how much content it holds without inflating it.
 */
import { hash } from 'node:crypto'
import zlib from 'node:zlib'
import { nodeFs, type IngestFs } from './fsSeam'

/** How many leading bytes of content the fingerprint covers. */
export const FINGERPRINT_BYTES = 1024

/** A hash of the first `len` bytes of a file's (decompressed) content. */
export interface Fingerprint {
  len: number
  hash: string
}

export const identityKey = (dev: number, ino: number): string => `${dev}:${ino}`

export function fingerprintOfBytes(head: Buffer): Fingerprint {
  // One-shot: a Hash object per file cost a scan of 100,000 files a second of CPU.
  return { len: head.length, hash: hash('sha1', head, 'base64url') }
}

/** Whether `head` (at least `fp.len` bytes of content) starts with the fingerprinted bytes. */
export function headMatches(head: Buffer, fp: Fingerprint): boolean {
  if (fp.len === 0 || head.length < fp.len) return false
  return fingerprintOfBytes(head.subarray(0, fp.len)).hash === fp.hash
}

/**
 * Up to `n` leading bytes of a file's content (decompressed for gzip, by its magic bytes).
 * Null when it cannot be read.
 */
export async function headBytes(absPath: string, n: number = FINGERPRINT_BYTES, fs: IngestFs = nodeFs): Promise<Buffer | null> {
  let handle
  try {
    handle = await fs.open(absPath)
  } catch {
    return null
  }
  try {
    const raw = Buffer.alloc(Math.max(n, 2))
    const { bytesRead } = await handle.read(raw, 0, raw.length, 0)
    const got = raw.subarray(0, bytesRead)
    if (!(got.length >= 2 && got[0] === 0x1f && got[1] === 0x8b)) return got.subarray(0, Math.min(n, got.length))
    return await inflateHead(handle.createReadStream({ start: 0, autoClose: false }), n)
  } catch {
    return null
  } finally {
    await handle.close().catch(() => undefined)
  }
}

async function inflateHead(source: NodeJS.ReadableStream & { destroy(): void }, n: number): Promise<Buffer> {
  const gunzip = zlib.createGunzip()
  source.pipe(gunzip)
  const parts: Buffer[] = []
  let total = 0
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      parts.push(chunk)
      total += chunk.length
      if (total >= n) break
    }
  } catch {
    // A truncated gzip: what inflated is the head we have.
  } finally {
    gunzip.destroy()
    source.destroy()
  }
  const all = Buffer.concat(parts)
  return all.subarray(0, Math.min(n, all.length))
}

/** The fingerprint of a file's first {@link FINGERPRINT_BYTES} bytes of content; null if unreadable or empty. */
export async function fingerprintFile(absPath: string, fs: IngestFs = nodeFs): Promise<Fingerprint | null> {
  const head = await headBytes(absPath, FINGERPRINT_BYTES, fs)
  return head === null || head.length === 0 ? null : fingerprintOfBytes(head)
}

/**
 * The uncompressed size recorded in a gzip file's trailer (ISIZE, modulo 2^32), for a single-member
 * gzip as logrotate writes. Null when unreadable or not gzip.
 */
export async function gzipContentSize(absPath: string, fs: IngestFs = nodeFs): Promise<number | null> {
  let handle
  try {
    handle = await fs.open(absPath)
  } catch {
    return null
  }
  try {
    const { size } = await handle.stat()
    if (size < 18) return null
    const magic = Buffer.alloc(2)
    await handle.read(magic, 0, 2, 0)
    if (magic[0] !== 0x1f || magic[1] !== 0x8b) return null
    const trailer = Buffer.alloc(4)
    await handle.read(trailer, 0, 4, size - 4)
    return trailer.readUInt32LE(0)
  } catch {
    return null
  } finally {
    await handle.close().catch(() => undefined)
  }
}
