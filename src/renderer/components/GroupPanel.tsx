/**
 * The group panel above the lines grid (Timeline Explorer's): drop a column header's grip here,
 * or pick a column, to group the lines by it; the chip's ✕ ungroups. The groups themselves are
 * listed beside the grid (GroupsList).
 */
import { useState } from 'react'
import { GROUP_COLUMNS, type GroupColumn } from '../../shared/groups'
import { headerNameOf } from '../lib/columns'
import { COLUMN_DRAG_TYPE } from './HeaderLabel'

export interface GroupPanelProps {
  groupBy: GroupColumn | null
  onGroupBy: (column: GroupColumn | null) => void
}

const asGroupColumn = (id: string): GroupColumn | null => ((GROUP_COLUMNS as readonly string[]).includes(id) ? (id as GroupColumn) : null)

export function GroupPanel({ groupBy, onGroupBy }: GroupPanelProps) {
  const [over, setOver] = useState(false)
  return (
    <div
      className={`group-panel${over ? ' group-panel-over' : ''}`}
      data-testid="group-panel"
      aria-label="Group panel"
      role="group"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(COLUMN_DRAG_TYPE)) return
        e.preventDefault()
        e.dataTransfer.dropEffect = 'copy'
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false)
        const column = asGroupColumn(e.dataTransfer.getData(COLUMN_DRAG_TYPE))
        if (column === null) return
        e.preventDefault()
        onGroupBy(column)
      }}
    >
      {groupBy === null ? (
        <span className="dim">Drag a column header's ⠿ here to group the lines by it, or</span>
      ) : (
        <span className="group-chip" data-testid="group-chip">
          Grouped by <strong>{headerNameOf(groupBy)}</strong>
          <button type="button" className="icon-button" aria-label="Ungroup" onClick={() => onGroupBy(null)}>
            ×
          </button>
        </span>
      )}
      <select aria-label="Group by" value={groupBy ?? ''} onChange={(e) => onGroupBy(asGroupColumn(e.target.value))}>
        <option value="">{groupBy === null ? 'group by…' : 'no grouping'}</option>
        {GROUP_COLUMNS.map((c) => (
          <option key={c} value={c}>
            {headerNameOf(c)}
          </option>
        ))}
      </select>
    </div>
  )
}
