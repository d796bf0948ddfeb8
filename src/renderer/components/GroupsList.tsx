/**
 * The groups of the lines (grouped by one column): each value with its count, biggest first, as
 * the engine counted them. A click opens a group: the lines grid is filtered to that value (a
 * column filter, so the grid, its count and Export CSV follow); "All" clears it.
 */
import type { FindingsGroups } from '../../shared/groups'
import { formatCount, humanize } from '../lib/format'
import { headerNameOf } from '../lib/columns'

/** Which group is open: a value, `null` for lines without one, or none (every line). */
export type OpenGroup = { value: string | null } | null

export interface GroupsListProps {
  groups: FindingsGroups | null
  open: OpenGroup
  onOpen: (group: OpenGroup) => void
}

export function GroupsList({ groups, open, onOpen }: GroupsListProps) {
  if (groups === null) return <nav className="groups-list" aria-busy="true" aria-label="Groups" />
  const label = (value: string | null): string => (value === null ? '(none)' : groups.column === 'status' ? humanize(value) : value)
  return (
    <nav className="groups-list" aria-label="Groups" data-testid="groups-list" data-column={groups.column}>
      <button type="button" className="group-row" aria-pressed={open === null} onClick={() => onOpen(null)}>
        <span className="group-value">All {headerNameOf(groups.column)} values</span>
        <span className="group-count">{formatCount(groups.total)}</span>
      </button>
      {groups.groups.map((g) => (
        <button
          key={g.value ?? '\u0000none'}
          type="button"
          className="group-row"
          data-testid="group-row"
          data-value={g.value ?? ''}
          aria-pressed={open !== null && open.value === g.value}
          title={`${label(g.value)}: ${formatCount(g.count)} lines`}
          onClick={() => onOpen({ value: g.value })}
        >
          <span className="group-value mono">{label(g.value)}</span>
          <span className="group-count" data-testid="group-count">
            {formatCount(g.count)}
          </span>
        </button>
      ))}
      {groups.groupCount > groups.groups.length && (
        <p className="dim group-more">{formatCount(groups.groupCount - groups.groups.length)} smaller groups not listed</p>
      )}
    </nav>
  )
}
