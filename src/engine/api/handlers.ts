/**
 * The API's handlers over an Engine: one function per method of src/shared/api.ts, taking the
 * already-validated params. Expected failures are thrown as ApiCallError with their code; dispatch
 * turns them (and anything unexpected) into error envelopes.
 */
import { ApiCallError, type MethodName, type MethodParams, type MethodResult } from '../../shared/api'
import type { CaseSwitch } from '../cases/CaseSwitch'
import type { Engine } from './Engine'
import { createInsightsHandlers } from './insightsHandlers'
import { createSigmaHandlers } from './sigmaHandlers'
import { readUiState, writeUiState } from './uiStateSetting'

export type Handlers = { [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>> }

/**
 * `cases` switches the engine between cases (vigil serve, the desktop worker); without it (the CLI,
 * a store in memory) the cases methods answer that one store is open.
 */
export function createHandlers(engine: Engine, cases?: CaseSwitch): Handlers {
  const switcher = (): CaseSwitch => {
    if (!cases) throw new ApiCallError('bad_request', 'cases are not available here: this window has one store (vigil serve --db FILE opens a case)')
    return cases
  }
  return {
    'app.info': async () => engine.appInfo(),
    'sources.open': async ({ path }) => {
      const opened = await engine.open(path)
      if (!opened.ok) throw new ApiCallError(opened.error.code, opened.error.message)
      return opened.value
    },
    'sources.list': async () => engine.sources(),
    'sources.readCapped': async ({ root, path }) => {
      const read = await engine.readCapped(root, path)
      if (!read.ok) throw new ApiCallError(read.error.code, read.error.message)
      return read.value
    },
    'sources.close': async ({ root }) => {
      const closed = await engine.closeRoot(root)
      if (!closed.ok) throw new ApiCallError(closed.error.code, closed.error.message)
      return closed.value
    },
    'summary.get': async () => engine.summary(),
    'ingest.cancel': async () => ({ cancelled: engine.cancelScan() }),
    'findings.list': async ({ minSeverity }) => engine.findings(minSeverity ?? 'LOW'),
    'findings.get': async ({ id }) => {
      const detail = engine.detail(id)
      if (!detail) throw new ApiCallError('not_found', `no finding with id ${id}`)
      return detail
    },
    'triage.set': async ({ id, ...change }) => {
      const finding = engine.triage(id, change)
      if (!finding) throw new ApiCallError('not_found', `no finding with id ${id}`)
      return finding
    },
    'export.csv': async (params) => ('ids' in params ? engine.exportCsv(params.ids) : engine.exportQuery(params)),
    'findings.query': async ({ startRow, endRow, ...filter }) => engine.queryFindings(filter, startRow, endRow),
    'incidents.list': async (filter) => engine.incidents(filter),
    'incidents.triage': async ({ status, note, ...key }) => ({ updated: engine.triageIncident(key, { status, note }) }),
    'cases.list': async () => switcher().list(),
    'cases.new': async ({ name }) => switcher().create(name),
    'cases.open': async ({ id }) => {
      const opened = await switcher().open(id)
      if (!opened) throw new ApiCallError('not_found', `no case ${id}`)
      return opened
    },
    'findings.groups': async ({ column, limit, ...filter }) => engine.groups(filter, column, limit),
    'findings.contains': async ({ id, ...filter }) => ({ contains: engine.filterContains(filter, id) }),
    'triage.bulk': async ({ ids, ...change }) => ({ updated: engine.triageMany(ids, change) }),
    'ui.getState': async () => readUiState(engine.store),
    'ui.setState': async (state) => writeUiState(engine.store, state),
    ...createInsightsHandlers(engine),
    ...createSigmaHandlers(engine),
  }
}
