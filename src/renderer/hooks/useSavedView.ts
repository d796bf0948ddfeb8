/**
 * The analyst's view, kept by the engine (`ui.getState` / `ui.setState`) so the app comes back as it
 * was after a restart — in Electron and in `vigil serve` alike, whose origin changes every run.
 * Read once at start (the grid waits for it); written, debounced, whenever it changes, and at once
 * when the page goes away.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { UiState } from '../../shared/api'
import type { UiClient } from '../transport/types'

export interface SavedView {
  /** The view to start from; null while it is being read. */
  initial: UiState | null
  /** The current view: saved once it has stopped changing for a moment. */
  save: (view: UiState) => void
}

/** Changes are written once they have settled this long (a drag, typing in a filter). */
const SAVE_DEBOUNCE_MS = 400

export function useSavedView(client: UiClient): SavedView {
  const [initial, setInitial] = useState<UiState | null>(null)
  /** JSON of the view the engine holds, so an unchanged view is not written again. */
  const stored = useRef<string | null>(null)
  const pending = useRef<UiState | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  useEffect(() => {
    let live = true
    client.call('ui.getState', {}).then(
      (view) => {
        if (!live) return
        stored.current = JSON.stringify(view)
        setInitial(view)
      },
      // No saved view to be had (an older engine, a lost connection): start from the defaults.
      () => {
        if (live) setInitial({})
      },
    )
    return () => {
      live = false
    }
  }, [client])

  const flush = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current)
    timer.current = null
    const view = pending.current
    pending.current = null
    if (view === null) return
    const json = JSON.stringify(view)
    if (json === stored.current) return
    stored.current = json
    // Not saved (out of bounds, disconnected): the next change tries again.
    client.call('ui.setState', view).catch(() => {
      if (stored.current === json) stored.current = null
    })
  }, [client])

  const save = useCallback(
    (view: UiState) => {
      pending.current = view
      if (timer.current !== null) clearTimeout(timer.current)
      timer.current = setTimeout(flush, SAVE_DEBOUNCE_MS)
    },
    [flush],
  )

  useEffect(() => {
    window.addEventListener('pagehide', flush)
    return () => {
      window.removeEventListener('pagehide', flush)
      flush()
    }
  }, [flush])

  return { initial, save }
}
