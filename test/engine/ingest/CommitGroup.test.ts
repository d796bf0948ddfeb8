/** A scan's commit group: when it opens and commits, by files and by events, and how it ends after a failure. */
import { describe, expect, it } from 'vitest'
import { CommitGroup } from '../../../src/engine/ingest/CommitGroup'

function fakeStore(failCommit = false) {
  const calls: string[] = []
  return {
    calls,
    beginSpan: () => void calls.push('begin'),
    commitSpan: () => {
      calls.push('commit')
      if (failCommit) throw new Error('disk full')
    },
    rollbackSpan: () => void calls.push('rollback'),
  }
}

describe('CommitGroup', () => {
  it('commits every 3 files, or sooner once 10 events are stored, and opens only before a file', () => {
    const store = fakeStore()
    const group = new CommitGroup(store, { files: 3, events: 10 })
    for (const events of [1, 1, 1, 2, 9, 0]) {
      group.enter()
      group.stored(events)
    }
    // Files 1-3 (3 files), 4-5 (11 events), 6 still open.
    expect(store.calls).toEqual(['begin', 'commit', 'begin', 'commit', 'begin'])
    group.commit()
    group.commit()
    expect(store.calls.slice(5)).toEqual(['commit'])
    expect(group.committed).toBe(3)
  })

  it('a file stored after the group was committed (a big file took its own transaction) is not counted', () => {
    const store = fakeStore()
    const group = new CommitGroup(store, { files: 2, events: 100 })
    group.enter()
    group.commit()
    group.stored(50_000)
    group.enter()
    group.stored(1)
    expect(store.calls).toEqual(['begin', 'commit', 'begin'])
  })

  it('after a failure keeps what was stored, and undoes it only when the commit is refused', () => {
    const ok = fakeStore()
    const kept = new CommitGroup(ok)
    kept.enter()
    kept.stored(5)
    kept.close()
    expect(ok.calls).toEqual(['begin', 'commit'])
    const full = fakeStore(true)
    const refused = new CommitGroup(full)
    refused.enter()
    refused.close()
    expect(full.calls).toEqual(['begin', 'commit', 'rollback'])
    refused.close()
    expect(full.calls).toHaveLength(3)
  })
})
