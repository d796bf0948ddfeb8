import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findLabelsFile, readLabels } from '../../../src/engine/evaluate/readLabels'

const tmp = mkdtempSync(join(tmpdir(), 'vigil-labels-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('readLabels', () => {
  it('reads rows and finds labels.csv, or the demo logs\' hidden .labels.csv', async () => {
    writeFileSync(join(tmp, '.labels.csv'), 'file,line,attack,episode\nweb-01/auth.log.2.gz,17,brute_force,brute_force-1\ncloud/audit-2026-03-20.json,3,impossible_travel,impossible_travel-2\n')
    const path = await findLabelsFile(tmp)
    expect(path).toBe(join(tmp, '.labels.csv'))
    const r = await readLabels(path!)
    expect(r).toEqual({
      ok: true,
      value: [
        { file: 'web-01/auth.log.2.gz', line: 17, attack: 'brute_force', episode: 'brute_force-1' },
        { file: 'cloud/audit-2026-03-20.json', line: 3, attack: 'impossible_travel', episode: 'impossible_travel-2' },
      ],
    })
  })

  it('returns an error value for a malformed row or a missing file', async () => {
    writeFileSync(join(tmp, 'bad.csv'), 'file,line,attack,episode\nweb-01/auth.log,zero,brute_force,x\n')
    const bad = await readLabels(join(tmp, 'bad.csv'))
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error).toMatch(/row 2 is not file,line,attack,episode/)
    const missing = await readLabels(join(tmp, 'nope.csv'))
    expect(missing.ok).toBe(false)
    expect(await findLabelsFile(join(tmp, 'empty-dir-that-does-not-exist'))).toBeNull()
  })
})
