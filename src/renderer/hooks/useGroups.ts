/** The lines grouped by one column, from `findings.groups`, asked again when the filter or the data changes. */
import { useEffect, useState } from 'react'
import type { FindingsFilter } from '../../shared/api'
import type { FindingsGroups, GroupColumn } from '../../shared/groups'
import type { UiClient } from '../transport/types'

export function useGroups(
  client: UiClient,
  filter: FindingsFilter | null,
  column: GroupColumn | null,
  /** Changes when the store does (a new summary): the counts are asked again. */
  version: unknown,
  onError: (message: string) => void,
): FindingsGroups | null {
  // Kept with the question it answers: a stale answer (another column, another filter) is not shown.
  const [answer, setAnswer] = useState<{ key: string; groups: FindingsGroups } | null>(null)
  const key = filter === null || column === null ? null : JSON.stringify({ ...filter, sortModel: [], column })
  useEffect(() => {
    if (key === null) return
    let current = true
    client.call('findings.groups', JSON.parse(key) as FindingsFilter & { column: GroupColumn }).then(
      (groups) => current && setAnswer({ key, groups }),
      (e: unknown) => current && onError(e instanceof Error ? e.message : String(e)),
    )
    return () => {
      current = false
    }
  }, [client, key, version, onError])
  return answer !== null && answer.key === key ? answer.groups : null
}
