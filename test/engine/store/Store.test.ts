import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { Store, type FileState, type KeyedEvent } from '../../../src/engine/store/Store'
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/engine/store/schema'
import { makeEvent, makeScore } from './makeEvent'

const fileState = (over: Partial<FileState> = {}): FileState => ({
  sourceId: 1,
  relPath: 'auth.log',
  dev: 1,
  ino: 2,
  size: 300,
  mtimeMs: 1000,
  offset: 300,
  compressed: false,
  format: 'auth',
  lines: 3,
  events: 3,
  unparsed: 0,
  lastEventTs: null,
  status: 'scanned',
  message: null,
  csvHeader: null,
  ...over,
})

const keyed = (n: number, prefix = 'k'): KeyedEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `${prefix}${i}`,
    event: makeEvent({ source_line: i + 1, ts: Date.UTC(2025, 2, 1, 12, 0, i), user: `u${i}` }),
  }))

describe('Store', () => {
  const stores: Store[] = []
  const dirs: string[] = []
  const open = (path = ':memory:'): Store => {
    const s = Store.open(path)
    stores.push(s)
    return s
  }
  afterEach(() => {
    for (const s of stores.splice(0)) s.close()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('counts the stored repeats of a base key (key, key#1, ...) in bulk and indexed stores', () => {
    for (const bulk of [false, true]) {
      const s = open()
      if (bulk) s.beginBulkLoad()
      const sourceId = s.addSource('/logs', 1)
      const copies = Array.from({ length: 37 }, (_, i) => ({ key: i === 0 ? 'base' : `base#${i}`, event: makeEvent({ source_line: i + 1 }) }))
      s.commitFile(fileState({ sourceId }), [...copies, { key: 'other', event: makeEvent({ source_line: 40 }) }])
      expect([s.storedRepeats('base'), s.storedRepeats('other'), s.storedRepeats('none')]).toEqual([37, 1, 0])
    }
  })

  it('creates the schema at the current version', () => {
    expect(open().schemaVersion).toBe(SCHEMA_VERSION)
  })

  it('inserts events with their file in one commit and reads them back in time order', () => {
    const s = open()
    const sourceId = s.addSource('/logs', 1)
    const events = keyed(3).reverse()
    const { fileId, inserted } = s.commitFile(fileState({ sourceId }), events)
    expect(inserted.map((i) => i.index)).toEqual([0, 1, 2])
    expect(s.file(sourceId, 'auth.log')).toMatchObject({ id: fileId, root: '/logs', offset: 300, compressed: false })
    const all = s.allEvents()
    expect(all.map((e) => e.event.user)).toEqual(['u0', 'u1', 'u2'])
    expect(all[0].event).toEqual(events[2].event)
    expect(s.eventCount()).toBe(3)
  })

  it('ignores an event whose key is already stored (overlapping rotated copies)', () => {
    const s = open()
    const sourceId = s.addSource('/logs', 1)
    s.commitFile(fileState({ sourceId }), keyed(3))
    const again = s.commitFile(fileState({ sourceId, relPath: 'auth.log.1.gz', compressed: true }), [
      ...keyed(3),
      { key: 'new', event: makeEvent({ user: 'eve' }) },
    ])
    expect(again.inserted).toEqual([{ id: 4, index: 3 }])
    expect(s.eventCount()).toBe(4)
    expect(s.files().map((f) => f.relPath)).toEqual(['auth.log', 'auth.log.1.gz'])
  })

  it('joins scores and triage into findings, filtered by severity and ordered by score', () => {
    const s = open()
    const { inserted } = s.commitFile(fileState({ sourceId: s.addSource('/logs', 1) }), keyed(4))
    const scores = [0.2, 0.96, 0.6, 0.75]
    s.writeScores(inserted.map(({ id }, i) => ({ eventId: id, score: makeScore(scores[i]) })), '18.1', null)
    expect(s.findings('LOW').map((f) => [f.user, f.severity])).toEqual([
      ['u1', 'CRITICAL'],
      ['u3', 'MEDIUM'],
      ['u2', 'LOW'],
    ])
    expect(s.findings('NONE')).toHaveLength(4)
    const f = s.finding(2)
    expect(f).toMatchObject({
      id: 2,
      score: 0.96,
      status: 'new',
      note: '',
      mitre_techniques: ['T1110.001'],
      detector_scores: { iforest: 0.4, rules: 0.96 },
      attack_version: '18.1',
    })
    expect(s.findingsByIds([4, 99, 1]).map((x) => x.id)).toEqual([4, 1])
    expect(s.stats()).toMatchObject({
      files: 1,
      hosts: 1,
      events: 4,
      findings: { LOW: 1, MEDIUM: 1, HIGH: 0, CRITICAL: 1 },
      threats: { brute_force: 3 },
      topUsers: [
        ['u1', 1],
        ['u2', 1],
        ['u3', 1],
      ],
      topSourceIps: [['10.0.0.1', 3]],
    })
  })

  it('returns the events around a finding in the same file', () => {
    const s = open()
    s.commitFile(fileState({ sourceId: s.addSource('/logs', 1) }), keyed(10))
    expect(s.context(5, 2).map((f) => f.source_line)).toEqual([3, 4, 5, 6, 7])
    expect(s.context(1, 2).map((f) => f.source_line)).toEqual([1, 2, 3])
    expect(s.context(42, 2)).toEqual([])
  })

  it('keeps triage by event key, so it survives the event being stored again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'))
    dirs.push(dir)
    const path = join(dir, 'vigil.sqlite')
    const s1 = open(path)
    s1.commitFile(fileState({ sourceId: s1.addSource('/logs', 1) }), keyed(2))
    expect(s1.setTriage(2, { status: 'escalated', note: 'ticket 7' }, 5)).toMatchObject({ status: 'escalated', note: 'ticket 7' })
    expect(s1.setTriage(2, { note: 'ticket 8' }, 6)).toMatchObject({ status: 'escalated', note: 'ticket 8' })
    expect(s1.setTriage(99, { status: 'resolved' }, 7)).toBeUndefined()
    s1.close()

    // A new store (a rescan into a fresh database file) knows nothing of the row ids, only the keys.
    const s2 = open(path)
    expect(s2.finding(2)).toMatchObject({ status: 'escalated', note: 'ticket 8' })
    const fresh = open(':memory:')
    fresh.commitFile(fileState({ sourceId: fresh.addSource('/logs', 1) }), keyed(2).reverse())
    expect(fresh.finding(1)?.status).toBe('new')
  })

  it('migrates a store written by an older schema, keeping its rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'))
    dirs.push(dir)
    const path = join(dir, 'old.sqlite')
    const old = new Database(path)
    old.exec(MIGRATIONS[0])
    old.pragma('user_version = 1')
    old.prepare("INSERT INTO sources (root, opened_at) VALUES ('/logs', 1)").run()
    old.prepare("INSERT INTO files (source_id, rel_path, \"offset\") VALUES (1, 'auth.log', 42)").run()
    old.close()
    const s = open(path)
    expect(s.schemaVersion).toBe(SCHEMA_VERSION)
    expect(s.files()).toMatchObject([{ relPath: 'auth.log', offset: 42, csvHeader: null }])
    s.close()
    const future = new Database(path)
    future.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    future.close()
    expect(() => Store.open(path)).toThrow(/newer than this Vigil/)
  })

  it('migrates files recorded as skipped when deleted to their own status, deleted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'))
    dirs.push(dir)
    const path = join(dir, 'v3.sqlite')
    const old = new Database(path)
    for (const m of MIGRATIONS.slice(0, 3)) old.exec(m)
    old.pragma('user_version = 3')
    old.prepare("INSERT INTO sources (root, opened_at) VALUES ('/logs', 1)").run()
    const file = old.prepare('INSERT INTO files (source_id, rel_path, status, message) VALUES (1, ?, ?, ?)')
    file.run('auth.log', 'skipped', 'auth.log: deleted; its events are kept')
    file.run('web2/secure', 'skipped', 'web2/secure: deleted with its folder web2; its events are kept')
    file.run('image.bin', 'skipped', 'image.bin: binary, not a log; skipped')
    file.run('auth.log.1', 'watching', null)
    old.close()
    const s = open(path)
    expect(s.files().map((f) => [f.relPath, f.status])).toEqual([
      ['auth.log', 'deleted'],
      ['auth.log.1', 'watching'],
      ['image.bin', 'skipped'],
      ['web2/secure', 'deleted'],
    ])
  })

  it('gives findings stored before episodes existed the incidents they had (threat type and first reason)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'))
    dirs.push(dir)
    const path = join(dir, 'v8.sqlite')
    const old = new Database(path)
    for (const m of MIGRATIONS.slice(0, 8)) old.exec(m)
    old.pragma('user_version = 8')
    old.prepare("INSERT INTO sources (root, opened_at) VALUES ('/logs', 1)").run()
    old.prepare("INSERT INTO files (source_id, rel_path) VALUES (1, 'auth.log')").run()
    const ev = old.prepare("INSERT INTO events (id, event_key, file_id, ts, host, source_file, source_line, event, outcome, raw) VALUES (?, ?, 1, 0, 'h', 'auth.log', ?, 'auth_failure', 'failure', 'x')")
    const sc = old.prepare("INSERT INTO scores VALUES (?, ?, ?, ?, ?, '[]', '[]', '{}', ?, '18.1', NULL)")
    for (const [id, score, sev, rank, threat, reasons] of [
      [1, 0.9, 'HIGH', 3, 'brute_force', '["9 failed logins from 203.0.113.9"]'],
      [2, 0.8, 'MEDIUM', 2, 'brute_force', '["9 failed logins from 203.0.113.9","second"]'],
      [3, 0.1, 'NONE', 0, 'none', '[]'],
    ] as const) {
      ev.run(id, `k${id}`, id)
      sc.run(id, score, sev, rank, threat, reasons)
    }
    old.close()
    const s = open(path)
    const episodes = new Database(path, { readonly: true })
    expect(episodes.prepare('SELECT event_id, episode FROM scores ORDER BY event_id').raw().all()).toEqual([
      [1, 'brute_force:9 failed logins from 203.0.113.9'],
      [2, 'brute_force:9 failed logins from 203.0.113.9'],
      [3, null],
    ])
    episodes.close()
    s.close()
  })

  it('stores the SSH key of an event and reads it back in events, findings and the grid order', () => {
    const s = open()
    const fp = 'SHA256:pPq1bqTzvG8xQ0o1yZ3l0d0u3pZr2Q8k4mS0aB1cD2e'
    const withKey = makeEvent({ event: 'auth_success', outcome: 'success', auth_method: 'publickey', key_type: 'ED25519-CERT', key_fingerprint: fp })
    // An event built before the fields existed (optional in the type) is stored with NULLs.
    const { key_type: _t, key_fingerprint: _f, ...legacy } = makeEvent({ source_line: 2 })
    const { inserted } = s.commitFile(fileState({ sourceId: s.addSource('/logs', 1) }), [
      { key: 'a', event: withKey },
      { key: 'b', event: legacy },
    ])
    s.writeScores(inserted.map(({ id }) => ({ eventId: id, score: makeScore(0.9) })), '18.1', null)
    expect(s.allEvents().map((e) => [e.event.key_type, e.event.key_fingerprint])).toEqual([
      ['ED25519-CERT', fp],
      [null, null],
    ])
    expect(s.allEvents()[0].event).toEqual(withKey)
    expect(s.finding(1)).toMatchObject({ key_type: 'ED25519-CERT', key_fingerprint: fp, score: 0.9, status: 'new', attack_version: '18.1' })
    expect(s.finding(2)).toMatchObject({ key_type: null, key_fingerprint: null })
  })

  it('adds the SSH key columns to an older store, its events reading as without a key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'))
    dirs.push(dir)
    const path = join(dir, 'before-keys.sqlite')
    const keyMigration = MIGRATIONS.findIndex((m) => m.includes('ADD COLUMN key_type'))
    expect(keyMigration).toBeGreaterThan(0)
    const old = new Database(path)
    for (const m of MIGRATIONS.slice(0, keyMigration)) old.exec(m)
    old.pragma(`user_version = ${keyMigration}`)
    old.prepare("INSERT INTO sources (root, opened_at) VALUES ('/logs', 1)").run()
    old.prepare("INSERT INTO files (source_id, rel_path) VALUES (1, 'auth.log')").run()
    old
      .prepare(
        `INSERT INTO events (event_key, file_id, ts, host, source_file, source_line, event, outcome, "user", raw)
         VALUES ('old', 1, 0, 'web1', 'auth.log', 1, 'auth_success', 'success', 'root', 'Accepted publickey for root')`,
      )
      .run()
    old.close()
    const s = open(path)
    expect(s.schemaVersion).toBe(SCHEMA_VERSION)
    expect(s.allEvents()[0].event).toMatchObject({ user: 'root', key_type: null, key_fingerprint: null, count: 1 })
    s.commitFile(fileState({ sourceId: 1 }), [{ key: 'new', event: makeEvent({ key_type: 'RSA', key_fingerprint: 'MD5:8c:e3' }) }])
    expect(s.allEvents().map((e) => e.event.key_type)).toEqual([null, 'RSA'])
  })

  it('stores models and settings as JSON', () => {
    const s = open()
    expect(s.latestModel()).toBeUndefined()
    s.saveModel({ a: 1 }, '1', 10)
    const id = s.saveModel({ a: 2 }, '1', 11)
    expect(s.latestModel()).toEqual({ id, model: { a: 2 } })
    s.setSetting('openRoots', ['/a'])
    expect(s.getSetting('openRoots')).toEqual(['/a'])
    expect(s.getSetting('missing')).toBeUndefined()
  })

  // Its speed is a benchmark's figure (vigil bench), not a timed test's.
  it('inserts 20,000 events in one transaction, every one stored once', () => {
    const s = open()
    const { inserted } = s.commitFile(fileState({ sourceId: s.addSource('/logs', 1) }), keyed(20_000))
    expect(inserted).toHaveLength(20_000)
    expect(new Set(inserted.map((e) => e.id)).size).toBe(20_000)
    expect(s.eventCount()).toBe(20_000)
  })
})
