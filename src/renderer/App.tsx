/** The Vigil window: toolbar, summary, findings grid, detail panel, sources, footer. */
import type { GridApi } from 'ag-grid-community'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Finding, Severity } from '../shared/finding'
import { Banner } from './components/Banner'
import { DetailPanel } from './components/DetailPanel'
import { FindingsGrid, type GridQuery } from './components/FindingsGrid'
import { Footer } from './components/Footer'
import { SourcesPanel } from './components/SourcesPanel'
import { SummaryBar } from './components/SummaryBar'
import { Toolbar } from './components/Toolbar'
import { useAppState } from './hooks/useAppState'
import { useFindingsFeed } from './hooks/useFindingsFeed'
import { DETECTOR_COLUMN_IDS } from './lib/columns'
import { downloadText } from './lib/download'
import { toFindingsFilter } from './lib/queryModel'
import type { UiClient } from './transport/types'

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))
/** Typing pauses this long before the quick filter goes to the engine. */
const QUICK_FILTER_DEBOUNCE_MS = 250

/** The grid's current sort and filters, with the toolbar's quick filter and floor: what the export writes. */
function currentFilter(api: GridApi<Finding>, query: GridQuery) {
  const sortModel = api
    .getColumnState()
    .filter((c) => c.sort === 'asc' || c.sort === 'desc')
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' }))
  return toFindingsFilter(sortModel, api.getFilterModel(), query.quickFilter, query.minSeverity)
}

export function App({ client }: { client: UiClient }) {
  const [api, setApi] = useState<GridApi<Finding> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [quickFilter, setQuickFilter] = useState('')
  const [minSeverity, setMinSeverity] = useState<Severity>('LOW')
  const [selected, setSelected] = useState<Finding | null>(null)
  const [debouncedQuick, setDebouncedQuick] = useState('')
  const [total, setTotal] = useState<number | null>(null)
  const [showDetectors, setShowDetectors] = useState(true)
  const [busy, setBusy] = useState(false)
  const [exporting, setExporting] = useState(false)
  const [showSources, setShowSources] = useState(false)

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
  const query = useMemo<GridQuery>(() => ({ quickFilter: debouncedQuick, minSeverity }), [debouncedQuick, minSeverity])

  useEffect(() => {
    api?.setColumnsVisible(DETECTOR_COLUMN_IDS, showDetectors)
  }, [api, showDetectors])

  // After a lost connection comes back, catch up on what happened meanwhile.
  const { refresh } = state
  const { reload } = feed
  const wasClosed = useRef(false)
  useEffect(() => {
    if (state.connection === 'closed') wasClosed.current = true
    if (state.connection === 'open' && wasClosed.current) {
      wasClosed.current = false
      void refresh()
      reload()
    }
  }, [state.connection, refresh, reload])

  const openFolder = async (path: string): Promise<void> => {
    setBusy(true)
    setError(null)
    setNotice(`Opening ${path}…`)
    try {
      const summary = await client.call('sources.open', { path })
      state.setSummary(summary)
      reload()
      await refresh()
      setNotice(null)
    } catch (e) {
      setNotice(null)
      setError(messageOf(e))
    } finally {
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

  const onTriaged = (finding: Finding): void => {
    feed.apply([finding])
    setSelected(finding)
  }

  return (
    <div className="app">
      <Toolbar
        pickFolder={client.pickFolder}
        busy={busy}
        onOpenFolder={(path) => void openFolder(path)}
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
      />
      <SummaryBar summary={state.summary} progress={state.progress} />
      {state.connection === 'closed' && <Banner kind="warn" message={state.connectionDetail} />}
      {error && <Banner kind="error" message={error} onDismiss={() => setError(null)} />}
      {notice && <Banner kind="info" message={notice} onDismiss={() => setNotice(null)} />}
      <main className="workspace">
        <div className="grid-column">
          <FindingsGrid
            client={client}
            query={query}
            pending={quickFilter.trim() !== debouncedQuick}
            progress={state.progress}
            onReady={setApi}
            onSelect={setSelected}
            onTotal={setTotal}
            onError={onError}
          />
          {showSources && <SourcesPanel sources={state.sources} problems={state.summary?.problems ?? []} />}
        </div>
        {selected && (
          <DetailPanel
            client={client}
            finding={selected}
            onTriaged={onTriaged}
            onError={onError}
            onClose={() => {
              api?.deselectAll()
              setSelected(null)
            }}
          />
        )}
      </main>
      <Footer info={state.info} connection={state.connection} host={client.host} />
    </div>
  )
}
