/** The Vigil window: toolbar, summary, findings grid, detail panel, sources, footer. */
import type { GridApi } from 'ag-grid-community'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Finding, Severity } from '../shared/finding'
import { Banner } from './components/Banner'
import { DetailPanel } from './components/DetailPanel'
import { FindingsGrid } from './components/FindingsGrid'
import { Footer } from './components/Footer'
import { SourcesPanel } from './components/SourcesPanel'
import { SummaryBar } from './components/SummaryBar'
import { Toolbar } from './components/Toolbar'
import { useAppState } from './hooks/useAppState'
import { useFindingsFeed } from './hooks/useFindingsFeed'
import { downloadText } from './lib/download'
import { displayedIds, loadedCount } from './lib/gridRows'
import type { UiClient } from './transport/types'

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

export function App({ client }: { client: UiClient }) {
  const [api, setApi] = useState<GridApi<Finding> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [quickFilter, setQuickFilter] = useState('')
  const [minSeverity, setMinSeverity] = useState<Severity>('LOW')
  const [selected, setSelected] = useState<Finding | null>(null)
  const [counts, setCounts] = useState({ shown: 0, loaded: 0 })
  const [busy, setBusy] = useState(false)
  const [exporting, setExporting] = useState(false)
  const [showSources, setShowSources] = useState(false)

  const onError = useCallback((message: string) => setError(message), [])
  const state = useAppState(client, onError)

  const onUpdated = useCallback((findings: Finding[]) => {
    setSelected((current) => (current ? (findings.find((f) => f.id === current.id) ?? current) : current))
  }, [])
  const feed = useFindingsFeed(client, api, minSeverity, onUpdated, onError)

  // After a lost connection comes back, catch up on what happened meanwhile.
  const { refresh } = state
  const { reload } = feed
  const wasClosed = useRef(false)
  useEffect(() => {
    if (state.connection === 'closed') wasClosed.current = true
    if (state.connection === 'open' && wasClosed.current) {
      wasClosed.current = false
      void refresh()
      void reload()
    }
  }, [state.connection, refresh, reload])

  const openFolder = async (path: string): Promise<void> => {
    setBusy(true)
    setError(null)
    setNotice(`Opening ${path}…`)
    try {
      const summary = await client.call('sources.open', { path })
      state.setSummary(summary)
      await Promise.all([reload(), refresh()])
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
      const result = await client.call('export.csv', { ids: displayedIds(api) })
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

  const onCounts = useCallback((gridApi: GridApi<Finding>) => {
    setCounts({ shown: gridApi.getDisplayedRowCount(), loaded: loadedCount(gridApi) })
  }, [])

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
        shown={counts.shown}
        loaded={counts.loaded}
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
            quickFilter={quickFilter}
            loading={feed.loading}
            onReady={setApi}
            onSelect={setSelected}
            onCounts={onCounts}
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
