/** The building blocks of rotation tracking, on real files: fingerprints, gzip trailers, windows. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { fingerprintFile, gzipContentSize, headBytes, headMatches } from '../../../src/engine/ingest/fileIdentity'
import { readAppendedWindow, readFinalLines, readGzipFrom } from '../../../src/engine/ingest/readRest'

const dir = mkdtempSync(join(tmpdir(), 'vigil-identity-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const content = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(i % 40)}`).join('\n') + '\n'

describe('file identity and rest reads', () => {
  it('fingerprints the first KiB of content, the same for a file and its gzip', async () => {
    writeFileSync(join(dir, 'a.log'), content)
    writeFileSync(join(dir, 'a.log.gz'), gzipSync(content))
    const fp = await fingerprintFile(join(dir, 'a.log'))
    expect(fp?.len).toBe(1024)
    expect(await fingerprintFile(join(dir, 'a.log.gz'))).toEqual(fp)
    const other = await headBytes(join(dir, 'a.log'), 1024)
    expect(headMatches(Buffer.from(`${other!.toString('latin1').slice(0, 1023)}!`, 'latin1'), fp!)).toBe(false)
    expect(await gzipContentSize(join(dir, 'a.log.gz'))).toBe(Buffer.byteLength(content))
    expect(await gzipContentSize(join(dir, 'a.log'))).toBeNull()
  })

  it('reads a gzip from a decompressed offset, and the rest of a file without a final newline', async () => {
    const skip = Buffer.byteLength(content.split('\n').slice(0, 400).join('\n') + '\n')
    const rest = await readGzipFrom(join(dir, 'a.log.gz'), skip)
    expect(rest.ok && rest.value.lines).toEqual(content.trimEnd().split('\n').slice(400))
    writeFileSync(join(dir, 'b.log'), 'one\r\ntwo\nthree without newline')
    const fin = await readFinalLines(join(dir, 'b.log'), 5)
    expect(fin.ok && fin.value).toEqual({ lines: ['two', 'three without newline'], nextOffset: 30 })
  })

  it('reads appended lines in bounded windows: every line once, CRLF stripped, partial left', async () => {
    const file = join(dir, 'c.log')
    writeFileSync(file, `${content.replace(/\n/g, '\r\n')}partial`)
    const got: string[] = []
    let offset = 0
    for (let calls = 0; calls < 1_000; calls++) {
      const r = await readAppendedWindow(file, offset, 512)
      if (r === null || !r.ok) throw new Error('unexpected')
      if (r.value.nextOffset === offset) break
      got.push(...r.value.lines)
      offset = r.value.nextOffset
    }
    expect(got).toEqual(content.trimEnd().split('\n'))
    expect(offset).toBe(Buffer.byteLength(content) + 500)
    writeFileSync(file, 'y'.repeat(2_000))
    expect(await readAppendedWindow(file, 0, 512)).toBeNull() // a line longer than the window
  })
})
