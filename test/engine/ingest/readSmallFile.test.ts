/**
 * A small plain file is read whole with synchronous calls (readSmallFile.ts): it must give what
 * the streaming read gives, byte for byte — text, offsets, head, binary verdicts, problems.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nodeFs, type IngestFs } from '../../../src/engine/ingest/fsSeam'
import { readLogText, type TextReadResult } from '../../../src/engine/ingest/readLogText'
import { readSmallFile, SMALL_FILE_BYTES } from '../../../src/engine/ingest/readSmallFile'
import { useTempDir } from './tempDir'

const tempDir = useTempDir()

/** The same file system, not the same object: readLogText streams through it. */
const streamingFs: IngestFs = { ...nodeFs }

async function readBoth(path: string): Promise<{ fast: [TextReadResult, string]; streamed: [TextReadResult, string] }> {
  const read = async (fs: IngestFs): Promise<[TextReadResult, string]> => {
    let text = ''
    const result = await readLogText(fs, path, 'x.log', (t) => {
      text += t
    })
    return [result, text]
  }
  return { fast: await read(nodeFs), streamed: await read(streamingFs) }
}

/** Log-like bytes with the awkward parts: CRLF, invalid UTF-8, multi-byte characters, NUL and control bytes. */
const piece = fc.oneof(
  fc.constantFrom('2025-03-01T10:00:01Z web1 sshd[1]: Failed password for root from 10.0.0.1 port 22 ssh2\n', '\r\n', '\n', 'é€😀', '\u0000', '\u0007'),
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('latin1')),
)
const content = fc.array(piece, { maxLength: 300 }).map((parts) => Buffer.from(parts.join(''), 'latin1'))

describe('readSmallFile', () => {
  it('gives what the streaming read gives, for any small content (property)', async () => {
    const dir = tempDir()
    const path = join(dir, 'x.log')
    await fc.assert(
      fc.asyncProperty(content, async (bytes) => {
        writeFileSync(path, bytes)
        const { fast, streamed } = await readBoth(path)
        expect(fast).toEqual(streamed)
      }),
      { numRuns: 150, seed: 9 },
    )
  })

  it('reads a file up to its limit whole and leaves bigger files, gzip and FIFOs to the stream', () => {
    const dir = tempDir()
    const at = join(dir, 'at.log')
    writeFileSync(at, 'a'.repeat(SMALL_FILE_BYTES - 1) + '\n')
    const whole = readSmallFile(at)
    expect(whole.kind === 'whole' && [whole.bytes.length, whole.sizeAtOpen, whole.sizeAfter]).toEqual([SMALL_FILE_BYTES, SMALL_FILE_BYTES, SMALL_FILE_BYTES])
    writeFileSync(join(dir, 'over.log'), 'a'.repeat(SMALL_FILE_BYTES) + '\n')
    expect(readSmallFile(join(dir, 'over.log')).kind).toBe('stream')
    writeFileSync(join(dir, 'x.gz'), Buffer.from([0x1f, 0x8b, 8, 0]))
    expect(readSmallFile(join(dir, 'x.gz')).kind).toBe('stream')
    execFileSync('mkfifo', [join(dir, 'fifo.log')])
    // Opened without blocking (no writer ever comes), then refused.
    expect(readSmallFile(join(dir, 'fifo.log')).kind).toBe('notRegular')
    const missing = readSmallFile(join(dir, 'missing.log'))
    expect(missing.kind === 'failed' && (missing.error as NodeJS.ErrnoException).code).toBe('ENOENT')
  })

  it('names a FIFO and a missing file as the streaming read does', async () => {
    const dir = tempDir()
    execFileSync('mkfifo', [join(dir, 'fifo.log')])
    for (const name of ['fifo.log', 'missing.log']) {
      const { fast, streamed } = await readBoth(join(dir, name))
      expect(fast).toEqual(streamed)
      expect(fast[0].problem?.code).toBe(name === 'fifo.log' ? 'not_regular' : 'not_found')
    }
  })
})
