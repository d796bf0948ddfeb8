import type { FileHandle } from 'node:fs/promises'
import type { FileProblem } from '../../shared/sources'
import { err, ok, type Result } from '../../shared/result'
import { problemFromError } from './fileProblem'
import { nodeFs, type IngestFs } from './fsSeam'
import { DEFAULT_MAX_LINE_CHARS } from './LineSplitter'

/** Most bytes one call reads; the caller calls again while `nextOffset` moves. */
export const MAX_APPENDED_BYTES = 16 * 1024 * 1024

/**
 * The complete lines appended to `absPath` since byte `fromOffset` (live tailing). A trailing
 * partial line is left for the next call. When the file is now shorter than `fromOffset` (it was
 * truncated or replaced), reading restarts at 0: the caller sees `nextOffset < fromOffset`.
 * A single line longer than {@link MAX_APPENDED_BYTES} without a newline is cut there so tailing
 * never stalls; lines are bounded to 64 Ki characters like in `parseFile`. CRLF is stripped,
 * invalid UTF-8 becomes U+FFFD.
 */
export async function readAppended(
  absPath: string,
  fromOffset: number,
  fs: IngestFs = nodeFs,
): Promise<Result<{ lines: string[]; nextOffset: number }, FileProblem>> {
  let handle: FileHandle
  try {
    handle = await fs.open(absPath)
  } catch (error) {
    return err(problemFromError(absPath, error))
  }
  try {
    const { size } = await handle.stat()
    const start = size < fromOffset ? 0 : Math.max(0, fromOffset)
    const length = Math.min(size - start, MAX_APPENDED_BYTES)
    if (length <= 0) return ok({ lines: [], nextOffset: start })
    const buf = Buffer.allocUnsafe(length)
    let got = 0
    while (got < length) {
      const { bytesRead } = await handle.read(buf, got, length - got, start + got)
      if (bytesRead === 0) break
      got += bytesRead
    }
    let end = buf.lastIndexOf(10, got - 1) + 1
    // No newline in a full window: a giant line still being written. Cut it rather than stall.
    if (end === 0 && got === MAX_APPENDED_BYTES) end = got
    const lines: string[] = []
    let from = 0
    while (from < end) {
      let nl = buf.indexOf(10, from)
      if (nl < 0 || nl >= end) nl = end
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
