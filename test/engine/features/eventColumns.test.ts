/**
 * EventColumns grows by blocks of 65,536 rows (never by copying what it holds) and builds the
 * time-sorted table from them, consuming them one column at a time.
 */
import { describe, expect, it } from 'vitest'
import { EventColumns } from '../../../src/engine/features/EventColumns'
import { tableOf } from '../../../src/engine/features/eventTable'
import type { NormalizedEvent } from '../../../src/shared/event'
import { T0, ev } from '../detect/fixtures'

describe('EventColumns', () => {
  it('holds rows across blocks and sorts them into the table by time, store order on ties', () => {
    // 150,000 rows: a grown first block, a second and a part of a third; times run backwards by
    // pairs (the sort moves rows across blocks), each pair's two lines at one time in two files.
    const n = 150_000
    const events: NormalizedEvent[] = []
    for (let i = 0; i < n; i++) {
      const pair = Math.floor(i / 2)
      const ts = T0 + (n - 2 * pair) * 1000 - (pair % 7) * 10
      events.push(ev({ ts, host: `h${i % 11}`, user: `u${i % 5}`, source_file: i % 2 ? 'b.log' : 'a.log', source_line: i, raw: `line ${i}` }))
    }
    const c = new EventColumns(16)
    events.forEach((e, i) => c.append(e, 1_000_000 + i))
    expect(c.n).toBe(n)
    expect(Array.from(c.ids().subarray(65_530, 65_542))).toEqual(Array.from({ length: 12 }, (_, k) => 1_065_530 + k))
    const ts = c.column('ts')
    expect(ts.length).toBe(n)
    expect(ts[70_000]).toBe(events[70_000].ts)
    expect(ts[n - 1]).toBe(events[n - 1].ts)

    const t = tableOf(c, 'store', (i) => events[i])
    expect(t.n).toBe(n)
    expect(new Set(t.order).size).toBe(n)
    for (let r = 0; r < n; r++) {
      const e = events[t.order[r]]
      if (t.ts[r] !== e.ts || t.hosts.values[t.host[r]] !== e.host || t.users.values[t.user[r]] !== e.user) throw new Error(`row ${r} is not event ${t.order[r]}`)
      if (r > 0) {
        const p = events[t.order[r - 1]]
        const before = p.ts < e.ts || (p.ts === e.ts && (p.source_file < e.source_file || (p.source_file === e.source_file && p.source_line < e.source_line)))
        if (!before) throw new Error(`rows ${r - 1} and ${r} are out of the store's order`)
      }
    }
    // Renumbered by first appearance in time order.
    expect(t.hosts.values[0]).toBe(events[t.order[0]].host)
    expect(t.event(5).raw).toBe(events[t.order[5]].raw)
    // The first row is the last pair's a.log line (same time as its b.log line).
    expect(events[t.order[0]].source_file).toBe('a.log')
    expect(t.ts[0]).toBe(t.ts[1])
  })

  it('holds the table as narrow as its values allow, reading back every value the events gave', () => {
    // 200 users (Int16 ids), 3 hosts (Int8), pids and counts that are small integers (32-bit
    // floats), byte counts one of which a 32-bit float cannot hold (doubles), coordinates likewise.
    const events: NormalizedEvent[] = []
    for (let i = 0; i < 400; i++) {
      events.push(ev({ ts: T0 + i * 1000, host: `h${i % 3}`, user: `u${i % 200}`, pid: 1000 + i, count: 1 + (i % 4), bytes: i === 7 ? 16_777_217 : i * 10, lat: 48.8566, lon: 2.3522 }))
    }
    const t = tableOf(EventColumns.of(events), 'append', (i) => events[i])
    expect(t.host).toBeInstanceOf(Int8Array)
    expect(t.user).toBeInstanceOf(Int16Array)
    expect(t.pid).toBeInstanceOf(Float32Array)
    expect(t.count).toBeInstanceOf(Float32Array)
    expect(t.attempts).toBeInstanceOf(Float32Array)
    expect(t.bytes).toBeInstanceOf(Float64Array)
    expect(t.lat).toBeInstanceOf(Float64Array)
    expect(t.ts).toBeInstanceOf(Float64Array)
    for (let r = 0; r < t.n; r++) {
      const e = events[t.order[r]]
      expect([t.hosts.values[t.host[r]], t.users.values[t.user[r]], t.pid[r], t.count[r], t.bytes[r], t.lat[r], t.lon[r]]).toEqual([e.host, e.user, e.pid, e.count, e.bytes, e.lat, e.lon])
    }
  })
})
