/**
 * A lines-grid header's label (AG Grid's `innerHeaderComponent`: the grid keeps sorting, resizing
 * and moving) with a grip on groupable columns: the grip is dragged (HTML5 drag and drop) onto the
 * group panel to group the lines by that column. The grip's own mouse events stop at it, so
 * AG Grid neither moves nor sorts the column when the grip is used.
 */
import type { IHeaderParams } from 'ag-grid-community'
import { useEffect, useRef } from 'react'
import { GROUP_COLUMNS } from '../../shared/groups'

/** The drag data type that carries a column id to the group panel. */
export const COLUMN_DRAG_TYPE = 'application/x-vigil-column'

const groupable = (colId: string): boolean => (GROUP_COLUMNS as readonly string[]).includes(colId)

export function HeaderLabel(props: IHeaderParams) {
  const colId = props.column.getColId()
  const grip = useRef<HTMLSpanElement>(null)
  useEffect(() => {
    const el = grip.current
    if (!el) return
    // Native listeners: AG Grid listens on the header cell itself, before React's root would see these.
    const stop = (e: Event): void => e.stopPropagation()
    const events = ['mousedown', 'pointerdown', 'touchstart', 'click'] as const
    for (const name of events) el.addEventListener(name, stop)
    return () => {
      for (const name of events) el.removeEventListener(name, stop)
    }
  }, [])
  return (
    <span className="header-label">
      {groupable(colId) && (
        <span
          ref={grip}
          className="header-grip"
          draggable
          // The header's name stays the column's; keyboards group with the panel's select.
          aria-hidden="true"
          title={`Drag to the group panel to group the lines by ${props.displayName}`}
          data-testid={`group-grip-${colId}`}
          onDragStart={(e) => {
            e.dataTransfer.setData(COLUMN_DRAG_TYPE, colId)
            e.dataTransfer.effectAllowed = 'copy'
          }}
        >
          ⠿
        </span>
      )}
      <span className="header-text">{props.displayName}</span>
    </span>
  )
}
