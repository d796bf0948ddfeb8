/**
 * The cases of this window: the current one and the recent list (`cases.list`), and switching.
 * A switch reloads the page: the other case has its own saved view, summary and findings, and a
 * fresh start reads them all, as opening the app on that case would.
 */
import { useCallback, useEffect, useState } from 'react'
import type { CasesList } from '../../shared/cases'
import type { UiClient } from '../transport/types'

export interface Cases {
  /** Null until answered, or when this window has one store (no cases). */
  list: CasesList | null
  create: (name: string) => Promise<void>
  open: (id: string) => Promise<void>
}

export function useCases(client: UiClient, onError: (message: string) => void, reload: () => void = () => window.location.reload()): Cases {
  const [list, setList] = useState<CasesList | null>(null)
  useEffect(() => {
    client.call('cases.list', {}).then(setList, () => setList(null)) // no cases here: the switcher stays hidden
  }, [client])
  const create = useCallback(
    async (name: string) => {
      try {
        await client.call('cases.new', { name })
        reload()
      } catch (e) {
        onError(e instanceof Error ? e.message : String(e))
      }
    },
    [client, onError, reload],
  )
  const open = useCallback(
    async (id: string) => {
      try {
        await client.call('cases.open', { id })
        reload()
      } catch (e) {
        onError(e instanceof Error ? e.message : String(e))
      }
    },
    [client, onError, reload],
  )
  return { list, create, open }
}
