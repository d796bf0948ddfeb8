/**
 * A small plain file read whole with synchronous calls: open, fstat, one read, fstat, close. A
 * folder of 100,000 one-line files spent most of its scan on the promise and stream machinery of
 * seven asynchronous calls per file (each a round trip through libuv's thread pool); for a file of
 * a few KiB the synchronous calls take microseconds. Bigger files, gzip and files that grow while
 * read go the streaming way (readLogText) instead.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'

/** Files up to this size (at open) are read whole. */
export const SMALL_FILE_BYTES = 64 * 1024

export type SmallRead =
  /** The whole file: `bytes` (at most its size at open); `sizeAfter` its size once read. */
  | { kind: 'whole'; bytes: Buffer; sizeAtOpen: number; sizeAfter: number }
  /** Opened, but not a regular file (a FIFO or device swapped in after discovery). */
  | { kind: 'notRegular' }
  /** open, fstat or read failed (the error as thrown, for `problemFromError`). */
  | { kind: 'failed'; error: unknown }
  /** Not for this path: too big, gzip, or it grew while read. Stream it. */
  | { kind: 'stream' }

const GZIP_MAGIC = [0x1f, 0x8b]

export function readSmallFile(absPath: string, maxBytes: number = SMALL_FILE_BYTES): SmallRead {
  let fd: number
  try {
    // O_NONBLOCK: opening a FIFO never waits for a writer (as the asynchronous seam does).
    fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    return { kind: 'failed', error }
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) return { kind: 'notRegular' }
    if (st.size > maxBytes) return { kind: 'stream' }
    // One byte more than its size: a read that fills it means the file grew meanwhile.
    const buf = Buffer.allocUnsafe(st.size + 1)
    let n = 0
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, n)
      if (got === 0) break
      n += got
      if (n === buf.length) return { kind: 'stream' }
    }
    if (n >= 2 && buf[0] === GZIP_MAGIC[0] && buf[1] === GZIP_MAGIC[1]) return { kind: 'stream' }
    return { kind: 'whole', bytes: buf.subarray(0, n), sizeAtOpen: st.size, sizeAfter: fstatSync(fd).size }
  } catch (error) {
    return { kind: 'failed', error }
  } finally {
    closeSync(fd)
  }
}
