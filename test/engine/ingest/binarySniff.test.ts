import { describe, expect, it } from 'vitest'
import { binaryReason } from '../../../src/engine/ingest/binarySniff'

const text = (s: string): Uint8Array => Buffer.from(s, 'utf8')

describe('binaryReason', () => {
  it('passes text, UTF-8, and text after a run of NUL bytes (crash artifact)', () => {
    expect(binaryReason(text('Jan  5 03:12:00 host sshd[1]: Accepted password for alice\n'.repeat(50)))).toBeNull()
    expect(binaryReason(text('utilisateur réseau: 東京 ✓\n'.repeat(100)))).toBeNull()
    expect(binaryReason(Buffer.concat([Buffer.alloc(2000), text('Jan  5 03:12:00 host sshd[1]: ok\n'.repeat(40))]))).toBeNull()
  })

  it('flags signatures, control-byte soup and all-NUL content', () => {
    expect(binaryReason(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]))).toMatch(/signature/)
    expect(binaryReason(Buffer.from('SQLite format 3\0', 'latin1'))).toMatch(/signature/)
    let x = 12345
    const soup = Buffer.alloc(4096, 0).map(() => {
      x = (x * 1103515245 + 12345) & 0x7fffffff
      return x & 0xff
    })
    expect(binaryReason(soup)).toMatch(/binary/)
    expect(binaryReason(Buffer.alloc(100))).toBe('only NUL bytes')
  })
})
