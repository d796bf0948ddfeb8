import { appendFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readAppended } from '../../../src/engine/ingest/readAppended'
import { useTempDir } from './tempDir'

const tempDir = useTempDir()

describe('readAppended', () => {
  it('returns complete lines only and the offset after the last newline', async () => {
    const file = path.join(tempDir(), 'auth.log')
    writeFileSync(file, 'one\ntwo\r\nthr')
    const first = await readAppended(file, 0)
    expect(first).toEqual({ ok: true, value: { lines: ['one', 'two'], nextOffset: 9 } })
    appendFileSync(file, 'ee\nfour\n')
    const second = await readAppended(file, 9)
    expect(second).toEqual({ ok: true, value: { lines: ['three', 'four'], nextOffset: 20 } })
    expect(await readAppended(file, 20)).toEqual({ ok: true, value: { lines: [], nextOffset: 20 } })
  })

  it('restarts at 0 when the file became shorter (truncated or replaced)', async () => {
    const file = path.join(tempDir(), 'auth.log')
    writeFileSync(file, 'new\n')
    expect(await readAppended(file, 100)).toEqual({ ok: true, value: { lines: ['new'], nextOffset: 4 } })
  })

  it('decodes invalid UTF-8 with replacement characters', async () => {
    const file = path.join(tempDir(), 'auth.log')
    writeFileSync(file, Buffer.from([0x61, 0xff, 0x62, 0x0a]))
    expect(await readAppended(file, 0)).toEqual({ ok: true, value: { lines: ['a\uFFFDb'], nextOffset: 4 } })
  })

  it('reports a missing file as a problem, not a throw', async () => {
    const result = await readAppended(path.join(tempDir(), 'gone.log'), 0)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('not_found')
  })
})
