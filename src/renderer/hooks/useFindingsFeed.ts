/**
 * Keeps the grid in step with the engine. The grid pages through `findings.query` itself; this
 * refreshes its cached blocks when the engine pushes new findings or a new summary (at most a few
 * times a second, however fast lines arrive), and updates a triaged row in place. A refresh
 * reloads the blocks where they are: sort, filters, selection (by id) and scroll position stay.
 */
import type { GridApi } from 'ag-grid-community'
import { useCallback, useEffect, useRef } from 'react'
import type { Finding } from '../../shared/finding'
import type { UiClient } from '../transport/types'

export interface FindingsFeed {
  /** Re-reads the visible blocks (after opening a folder or reconnecting). */
  reload: () => void
  /** Shows changed findings (e.g. the reply of `triage.set`) in the rows that hold them. */
  apply: (findings: Finding[]) => void
}

/** Live refreshes are spaced at least this far apart. */
const REFRESH_MS = 300

export function useFindingsFeed(
  client: UiClient,
  api: GridApi<Finding> | null,
  onUpdated: (findings: Finding[]) => void,
): FindingsFeed {
  const last = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const reload = useCallback(() => {
    if (!api || api.isDestroyed()) return
    last.current = Date.now()
    api.refreshInfiniteCache()
  }, [api])

  // Leading edge at once, then one trailing refresh for whatever arrived during the pause.
  const scheduleReload = useCallback(() => {
    if (timer.current !== null) return
    const wait = Math.max(0, last.current + REFRESH_MS - Date.now())
    if (wait === 0) {
      reload()
      return
    }
    timer.current = setTimeout(() => {
      timer.current = null
      reload()
    }, wait)
  }, [reload])

  const apply = useCallback(
    (findings: Finding[]) => {
      if (!api || api.isDestroyed()) return
      for (const f of findings) api.getRowNode(String(f.id))?.setData(f)
    },
    [api],
  )

  useEffect(() => {
    const offs = [
      client.on('findings.added', () => scheduleReload()),
      client.on('summary.changed', () => scheduleReload()),
      client.on('findings.updated', (p) => {
        apply(p.findings)
        onUpdated(p.findings)
      }),
    ]
    return () => {
      offs.forEach((off) => off())
      if (timer.current !== null) clearTimeout(timer.current)
      timer.current = null
    }
  }, [client, apply, onUpdated, scheduleReload])

  return { reload, apply }
}
