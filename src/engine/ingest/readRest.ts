/**
 * Reads for rotation and tailing cases that `readAppended` (complete lines of a plain file, up to
 * 16 MiB a call) does not cover: a smaller window for live batches, the rest of a file whose last
 * line will never get its newline, and the part of a compressed rotation not read while plain.
 */
import { StringDecoder } from 'node:string_decoder'
import zlib from 'node:zlib'
import type { FileProblem } from '../../shared/sources'
import { err, ok, type Result } from '../../shared/result'
import { problemFromError } from './fileProblem'
import { nodeFs, type IngestFs } from './fsSeam'
import { DEFAULT_MAX_LINE_CHARS, LineSplitter } from './LineSplitter'
import { MAX_APPENDED_BYTES } from './readAppended'

/**
 * Like `readAppended` (complete lines from `fromOffset`; a file now shorter than `fromOffset`
 * restarts at 0), but reading at most `maxBytes`, so a live batch stays small under a backlog.
 * When the window holds no newline at all (a line longer than it), null: the caller falls back
 * to `readAppended`'s large window, which cuts such a line rather than stall.
 */
export async function readAppendedWindow(absPath: string, fromOffset: number, maxBytes: number, fs: IngestFs = nodeFs): Promise<Result<RestRead, FileProblem> | null> {
  let handle
  try {
    handle = await fs.open(absPath)
  } catch (error) {
    return err(problemFromError(absPath, error))
  }
  try {
    const { size } = await handle.stat()
    const start = size < fromOffset ? 0 : fromOffset
    const length = Math.min(size - start, maxBytes)
    if (length <= 0) return ok({ lines: [], nextOffset: start })
    const buf = Buffer.allocUnsafe(length)
    let got = 0
    while (got < length) {
      const { bytesRead } = await handle.read(buf, got, length - got, start + got)
      if (bytesRead === 0) break
      got += bytesRead
    }
    const end = buf.lastIndexOf(10, got - 1) + 1
    if (end === 0) return got === maxBytes ? null : ok({ lines: [], nextOffset: start })
    const lines: string[] = []
    let from = 0
    while (from < end) {
      const nl = buf.indexOf(10, from)
      let stop = nl
      if (stop > from && buf[stop - 1] === 13) stop--
      let line = buf.toString('utf8', from, stop)
      if (line.length > DEFAULT_MAX_LINE_CHARS) line = line.slice(0, DEFAULT_MAX_LINE_CHARS)
      lines.push(line)
      from = nl + 1
    }
    return ok({ lines, nextOffset: start + end })
  } catch (error) {
    return err(problemFromError(absPath, error))
  } finally {
    await handle.close().catch(() => undefined)
  }
}

export interface RestRead {
  lines: string[]
  /** Byte offset after what was read (decompressed bytes for gzip). */
  nextOffset: number
}

/**
 * Everything from `fromOffset` to the end of a plain file as lines, the last one even without its
 * newline (a file that never ends its last line: read after a quiet period). At most
 * {@link MAX_APPENDED_BYTES}; the caller calls again while `nextOffset` moves.
 */
export async function readFinalLines(absPath: string, fromOffset: number, fs: IngestFs = nodeFs): Promise<Result<RestRead, FileProblem>> {
  let handle
  try {
    handle = await fs.open(absPath)
  } catch (error) {
    return err(problemFromError(absPath, error))
  }
  try {
    const { size } = await handle.stat()
    const start = size < fromOffset ? 0 : fromOffset
    const length = Math.min(size - start, MAX_APPENDED_BYTES)
    if (length <= 0) return ok({ lines: [], nextOffset: start })
    const buf = Buffer.alloc(length)
    let got = 0
    while (got < length) {
      const { bytesRead } = await handle.read(buf, got, length - got, start + got)
      if (bytesRead === 0) break
      got += bytesRead
    }
    const lines: string[] = []
    const splitter = new LineSplitter((line) => lines.push(line), DEFAULT_MAX_LINE_CHARS)
    const decoder = new StringDecoder('utf8')
    splitter.push(decoder.write(buf.subarray(0, got)))
    splitter.push(decoder.end())
    splitter.end()
    return ok({ lines, nextOffset: start + got })
  } catch (error) {
    return err(problemFromError(absPath, error))
  } finally {
    await handle.close().catch(() => undefined)
  }
}

/**
 * The lines of a gzip file's content after its first `skipBytes` decompressed bytes (the part of
 * a rotated log not read before it was compressed). The last line counts without a newline: a
 * compressed rotation is final. A truncated gzip yields what inflated.
 */
export async function readGzipFrom(absPath: string, skipBytes: number, fs: IngestFs = nodeFs): Promise<Result<RestRead, FileProblem>> {
  let handle
  try {
    handle = await fs.open(absPath)
  } catch (error) {
    return err(problemFromError(absPath, error))
  }
  const raw = handle.createReadStream({ start: 0, autoClose: false })
  const gunzip = zlib.createGunzip({ chunkSize: 64 * 1024 })
  raw.on('error', (e) => gunzip.destroy(e))
  raw.pipe(gunzip)
  const lines: string[] = []
  const splitter = new LineSplitter((line) => lines.push(line), DEFAULT_MAX_LINE_CHARS)
  const decoder = new StringDecoder('utf8')
  let seen = 0
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const from = Math.max(0, skipBytes - seen)
      seen += chunk.length
      if (from < chunk.length) splitter.push(decoder.write(chunk.subarray(from)))
    }
  } catch (error) {
    if (seen === 0) return err(problemFromError(absPath, error))
  } finally {
    gunzip.destroy()
    raw.destroy()
    await handle.close().catch(() => undefined)
  }
  splitter.push(decoder.end())
  splitter.end()
  return ok({ lines, nextOffset: Math.max(seen, skipBytes) })
}
