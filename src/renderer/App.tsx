/**
 * The Vigil window: toolbar, summary, the incidents view or the findings grid (lines), detail
 * panel, sources, footer. It starts from the view the analyst left (incidents or lines, sort,
 * filters, floor, incident, selection, columns, panels) and keeps it saved.
 */
import type { FilterModel, GridApi } from 'ag-grid-community'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { UiState } from '../shared/api'
import type { Finding, Severity } from '../shared/finding'
import type { Incident, IncidentRef } from '../shared/incident'
import type { GroupColumn } from '../shared/groups'
import type { View } from '../shared/uiState'
import type { ScanSummary, SourceFile } from '../shared/sources'
import { AddFolderPrompt } from './components/AddFolderPrompt'
import { Banner } from './components/Banner'
import { CaseSwitcher } from './components/CaseSwitcher'
import { BulkTriageBar } from './components/BulkTriageBar'
import { ColumnChooser } from './components/ColumnChooser'
import { GroupPanel } from './components/GroupPanel'
import { GroupsList } from './components/GroupsList'
import { DetailPanel } from './components/DetailPanel'
import { FindingsGrid, type GridQuery } from './components/FindingsGrid'
import { Footer } from './components/Footer'
import { IncidentChip } from './components/IncidentChip'
import { IncidentsView } from './components/IncidentsView'
import { SourcesPanel } from './components/SourcesPanel'
import { SigmaRulesPanel } from './components/SigmaRulesPanel'
import { SummaryBar } from './components/SummaryBar'
import { Toolbar } from './components/Toolbar'
import { AttackMatrix } from './components/pictures/AttackMatrix'
import { InsightsPanel } from './components/pictures/InsightsPanel'
import { PivotMenu, type PivotTarget } from './components/pictures/PivotMenu'
import { Timeline, type TimeRange } from './components/pictures/Timeline'
import { useAppState } from './hooks/useAppState'
import { useCases } from './hooks/useCases'
import { useDetailInFilter } from './hooks/useDetailInFilter'
import { useGroups } from './hooks/useGroups'
import { useShortcuts } from './hooks/useShortcuts'
import { useFindingsFeed } from './hooks/useFindingsFeed'
import { useIncidents } from './hooks/useIncidents'
import { useSavedView } from './hooks/useSavedView'
import { DETECTOR_COLUMN_IDS, headerNameOf } from './lib/columns'
import { downloadText } from './lib/download'
import { formatCount, humanize } from './lib/format'
import { openGroup, openGroupOf } from './lib/grouping'
import { focusQuickFilter, moveLineSelection, stepStatus, type StatusRequest } from './lib/keyboard'
import { incidentRefOf } from './lib/incidents'
import { toFindingsFilter } from './lib/queryModel'
import { PIVOT_FIELDS, pivotOf, type PivotAction, type PivotField } from './lib/pivot'
import type { GridView } from './lib/savedView'
import type { UiClient } from './transport/types'

/** Incident columns that name users, addresses or hosts, and the field each pivots on. */
const INCIDENT_PIVOTS: Record<string, PivotField | undefined> = { hosts: 'host', users: 'user', src_ips: 'src_ip' }

/** The severity floor of a first start (no saved view). */
const DEFAULT_FLOOR: Severity = 'MEDIUM'
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))
/** Typing pauses this long before the quick filter goes to the engine. */
const QUICK_FILTER_DEBOUNCE_MS = 250

/** The grid's current sort and filters, with the toolbar's quick filter and floor and the incident: what the export writes. */
function currentFilter(api: GridApi<Finding>, query: GridQuery) {
  const sortModel = api
    .getColumnState()
    .filter((c) => c.sort === 'asc' || c.sort === 'desc')
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' }))
  return toFindingsFilter(sortModel, api.getFilterModel(), query.quickFilter, query.minSeverity, query.incident, query.range)
}

export function App({ client }: { client: UiClient }) {
  const saved = useSavedView(client)
  // The first page or list is the restored view's, so nothing is shown until it is known.
  if (saved.initial === null) return <div className="app" aria-busy="true" />
  return <Workspace client={client} initial={saved.initial} save={saved.save} />
}

function Workspace({ client, initial, save }: { client: UiClient; initial: UiState; save: (view: UiState) => void }) {
  const [api, setApi] = useState<GridApi<Finding> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [quickFilter, setQuickFilter] = useState(initial.quickFilter ?? '')
  // A first start shows what needs a look: MEDIUM and above, the detected attacks; LOW holds what
  // the models alone find unusual, one choice away.
  const [minSeverity, setMinSeverity] = useState<Severity>(initial.minSeverity ?? DEFAULT_FLOOR)
  const [selected, setSelected] = useState<Finding | null>(null)
  // Lines selected with Ctrl/Shift-click (more than one: the bulk triage bar).
  const [selectedRows, setSelectedRows] = useState<Finding[]>([])
  // `s` / Shift+S: the open line's status (lines view), the ticked incidents' (incidents view).
  const [statusRequest, setStatusRequest] = useState<StatusRequest>({ n: 0, step: 1 })
  const [incidentStatusRequest, setIncidentStatusRequest] = useState<StatusRequest>({ n: 0, step: 1 })
  const [debouncedQuick, setDebouncedQuick] = useState((initial.quickFilter ?? '').trim())
  const [total, setTotal] = useState<number | null>(null)
  const [showDetectors, setShowDetectors] = useState(initial.showDetectors ?? true)
  const [busy, setBusy] = useState(false)
  const [exporting, setExporting] = useState(false)
  const [showSources, setShowSources] = useState(initial.showSources ?? false)
  const [gridView, setGridView] = useState<GridView>(() => ({
    sortModel: initial.sortModel,
    filterModel: initial.filterModel,
    columns: initial.columns,
  }))
  // A first start shows the incidents: a handful of attacks, not a thousand lines.
  const [view, setView] = useState<View>(initial.view ?? 'incidents')
  const [incident, setIncident] = useState<IncidentRef | null>(initial.incident ?? null)
  const [groupBy, setGroupBy] = useState<GroupColumn | null>(initial.groupBy ?? null)
  // The timeline's brush: the time range every view, the charts and the export honour.
  const [range, setRange] = useState<TimeRange | null>(initial.from !== undefined && initial.to !== undefined ? { from: initial.from, to: initial.to } : null)
  const [menu, setMenu] = useState<{ targets: PivotTarget[]; x: number; y: number } | null>(null)
  // The finding the lines grid selects once its row is loaded; read when the grid is made (each
  // time the lines view opens): the saved selection, an incident's strongest line, the open finding.
  const [selectOnMount, setSelectOnMount] = useState<number | null>(initial.selectedId ?? null)
  // The incident's strongest line being fetched for the detail panel; a click on a row wins over it.
  const opening = useRef<number | null>(null)

  const onError = useCallback((message: string) => setError(message), [])
  const state = useAppState(client, onError)

  const onUpdated = useCallback((findings: Finding[]) => {
    setSelected((current) => (current ? (findings.find((f) => f.id === current.id) ?? current) : current))
  }, [])
  const feed = useFindingsFeed(client, api, onUpdated)

  useEffect(() => {
    const timer = setTimeout(() => setDebouncedQuick(quickFilter.trim()), QUICK_FILTER_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [quickFilter])
  const query = useMemo<GridQuery>(() => ({ quickFilter: debouncedQuick, minSeverity, incident, range }), [debouncedQuick, minSeverity, incident, range])

  // The incidents of what the lines grid would show: floor, quick filter and its column filters,
  // so an incident's line count is the number of rows its lines view has.
  const incidentsFilter = useMemo(
    () => toFindingsFilter([], (gridView.filterModel ?? {}) as FilterModel, debouncedQuick, minSeverity, null, range),
    [gridView.filterModel, debouncedQuick, minSeverity, range],
  )
  // What the timeline, the charts, the matrix and the report show: the lines view's filter.
  const picturesFilter = useMemo(
    () => toFindingsFilter([], (gridView.filterModel ?? {}) as FilterModel, debouncedQuick, minSeverity, incident, range),
    [gridView.filterModel, debouncedQuick, minSeverity, incident, range],
  )
  const incidents = useIncidents(client, incidentsFilter, view === 'incidents', onError)
  const columnFilters = useMemo(() => Object.keys(gridView.filterModel ?? {}).map(headerNameOf), [gridView.filterModel])

  useEffect(() => {
    api?.setColumnsVisible(DETECTOR_COLUMN_IDS, showDetectors)
  }, [api, showDetectors])

  // The finding that was open comes back in the detail panel (the grid selects its row if it is on the first page).
  const initialSelectedId = initial.selectedId ?? null
  useEffect(() => {
    if (initialSelectedId === null) return
    client.call('findings.get', { id: initialSelectedId }).then(
      (detail) => setSelected((current) => current ?? detail.finding),
      () => {}, // gone from the store meanwhile: nothing to show
    )
  }, [client, initialSelectedId])

  const selectedId = selected?.id ?? null
  useEffect(() => {
    save({
      ...gridView,
      quickFilter: debouncedQuick,
      minSeverity,
      selectedId,
      showDetectors,
      showSources,
      view,
      ...(incident ? { incident } : {}),
      ...(groupBy ? { groupBy } : {}),
      ...(range ? { from: range.from, to: range.to } : {}),
    })
  }, [save, gridView, debouncedQuick, minSeverity, selectedId, showDetectors, showSources, view, incident, groupBy, range])

  // After a lost connection comes back, catch up on what happened meanwhile.
  const { refresh } = state
  const { reload } = feed
  const reloadIncidents = incidents.reload
  const showingIncidents = view === 'incidents'
  const wasClosed = useRef(false)
  useEffect(() => {
    if (state.connection === 'closed') wasClosed.current = true
    if (state.connection === 'open' && wasClosed.current) {
      wasClosed.current = false
      void refresh()
      reload()
      if (showingIncidents) reloadIncidents()
    }
  }, [state.connection, refresh, reload, reloadIncidents, showingIncidents])

  const switchView = (next: View): void => {
    if (next === view) return
    if (next === 'lines') {
      // The lines grid is made anew, from the saved sort and filters; it selects the open finding.
      setSelectOnMount(selected?.id ?? null)
      setTotal(null)
    } else {
      setApi(null)
    }
    setView(next)
  }

  /** An incident's lines: the lines view narrowed to it, its strongest line in the detail panel. */
  const openIncident = (i: Incident): void => {
    setIncident(incidentRefOf(i))
    setSelectOnMount(i.top_finding_id)
    setTotal(null)
    setView('lines')
    const id = i.top_finding_id
    opening.current = id
    client.call('findings.get', { id }).then(
      (detail) => {
        if (opening.current !== id) return
        opening.current = null
        setSelected(detail.finding)
      },
      (e: unknown) => {
        if (opening.current === id) onError(messageOf(e))
      },
    )
  }

  const onSelectLine = useCallback((finding: Finding | null) => {
    opening.current = null
    setSelected(finding)
  }, [])

  // A big incident's triage comes back as `summary.changed`, not as updated rows: the open finding
  // may be one of its lines, so it is read again.
  const onIncidentTriaged = (message: string): void => {
    setNotice(message)
    if (selectedId === null) return
    client.call('findings.get', { id: selectedId }).then(
      (detail) => setSelected((current) => (current?.id === detail.finding.id ? detail.finding : current)),
      () => {}, // gone meanwhile: the panel keeps what it showed
    )
  }

  /** Runs a read (opening a folder, reading a bomb up to its cap) and shows what it found. */
  const read = async (label: string, call: () => Promise<ScanSummary>, folder?: string): Promise<void> => {
    setBusy(true)
    setError(null)
    setNotice(label)
    try {
      const summary = await call()
      state.setSummary(summary)
      reload()
      if (view === 'incidents') incidents.reload()
      await refresh()
      setNotice(null)
      const none = folder === undefined ? undefined : summary.problems.find((p) => p.code === 'no_logs' && p.file === folder.replace(/(.)\/+$/, '$1'))
      if (none) setError(none.message)
    } catch (e) {
      setNotice(null)
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  const openFolder = (path: string): Promise<void> => read(`Opening ${path}…`, () => client.call('sources.open', { path }), path)
  const readCapped = (file: SourceFile): Promise<void> =>
    read(`Reading ${file.path} up to the cap…`, () => client.call('sources.readCapped', { root: file.root, path: file.path }))
  const closeFolder = (root: string): Promise<void> =>
    read(`Closing ${root}…`, async () => (await client.call('sources.close', { root })).summary)

  const cases = useCases(client, onError)
  // A folder picked while the case holds events waits here for "this case / a new case".
  const [askFolder, setAskFolder] = useState<string | null>(null)
  const requestOpen = (path: string): void => {
    if (cases.list !== null && (state.summary?.events ?? 0) > 0) setAskFolder(path)
    else void openFolder(path)
  }
  const openInNewCase = async (path: string): Promise<void> => {
    setAskFolder(null)
    setBusy(true)
    setNotice(`Opening ${path} in a new case…`)
    try {
      await client.call('cases.new', { name: path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || path })
      await client.call('sources.open', { path })
      window.location.reload()
    } catch (e) {
      setNotice(null)
      setError(messageOf(e))
      setBusy(false)
    }
  }

  const exportCsv = async (): Promise<void> => {
    if (!api) return
    setExporting(true)
    try {
      const result = await client.call('export.csv', currentFilter(api, query))
      downloadText(result.filename, result.csv, 'text/csv;charset=utf-8')
      setNotice(`Exported ${result.rows.toLocaleString('en-US')} rows to ${result.filename}.`)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setExporting(false)
    }
  }

  const exportReport = async (): Promise<void> => {
    try {
      const report = await client.call('export.report', picturesFilter)
      downloadText(report.filename, report.html, 'text/html;charset=utf-8')
      setNotice(`Exported the report to ${report.filename}.`)
    } catch (e) {
      setError(messageOf(e))
    }
  }

  /** The lines of a grid filter model (and sort, floor): in place when the grid is shown, else the grid opens with them. */
  const showLines = (filterModel: FilterModel, sort?: 'time' | 'score', floor?: Severity): void => {
    if (floor) setMinSeverity(floor)
    const sortModel = sort === 'time' ? [{ colId: 'time' as const, sort: 'asc' as const }] : sort === 'score' ? [{ colId: 'score' as const, sort: 'desc' as const }] : undefined
    if (view === 'lines' && api && !api.isDestroyed()) {
      api.setFilterModel(filterModel)
      if (sortModel) api.applyColumnState({ state: sortModel, defaultState: { sort: null } })
      return
    }
    setGridView((v) => ({ ...v, filterModel: filterModel as GridView['filterModel'], ...(sortModel ? { sortModel } : {}) }))
    switchView('lines')
  }

  const pivot = (target: PivotTarget, action: PivotAction): void => {
    const current = view === 'lines' && api && !api.isDestroyed() ? api.getFilterModel() : ((gridView.filterModel ?? {}) as FilterModel)
    const p = pivotOf(current, target.field, target.value, action)
    if (p.fresh) {
      setQuickFilter('')
      setDebouncedQuick('')
      setIncident(null)
      setRange(null)
    }
    showLines(p.filterModel, p.sort, p.minSeverity)
  }

  const closeDetail = (): void => {
    if (api && !api.isDestroyed()) api.deselectAll()
    opening.current = null
    setSelected(null)
  }
  // `s` on several selected lines: all of them take the status after the first one's.
  const stepSelectedStatus = (step: 1 | -1): void => {
    const status = stepStatus(selectedRows[0].status, step)
    client.call('triage.bulk', { ids: selectedRows.map((f) => f.id), status }).then(
      ({ updated }) => setNotice(`Marked ${formatCount(updated)} ${updated === 1 ? 'line' : 'lines'} as ${humanize(status)}.`),
      (e: unknown) => onError(messageOf(e)),
    )
  }
  useShortcuts({
    focusSearch: focusQuickFilter,
    closeDetail,
    moveLine: (step) => {
      if (view === 'lines' && api && !api.isDestroyed()) moveLineSelection(api, step)
    },
    stepStatus: (step) => {
      if (view === 'incidents') return setIncidentStatusRequest((r) => ({ n: r.n + 1, step }))
      if (view !== 'lines') return
      if (selectedRows.length > 1) return void stepSelectedStatus(step)
      setStatusRequest((r) => ({ n: r.n + 1, step }))
    },
  })
  const linesFilter = useMemo(
    () => (view === 'lines' ? toFindingsFilter([], (gridView.filterModel ?? {}) as FilterModel, debouncedQuick, minSeverity, incident, range) : null),
    [view, gridView.filterModel, debouncedQuick, minSeverity, incident, range],
  )
  useDetailInFilter(client, selectedId, linesFilter, closeDetail)
  const groups = useGroups(client, linesFilter, groupBy, state.summary, onError)
  const changeGrouping = (column: GroupColumn | null): void => {
    // The open group was a filter on the old column: ungrouping (or regrouping) shows every line again.
    if (groupBy !== null && api && !api.isDestroyed() && openGroupOf(api.getFilterModel(), groupBy) !== null) openGroup(api, groupBy, null)
    setGroupBy(column)
  }

  const onTriaged = (finding: Finding): void => {
    feed.apply([finding])
    setSelected(finding)
  }

  return (
    <div className="app">
      <Toolbar
        pickFolder={client.pickFolder}
        busy={busy}
        onOpenFolder={requestOpen}
        caseSwitcher={<CaseSwitcher cases={cases} />}
        view={view}
        onView={switchView}
        incidentCount={incidents.incidents?.length ?? null}
        quickFilter={quickFilter}
        onQuickFilter={setQuickFilter}
        minSeverity={minSeverity}
        onMinSeverity={setMinSeverity}
        total={total}
        showDetectors={showDetectors}
        onToggleDetectors={() => setShowDetectors((s) => !s)}
        showSources={showSources}
        onToggleSources={() => setShowSources((s) => !s)}
        exporting={exporting}
        onExport={() => void exportCsv()}
        onExportReport={() => void exportReport()}
      />
      <SummaryBar summary={state.summary} progress={state.progress} onCancel={() => void client.call('ingest.cancel', {}).catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)))} />
      {state.connection === 'closed' && <Banner kind="warn" message={state.connectionDetail} />}
      {error && <Banner kind="error" message={error} onDismiss={() => setError(null)} />}
      {notice && <Banner kind="info" message={notice} onDismiss={() => setNotice(null)} />}
      {askFolder !== null && cases.list !== null && (
        <AddFolderPrompt
          path={askFolder}
          caseName={cases.list.current.name}
          onAdd={() => {
            setAskFolder(null)
            void openFolder(askFolder)
          }}
          onNewCase={() => void openInNewCase(askFolder)}
          onCancel={() => setAskFolder(null)}
        />
      )}
      <main className="workspace">
        <div className="grid-column">
          <Timeline client={client} filter={picturesFilter} range={range} onRange={setRange} version={state.summary} onError={onError} />
          {view === 'insights' ? (
            <InsightsPanel client={client} filter={picturesFilter} version={state.summary} onPick={(field, value) => pivot({ field, value }, 'filter')} onError={onError} />
          ) : view === 'attack' ? (
            <AttackMatrix
              client={client}
              filter={picturesFilter}
              version={state.summary}
              onTechnique={(id) => showLines({ ...((gridView.filterModel ?? {}) as FilterModel), mitre: { filterType: 'text', type: 'equals', filter: id } }, 'score')}
              onNotice={setNotice}
              onError={onError}
            />
          ) : view === 'incidents' ? (
            <IncidentsView
              client={client}
              feed={incidents}
              current={incident}
              pending={quickFilter.trim() !== debouncedQuick}
              progress={state.progress}
              columnFilters={columnFilters}
              onClearColumnFilters={() => setGridView((v) => ({ ...v, filterModel: {} }))}
              onOpen={openIncident}
              statusRequest={incidentStatusRequest}
              onCellMenu={(colId, i, x, y) => {
                const field = INCIDENT_PIVOTS[colId]
                const names = field ? i[colId as 'hosts' | 'users' | 'src_ips'] : []
                if (field && names.length > 0) setMenu({ targets: names.map((value) => ({ field, value })), x, y })
              }}
              onTriaged={onIncidentTriaged}
              onError={onError}
            />
          ) : (
            <>
              {incident && <IncidentChip incident={incident} onClear={() => setIncident(null)} />}
              {selectedRows.length > 1 && <BulkTriageBar client={client} selected={selectedRows} onDone={setNotice} onError={onError} />}
              <div className="lines-bar">
                <GroupPanel groupBy={groupBy} onGroupBy={changeGrouping} />
                <ColumnChooser api={api} />
              </div>
              <div className="lines-body">
              {groupBy !== null && (
                <GroupsList
                  groups={groups}
                  open={openGroupOf(gridView.filterModel as FilterModel | undefined, groupBy)}
                  onOpen={(g) => {
                    if (api && !api.isDestroyed()) openGroup(api, groupBy, g)
                  }}
                />
              )}
              <FindingsGrid
                client={client}
                query={query}
                pending={quickFilter.trim() !== debouncedQuick}
                progress={state.progress}
                initialView={gridView}
                initialSelectedId={selectOnMount}
                onViewChange={setGridView}
                onReady={setApi}
                onSelect={onSelectLine}
                onSelectedRows={setSelectedRows}
                onTotal={setTotal}
                onError={onError}
                onCellMenu={(colId, value, x, y) => {
                  if ((PIVOT_FIELDS as readonly string[]).includes(colId) && typeof value === 'string' && value !== '') setMenu({ targets: [{ field: colId as PivotField, value }], x, y })
                }}
              />
              </div>
            </>
          )}
          {showSources && <SourcesPanel sources={state.sources} problems={state.summary?.problems ?? []} onReadCapped={(f) => void readCapped(f)} roots={state.summary?.roots ?? []} onCloseRoot={(r) => void closeFolder(r)} />}
          {showSources && <SigmaRulesPanel client={client} onError={onError} />}
        </div>
        {selected && (
          <DetailPanel
            client={client}
            finding={selected}
            onTriaged={onTriaged}
            onError={onError}
            onClose={closeDetail}
            search={debouncedQuick}
            onNotice={setNotice}
            onPivot={pivot}
            statusRequest={statusRequest}
          />
        )}
        {menu && <PivotMenu targets={menu.targets} x={menu.x} y={menu.y} onPivot={pivot} onClose={() => setMenu(null)} />}
      </main>
      <Footer info={state.info} connection={state.connection} host={client.host} />
    </div>
  )
}
