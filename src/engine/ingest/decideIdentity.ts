/**
 * Decides how a file seen under a path relates to what the store already read: the same file
 * (tail it), a rotated file that continues an identity read under another name (logrotate's
 * rename), a compressed copy of content already read (`auth.log.1` → `auth.log.2.gz`), or new
 * content (read from 0: a new file, a re-used inode, a copytruncate'd file that grew back).
 */
import type { DiscoveredFile } from './discoverFiles'
import type { FileRecord } from '../store/Store'
import { FINGERPRINT_BYTES, gzipContentSize, headBytes, headMatches } from './fileIdentity'
import type { IdentityBook, KnownFile } from './IdentityBook'

export type IdentityDecision =
  | { kind: 'same' }
  | { kind: 'fresh' }
  | { kind: 'renamed'; from: KnownFile }
  /** A gzip whose content starts with a file read up to `from.offset`; `contentSize` bytes in all. */
  | { kind: 'compressedCopy'; from: KnownFile; contentSize: number }

const GZIP_SIZE_MODULUS = 2 ** 32

export async function decideIdentity(
  book: IdentityBook,
  sourceId: number,
  file: DiscoveredFile,
  rec: FileRecord | undefined,
): Promise<IdentityDecision> {
  book.load(sourceId)
  const sameIdentity = rec !== undefined && rec.dev === file.dev && rec.ino === file.ino
  if (rec && sameIdentity) {
    if (file.compressed || (rec.size === file.size && rec.mtimeMs === file.mtimeMs)) return { kind: 'same' }
    // Shrunk (copytruncate, or a deleted file's inode re-used by a shorter one): read from 0. The
    // content read so far is kept in the book, for a compressed copy of it to be recognised.
    if (file.size < rec.offset) {
      book.retire(sourceId, file.dev, file.ino)
      return { kind: 'fresh' }
    }
    const fp = book.fingerprint(file.dev, file.ino)
    if (!fp) return { kind: 'same' }
    const head = await headBytes(file.absPath, fp.len)
    // Unreadable now: the tail reports it. Different first bytes: the inode holds other content.
    if (head === null || headMatches(head, fp)) return { kind: 'same' }
    book.retire(sourceId, file.dev, file.ino)
    return { kind: 'fresh' }
  }
  const prev = book.get(sourceId, file.dev, file.ino)
  if (prev && prev.relPath !== file.relPath && !prev.compressed && !file.compressed && file.size >= prev.offset) {
    const fp = book.fingerprint(file.dev, file.ino)
    const head = fp ? await headBytes(file.absPath, fp.len) : null
    if (!fp || (head !== null && headMatches(head, fp))) return { kind: 'renamed', from: prev }
  }
  if (file.compressed) {
    const head = await headBytes(file.absPath, FINGERPRINT_BYTES)
    const from = head && head.length > 0 ? book.byContent(sourceId, head) : undefined
    const contentSize = from ? await gzipContentSize(file.absPath) : null
    // ISIZE is the content size modulo 2^32; beyond 4 GiB a rotation is read whole.
    if (from && contentSize !== null && from.offset < GZIP_SIZE_MODULUS && contentSize >= from.offset) {
      return { kind: 'compressedCopy', from, contentSize }
    }
  }
  // The inode once held other content (deleted, then re-used): keep that findable by content.
  if (prev) book.retire(sourceId, file.dev, file.ino)
  return { kind: 'fresh' }
}
