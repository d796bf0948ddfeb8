/**
 * The identity book forgets its oldest identities in batches past its cap, and reads the stored
 * fingerprints once (one query) instead of once per file.
 */
import { describe, expect, it, vi } from 'vitest'
import { IdentityBook } from '../../../src/engine/ingest/IdentityBook'
import { Store, type FileState } from '../../../src/engine/store/Store'

const state = (ino: number): FileState => ({
  sourceId: 1,
  relPath: `app-${ino}.log`,
  dev: 7,
  ino,
  size: 100,
  mtimeMs: 0,
  offset: 100,
  compressed: false,
  format: 'auth',
  lines: 1,
  events: 1,
  unparsed: 0,
  lastEventTs: null,
  status: 'scanned',
  message: null,
  csvHeader: null,
})

describe('IdentityBook', () => {
  it('keeps the newest identities: past its cap (16) plus a sixteenth, the oldest go down to the cap', () => {
    const store = Store.open(':memory:')
    const book = new IdentityBook(store, 16)
    for (let ino = 1; ino <= 17; ino++) book.remember(state(ino))
    // 17 is within the slack (16 + 1): nothing forgotten yet.
    expect(book.get(1, 7, 1)?.relPath).toBe('app-1.log')
    book.remember(state(18))
    const known = Array.from({ length: 18 }, (_, i) => i + 1).filter((ino) => book.get(1, 7, ino) !== undefined)
    expect(known).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18])
    // Writing an identity again makes it the newest.
    book.remember(state(3))
    // 8 more: the 8 oldest (4..11) go, 3 stays.
    for (let ino = 19; ino <= 26; ino++) book.remember(state(ino))
    expect(book.get(1, 7, 3)).toBeDefined()
    expect([book.get(1, 7, 11), book.get(1, 7, 12)?.relPath]).toEqual([undefined, 'app-12.log'])
    store.close()
  })

  it('reads the stored fingerprints with one query, and a new book sees what an earlier one stored', () => {
    const store = Store.open(':memory:')
    const first = new IdentityBook(store)
    first.setFingerprint(7, 1, { len: 10, hash: 'a' })
    first.setFingerprint(7, 2, { len: 20, hash: 'b' })
    store.setSetting('fingerprinted', 'not a fingerprint key')
    const read = vi.spyOn(store, 'getSetting')
    const ranges = vi.spyOn(store, 'settingsWithPrefix')
    const second = new IdentityBook(store)
    expect([second.fingerprint(7, 1), second.fingerprint(7, 2), second.fingerprint(7, 3)]).toEqual([{ len: 10, hash: 'a' }, { len: 20, hash: 'b' }, null])
    expect([read.mock.calls.length, ranges.mock.calls.length]).toEqual([0, 1])
    expect(store.settingsWithPrefix('fingerprint:').size).toBe(2)
    store.close()
  })
})
