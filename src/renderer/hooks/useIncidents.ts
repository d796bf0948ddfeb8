/**
 * The incidents the current filter selects (`incidents.list`), kept in step with the engine: read
 * again when the filter changes, and when findings arrive, the summary changes or lines are
 * triaged (at most a few times a second, however fast lines arrive). Only while the view is shown.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { FindingsFilter } from '../../shared/api'
import type { Incident } from '../../shared/incident'
import type { UiClient } from '../transport/types'

export interface IncidentsFeed {
  /** The last answer (null before the first one). */
  incidents: Incident[] | null
  /** JSON of the filter the shown incidents answer ('' before the first answer): for tests and tools. */
  answered: string
  /** The shown incidents answer an older filter (or none yet); a reload of the same filter updates them in place. */
  loading: boolean
  /** Reads the incidents again now (after a triage). */
  reload: () => void
}

/** Live reloads are spaced at least this far apart (as the lines grid's refreshes). */
const REFRESH_MS = 300

export function useIncidents(client: UiClient, filter: FindingsFilter, enabled: boolean, onError: (message: string) => void): IncidentsFeed {
  const [answer, setAnswer] = useState<{ filter: string; incidents: Incident[] } | null>(null)
  const key = JSON.stringify(filter)
  // Only the newest request's answer is shown: an older one may come back last.
  const sequence = useRef(0)
  const last = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const reload = useCallback(() => {
    const mine = ++sequence.current
    last.current = Date.now()
    client.call('incidents.list', JSON.parse(key) as FindingsFilter).then(
      (incidents) => {
        if (mine === sequence.current) setAnswer({ filter: key, incidents })
      },
      (e: unknown) => {
        if (mine === sequence.current) onError(e instanceof Error ? e.message : String(e))
      },
    )
  }, [client, key, onError])

  useEffect(() => {
    if (enabled) reload()
  }, [enabled, reload])

  // Leading edge at once, then one trailing reload for whatever arrived during the pause.
  const reloadRef = useRef(reload)
  useEffect(() => {
    reloadRef.current = reload
  }, [reload])
  useEffect(() => {
    if (!enabled) return
    const schedule = (): void => {
      if (timer.current !== null) return
      const wait = Math.max(0, last.current + REFRESH_MS - Date.now())
      if (wait === 0) {
        reloadRef.current()
        return
      }
      timer.current = setTimeout(() => {
        timer.current = null
        reloadRef.current()
      }, wait)
    }
    const offs = [client.on('findings.added', schedule), client.on('summary.changed', schedule), client.on('findings.updated', schedule)]
    return () => {
      offs.forEach((off) => off())
      if (timer.current !== null) clearTimeout(timer.current)
      timer.current = null
    }
  }, [client, enabled])

  return {
    incidents: answer?.incidents ?? null,
    answered: answer?.filter ?? '',
    loading: answer?.filter !== key,
    reload,
  }
}
