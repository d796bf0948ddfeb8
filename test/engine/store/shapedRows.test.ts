import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ROWS_PER_INSERT, ShapedRowWriter } from '../../../src/engine/store/shapedRows'

/** A table of 4 columns; position 1 mostly holds 'NONE', position 2 mostly 0. */
function setup(): { db: Database.Database; prepared: string[]; writer: ShapedRowWriter } {
  const db = new Database(':memory:')
  // Columns without affinity: a value reads back as it was written.
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, sev, rank, note)')
  const prepared: string[] = []
  const writer = new ShapedRowWriter((sql) => (prepared.push(sql), db.prepare(sql)), 'INSERT INTO t VALUES', 4, [undefined, 'NONE', 0])
  return { db, prepared, writer }
}

const cell = fc.oneof(fc.constant(null), fc.constant('NONE'), fc.constant(0), fc.string(), fc.integer())

describe('ShapedRowWriter: binds only what varies, stores exactly what it is given', () => {
  it('writes every row as given, whatever mix of NULLs, common values and others (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { maxLength: 300 }), (rows) => {
        const { db, writer } = setup()
        rows.forEach(([a, b, c], i) => {
          const r = writer.next()
          r[0] = i + 1
          r[1] = a
          r[2] = b
          r[3] = c
        })
        writer.flush()
        const back = db.prepare('SELECT sev, rank, note FROM t ORDER BY id').raw(true).all()
        expect(back).toEqual(rows)
        db.close()
      }),
      { numRuns: 60 },
    )
  })

  it('writes rows of one shape 64 to a statement, with NULLs and common values as literals', () => {
    const { db, prepared, writer } = setup()
    for (let i = 1; i <= 150; i++) {
      const r = writer.next()
      r[0] = i
      r[1] = 'NONE'
      r[2] = 0
      r[3] = i % 2 ? null : `n${i}`
    }
    writer.flush()
    // Two shapes (note NULL or not), each with its multi-row and its one-row statement.
    expect(prepared).toHaveLength(4)
    expect(prepared.filter((s) => s.startsWith("INSERT INTO t VALUES (?, 'NONE', 0, NULL), "))).toHaveLength(1)
    expect(prepared).toContain("INSERT INTO t VALUES (?, 'NONE', 0, ?)")
    expect(prepared.find((s) => s.includes('NULL), ('))?.match(/\(\?, 'NONE', 0, NULL\)/g)).toHaveLength(ROWS_PER_INSERT)
    expect(db.prepare('SELECT COUNT(*) AS n, SUM(note IS NULL) AS nulls, SUM(sev = \'NONE\') AS none FROM t').get()).toEqual({ n: 150, nulls: 75, none: 150 })
    db.close()
  })

  it('writes nothing twice when flushed again, and a quote in a common value stays a quote', () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)')
    const writer = new ShapedRowWriter((sql) => db.prepare(sql), 'INSERT INTO t VALUES', 2, [undefined, "it's"])
    const r = writer.next()
    r[0] = 1
    r[1] = "it's"
    writer.flush()
    writer.flush()
    expect(db.prepare('SELECT * FROM t').all()).toEqual([{ id: 1, v: "it's" }])
    expect(() => new ShapedRowWriter((sql) => db.prepare(sql), 'INSERT INTO t VALUES', 2, [undefined, Number.NaN])).toThrow(/finite/)
    db.close()
  })
})
