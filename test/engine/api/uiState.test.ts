/** The saved grid view lives in the store: a restart on the same store file gives it back. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../src/engine/api/Engine'
import { createInProcessClient } from '../../../src/engine/api/inProcessClient'
import type { UiState } from '../../../src/shared/api'
import { fakePipeline } from './fakePipeline'

describe('ui.getState / ui.setState on a store file', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const dbPath = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'vigil-ui-'))
    dirs.push(d)
    return join(d, 'vigil.sqlite')
  }

  it('survives a restart', async () => {
    const db = dbPath()
    const view: UiState = {
      sortModel: [{ colId: 'time', sort: 'asc' }],
      filterModel: { user: { filterType: 'text', type: 'equals', filter: 'root' } },
      quickFilter: '203.0.113.7',
      minSeverity: 'MEDIUM',
      selectedId: 12,
      view: 'lines',
      incident: { episode: 'brute_force:Xk3v9QeR1tYb2NwA', threat_type: 'brute_force', reason: '365 failed logins from 203.0.113.7 in 9 min' },
    }
    const first = new Engine({ pipeline: fakePipeline(), dbPath: db, log: () => undefined })
    await createInProcessClient(first).call('ui.setState', view)
    await first.close()
    const second = new Engine({ pipeline: fakePipeline(), dbPath: db, log: () => undefined })
    expect(await createInProcessClient(second).call('ui.getState', {})).toEqual(view)
    await second.close()
  })

  it('a saved view that no longer fits the schema (an older Vigil) gives the default view', async () => {
    const engine = new Engine({ pipeline: fakePipeline(), log: () => undefined })
    engine.store.setSetting('uiState', { sortModel: [{ colId: 'gone', sort: 'asc' }] })
    expect(await createInProcessClient(engine).call('ui.getState', {})).toEqual({})
    engine.store.setSetting('uiState', 'garbage')
    expect(await createInProcessClient(engine).call('ui.getState', {})).toEqual({})
    await engine.close()
  })
})
