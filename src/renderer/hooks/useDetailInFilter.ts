/**
 * Closes the detail panel when its finding leaves what the lines grid shows (a new quick filter,
 * column filter, floor or incident): the engine answers whether the finding still matches, since
 * the grid holds only the pages it has loaded.
 */
import { useEffect, useRef } from 'react'
import type { FindingsFilter } from '../../shared/api'
import type { UiClient } from '../transport/types'

export function useDetailInFilter(client: UiClient, selectedId: number | null, filter: FindingsFilter | null, close: () => void): void {
  const closeRef = useRef(close)
  useEffect(() => {
    closeRef.current = close
  })
  const key = filter === null ? null : JSON.stringify({ ...filter, sortModel: [] })
  useEffect(() => {
    if (selectedId === null || key === null) return
    let current = true
    client.call('findings.contains', { ...(JSON.parse(key) as FindingsFilter), id: selectedId }).then(
      ({ contains }) => {
        if (current && !contains) closeRef.current()
      },
      () => {}, // the panel stays; a failed check is no reason to hide what the analyst reads
    )
    return () => {
      current = false
    }
  }, [client, selectedId, key])
}
