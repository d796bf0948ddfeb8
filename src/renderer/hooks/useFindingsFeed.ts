/**
 * Keeps the grid's rows in step with the engine: a full list when the severity floor changes,
 * then transactions for pushed `findings.added` / `findings.updated` events. Events that arrive
 * while a full list is in flight are replayed after it, so no row is lost to the race.
 */
import type { GridApi } from 'ag-grid-community'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Finding, Severity } from '../../shared/finding'
import { mergeFindings } from '../lib/gridRows'
import type { UiClient } from '../transport/types'

export interface FindingsFeed {
  loading: boolean
  /** Merges the current list into the grid (after opening a folder or reconnecting). */
  reload: () => Promise<void>
  /** Applies one changed finding (e.g. the reply of `triage.set`). */
  apply: (findings: Finding[]) => void
}

export function useFindingsFeed(
  client: UiClient,
  api: GridApi<Finding> | null,
  minSeverity: Severity,
  onUpdated: (findings: Finding[]) => void,
  onError: (message: string) => void,
): FindingsFeed {
  // The floor whose full list is in the grid; loading until it matches the requested one.
  const [loadedFloor, setLoadedFloor] = useState<Severity | null>(null)
  const floor = useRef(minSeverity)
  const inFlight = useRef(0)
  const buffered = useRef<Finding[][]>([])
  // Only the newest full list may replace the rows (floors can change faster than lists arrive).
  const generation = useRef(0)

  const apply = useCallback(
    (findings: Finding[]) => {
      if (!api) return
      if (inFlight.current > 0) buffered.current.push(findings)
      else mergeFindings(api, findings, floor.current)
    },
    [api],
  )

  const load = useCallback(
    async (replace: boolean) => {
      if (!api) return
      inFlight.current++
      const mine = replace ? ++generation.current : generation.current
      try {
        const list = await client.call('findings.list', { minSeverity: floor.current })
        if (mine !== generation.current) return
        if (replace) api.setGridOption('rowData', list)
        else mergeFindings(api, list, floor.current)
      } catch (e) {
        onError(e instanceof Error ? e.message : String(e))
      } finally {
        if (mine === generation.current) setLoadedFloor(floor.current)
        inFlight.current--
        if (inFlight.current === 0) {
          for (const batch of buffered.current.splice(0)) mergeFindings(api, batch, floor.current)
        }
      }
    },
    [api, client, onError],
  )

  // A new severity floor (or the grid becoming ready): replace the rows.
  useEffect(() => {
    floor.current = minSeverity
    void load(true)
  }, [load, minSeverity])

  useEffect(() => {
    const offs = [
      client.on('findings.added', (p) => apply(p.findings)),
      client.on('findings.updated', (p) => {
        apply(p.findings)
        onUpdated(p.findings)
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [client, apply, onUpdated])

  const reload = useCallback(() => load(false), [load])
  return { loading: api === null || loadedFloor !== minSeverity, reload, apply }
}
