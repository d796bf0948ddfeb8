/** App-wide data besides the rows: app info, summary, sources, scan progress, connection state. */
import { useCallback, useEffect, useState } from 'react'
import type { AppInfo } from '../../shared/api'
import type { ScanSummary, SourceFile } from '../../shared/sources'
import type { Progress } from '../components/SummaryBar'
import type { ConnectionState, UiClient } from '../transport/types'

export interface AppState {
  info: AppInfo | null
  summary: ScanSummary | null
  sources: SourceFile[]
  progress: Progress | null
  connection: ConnectionState
  connectionDetail: string
  setSummary: (summary: ScanSummary) => void
  /** Re-reads info, summary and sources (after opening a folder or reconnecting). */
  refresh: () => Promise<void>
}

interface Snapshot {
  info: AppInfo
  summary: ScanSummary
  sources: SourceFile[]
}

async function fetchSnapshot(client: UiClient): Promise<Snapshot> {
  const [info, summary, sources] = await Promise.all([
    client.call('app.info', {}),
    client.call('summary.get', {}),
    client.call('sources.list', {}),
  ])
  return { info, summary, sources }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

export function useAppState(client: UiClient, onError: (message: string) => void): AppState {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null)
  const [summary, setSummary] = useState<ScanSummary | null>(null)
  const [sources, setSources] = useState<SourceFile[] | null>(null)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [connection, setConnection] = useState<{ state: ConnectionState; detail: string }>({
    state: 'connecting',
    detail: '',
  })

  const apply = useCallback((s: Snapshot) => {
    setSnapshot(s)
    setSummary(s.summary)
    setSources(s.sources)
  }, [])

  const refresh = useCallback(
    () => fetchSnapshot(client).then(apply, (e: unknown) => onError(messageOf(e))),
    [client, apply, onError],
  )

  useEffect(() => {
    fetchSnapshot(client).then(apply, (e: unknown) => onError(messageOf(e)))
    const offs = [
      client.on('summary.changed', (s) => {
        setSummary(s)
        client.call('sources.list', {}).then(setSources, () => {})
      }),
      client.on('ingest.progress', (p) => setProgress(p)),
      client.onConnection((state, detail) => setConnection({ state, detail })),
    ]
    return () => offs.forEach((off) => off())
  }, [client, apply, onError])

  return {
    info: snapshot?.info ?? null,
    summary: summary ?? snapshot?.summary ?? null,
    sources: sources ?? [],
    progress,
    connection: connection.state,
    connectionDetail: connection.detail,
    setSummary,
    refresh,
  }
}
