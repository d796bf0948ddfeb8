// Where cases live: one store per case in the cases folder, an index of names and paths, the
// recent list in the order opened, ids that never collide, a --db store indexed by its path.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CaseBook, casesDirOf, slugOf } from '../../../src/engine/cases/CaseBook'

describe('CaseBook', () => {
  let dir: string
  let clock: number
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-casebook-'))
    clock = 1_000
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const book = (): CaseBook => new CaseBook(join(dir, 'cases'), () => clock)

  it('makes cases with their own store files and lists them most recently opened first', () => {
    const b = book()
    const first = b.create('Brute force on web-01')
    expect(first).toEqual({ id: 'brute-force-on-web-01', name: 'Brute force on web-01', path: join(dir, 'cases', 'brute-force-on-web-01.sqlite'), openedAt: 1_000 })
    clock = 2_000
    const again = b.create('Brute force on web-01!')
    expect(again.id).toBe('brute-force-on-web-01-2')
    const db = b.ofStore(join(dir, 'evidence.sqlite'))
    expect(db).toMatchObject({ id: 'evidence', name: 'evidence.sqlite', path: join(dir, 'evidence.sqlite') })
    expect(b.list().map((c) => c.id)).toEqual(['evidence', 'brute-force-on-web-01-2', 'brute-force-on-web-01'])
    // Opening an older case puts it first; the index on disk is what a new book reads.
    b.touch(first)
    const reread = book()
    expect(reread.list().map((c) => c.id)).toEqual(['brute-force-on-web-01', 'evidence', 'brute-force-on-web-01-2'])
    expect(reread.ofStore(join(dir, 'evidence.sqlite')).id).toBe('evidence')
    expect(JSON.parse(readFileSync(join(dir, 'cases', 'cases.json'), 'utf8')).cases).toHaveLength(3)
  })

  it('reads a damaged index as empty, and names cases safely', () => {
    const b = book()
    b.create('x')
    writeFileSync(join(dir, 'cases', 'cases.json'), '{not json')
    expect(book().list()).toEqual([])
    expect(slugOf('  ../../etc/passwd  ')).toBe('etc-passwd')
    expect(slugOf('日本')).toBe('case')
    expect(casesDirOf({ VIGIL_CASES_DIR: '/x/cases' }, '/home/a/.config/vigil/vigil.sqlite')).toBe('/x/cases')
    expect(casesDirOf({}, '/home/a/.config/vigil/vigil.sqlite')).toBe('/home/a/.config/vigil/cases')
    expect(casesDirOf({}, null)).toBeNull()
  })
})
