import { StringDecoder } from 'node:string_decoder'
import zlib from 'node:zlib'
import type { Readable } from 'node:stream'
import type { FileHandle } from 'node:fs/promises'
import type { FileProblem } from '../../shared/sources'
import { binaryReason, BINARY_SAMPLE_BYTES } from './binarySniff'
import { errorCode, problemFromError } from './fileProblem'
import { nodeFs, type IngestFs } from './fsSeam'
import { FINGERPRINT_BYTES } from './fileIdentity'
import { inflatesPast } from './gzipBomb'
import { readSmallFile, type SmallRead } from './readSmallFile'

/** What reading a log file as text gave. */
export interface TextReadResult {
  /** Bytes read from the file on disk (compressed bytes for gzip). */
  bytesRead: number
  /** Decompressed bytes handed on as text. */
  textBytes: number
  /**
   * Where tailing should resume: for a plain file the byte offset just after its last newline
   * (a half-written last line is read again, whole, once it is finished); for gzip the file size.
   */
  tailOffset: number
  gzip: boolean
  problem: FileProblem | null
  /**
   * A plain file's first bytes (up to FINGERPRINT_BYTES), as read: its identity fingerprint
   * without opening it again. Null for gzip.
   */
  head: Buffer | null
  /** gzip: the inflated text passed `maxInflatedBytes`; the read stopped there. */
  capped: boolean
  /**
   * A plain file shrank while it was read (truncated, or cut and rewritten): what was read is
   * kept, but the file no longer holds it all. The caller names it with the lines it got.
   */
  shrank: boolean
}

export interface TextReadLimits {
  /** gzip: stop after this many inflated bytes (a decompression bomb, see gzipBomb.ts). */
  maxInflatedBytes?: number
  /**
   * gzip: inflate and count first, and pass on nothing when the cap is passed (a bomb to skip):
   * no line of it is parsed, let alone stored.
   */
  measureFirst?: boolean
}

const CHUNK = 1 << 20
const MIN_CHUNK = 16 * 1024

/**
 * Streams `absPath` as UTF-8 text chunks to `onText` (invalid bytes become U+FFFD), gunzipping when
 * the content starts with the gzip signature. A truncated or damaged gzip keeps what decompressed
 * and reports 'corrupt'; binary content is not passed on and reports 'binary'. Never throws for
 * file reasons: they come back as `problem`. `onText` may return false to stop reading early.
 */
export async function readLogText(
  fs: IngestFs,
  absPath: string,
  relPath: string,
  onText: (text: string) => boolean | void,
  limits: TextReadLimits = {},
): Promise<TextReadResult> {
  const result: TextReadResult = { bytesRead: 0, textBytes: 0, tailOffset: 0, gzip: false, problem: null, head: null, capped: false, shrank: false }
  // The real file system reads a small plain file whole (readSmallFile.ts); an injected seam
  // (failures for tests) goes through its own `open` below.
  if (fs === nodeFs) {
    const small = readSmallFile(absPath)
    if (small.kind !== 'stream') return textOfSmall(small, relPath, onText, result)
  }
  let handle: FileHandle
  let sizeAtOpen: number
  try {
    handle = await fs.open(absPath)
  } catch (error) {
    result.problem = problemFromError(relPath, error)
    return result
  }
  try {
    // What was opened, not what discovery saw: a FIFO or device swapped in meanwhile is never read.
    const st = await handle.stat()
    if (!st.isFile()) {
      await handle.close()
      result.problem = notRegular(relPath)
      return result
    }
    sizeAtOpen = st.size
  } catch (error) {
    await handle.close().catch(() => undefined)
    result.problem = problemFromError(relPath, error)
    return result
  }
  const maxInflated = limits.maxInflatedBytes ?? Number.POSITIVE_INFINITY
  let raw: Readable | null = null
  let gunzip: zlib.Gunzip | null = null
  const decoder = new StringDecoder('utf8')
  const noteNewline = (buf: Buffer): void => {
    const nl = buf.lastIndexOf(10)
    if (nl >= 0) result.tailOffset = result.textBytes + nl + 1
    result.textBytes += buf.length
  }
  let sample: Buffer | null = Buffer.alloc(0)
  /** Passes on what is held back; false when it turned out binary. */
  const flush = (): boolean => {
    if (sample !== null && sample.length > 0) {
      const reason = binaryReason(sample)
      if (reason !== null) {
        result.problem = { file: relPath, code: 'binary', message: `${relPath}: skipped, ${reason}` }
        sample = null
        return false
      }
      noteNewline(sample)
      onText(decoder.write(sample))
    }
    sample = null
    onText(decoder.end())
    return true
  }
  try {
    const head = Buffer.alloc(2)
    const { bytesRead } = await handle.read(head, 0, 2, 0)
    result.gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b
    if (result.gzip && limits.measureFirst === true && Number.isFinite(maxInflated) && (await inflatesPast(fs, absPath, maxInflated))) {
      result.capped = true
      sample = null
      return result
    }
    // A stream allocates its whole chunk up front: 1 MiB for a 100-byte file, times 100,000 tiny
    // files, is gigabytes of garbage. A small file gets a small chunk (it may still grow while read).
    raw = handle.createReadStream({ start: 0, highWaterMark: Math.min(CHUNK, Math.max(MIN_CHUNK, sizeAtOpen + 1)), autoClose: false })
    if (!result.gzip) result.head = Buffer.alloc(0)
    raw.on('data', (chunk: Buffer) => {
      result.bytesRead += chunk.length
      const head = result.head
      if (head !== null && head.length < FINGERPRINT_BYTES) result.head = Buffer.concat([head, chunk.subarray(0, FINGERPRINT_BYTES - head.length)])
    })
    let source: AsyncIterable<Buffer> = raw
    if (result.gzip) {
      // Output is passed on as it inflates, so a gzip cut short has yielded everything up to the
      // cut when the end-of-stream error ("unexpected end of file") arrives.
      gunzip = zlib.createGunzip({ chunkSize: 64 * 1024 })
      const gz = gunzip
      raw.on('error', (error) => gz.destroy(error))
      raw.pipe(gz)
      source = gz
    }
    for await (const whole of source) {
      let chunk = whole as Buffer
      if (result.gzip && result.textBytes + (sample?.length ?? 0) + chunk.length > maxInflated) {
        // Up to the cap, and back to the last whole line in it: a cut line would read as garbage.
        const allowed = chunk.subarray(0, Math.max(0, maxInflated - result.textBytes - (sample?.length ?? 0)))
        const nl = allowed.lastIndexOf(10)
        chunk = nl >= 0 ? allowed.subarray(0, nl + 1) : allowed
        result.capped = true
      }
      if (sample !== null) {
        // Hold text back until the binary sniff has enough bytes to decide.
        sample = Buffer.concat([sample, chunk])
        if (sample.length < BINARY_SAMPLE_BYTES && !result.capped) continue
        const reason = binaryReason(sample)
        if (reason !== null) {
          result.problem = { file: relPath, code: 'binary', message: `${relPath}: skipped, ${reason}` }
          return result
        }
        noteNewline(sample)
        const more = onText(decoder.write(sample))
        sample = null
        if (more === false) return result
        if (result.capped) break
        continue
      }
      noteNewline(chunk)
      if (onText(decoder.write(chunk)) === false) return result
      if (result.capped) break
    }
    flush()
    if (result.gzip) result.tailOffset = result.bytesRead
    // Read to its end but shorter than when opened, or now shorter than what was read: cut under us.
    else result.shrank = result.bytesRead < sizeAtOpen || (await handle.stat()).size < result.bytesRead
  } catch (error) {
    const code = errorCode(error)
    if (!flush()) return result
    if (result.gzip && (code === undefined || code.startsWith('Z_') || code.startsWith('ERR_'))) {
      result.problem = {
        file: relPath,
        code: 'corrupt',
        message: `${relPath}: damaged or truncated gzip; kept the ${result.textBytes.toLocaleString('en-US')} bytes that decompressed`,
      }
    } else {
      result.problem = problemFromError(relPath, error)
    }
  } finally {
    gunzip?.destroy()
    raw?.destroy()
    await handle.close().catch(() => undefined)
  }
  return result
}

/** What the streaming read below gives for a small plain file read whole (see readSmallFile). */
function textOfSmall(small: Exclude<SmallRead, { kind: 'stream' }>, relPath: string, onText: (text: string) => boolean | void, result: TextReadResult): TextReadResult {
  if (small.kind === 'failed') return { ...result, problem: problemFromError(relPath, small.error) }
  if (small.kind === 'notRegular') return { ...result, problem: notRegular(relPath) }
  const { bytes } = small
  result.bytesRead = bytes.length
  result.head = Buffer.from(bytes.subarray(0, FINGERPRINT_BYTES))
  const reason = bytes.length > 0 ? binaryReason(bytes) : null
  if (reason !== null) return { ...result, problem: { file: relPath, code: 'binary', message: `${relPath}: skipped, ${reason}` } }
  const nl = bytes.lastIndexOf(10)
  result.tailOffset = nl + 1
  result.textBytes = bytes.length
  const decoder = new StringDecoder('utf8')
  onText(decoder.write(bytes))
  onText(decoder.end())
  result.shrank = bytes.length < small.sizeAtOpen || small.sizeAfter < bytes.length
  return result
}

function notRegular(relPath: string): FileProblem {
  return { file: relPath, code: 'not_regular', message: `${relPath}: not a regular file (FIFO, socket or device), skipped` }
}
