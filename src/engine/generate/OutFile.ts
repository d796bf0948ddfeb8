/**
 * One output file written as a stream (optionally gzip-compressed), with a buffer so lines are
 * handed to the stream in large chunks and backpressure is honoured.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { utimes } from 'node:fs/promises'
import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { createGzip } from 'node:zlib'

const CHUNK = 1 << 18

export class OutFile {
  /** Lines (or JSON records) written. */
  lines = 0
  /** Time of the newest line, epoch ms (sets the file's mtime). */
  lastTs = 0
  private chunks: string[] = []
  private pending = 0
  private readonly sink: Writable
  private readonly file: Writable

  constructor(
    readonly relPath: string,
    readonly absPath: string,
    compressed: boolean,
  ) {
    this.file = createWriteStream(absPath)
    if (compressed) {
      const gzip = createGzip({ level: 6 })
      gzip.pipe(this.file)
      this.sink = gzip
    } else {
      this.sink = this.file
    }
  }

  /** Buffers text; true when the buffer is big enough to be worth a `flush()`. */
  append(text: string): boolean {
    this.chunks.push(text)
    this.pending += text.length
    return this.pending >= CHUNK
  }

  async flush(): Promise<void> {
    if (this.chunks.length === 0) return
    const data = this.chunks.join('')
    this.chunks = []
    this.pending = 0
    if (!this.sink.write(data)) await once(this.sink, 'drain')
  }

  /** Flushes, ends the stream, waits until the bytes are on disk, and sets the mtime. */
  async close(): Promise<void> {
    await this.flush()
    this.sink.end()
    await finished(this.file)
    if (this.lastTs > 0) {
      const mtime = Math.ceil(this.lastTs / 1000) + 1
      await utimes(this.absPath, mtime, mtime)
    }
  }
}
