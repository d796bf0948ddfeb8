/**
 * The column chooser: every lines-grid column with a box to show or hide it and ↑ ↓ to move it.
 * Changes go to the grid (AG Grid's column state), which the saved view records.
 */
import type { Column, GridApi } from 'ag-grid-community'
import { useEffect, useRef, useState } from 'react'
import type { Finding } from '../../shared/finding'

export interface ColumnChooserProps {
  api: GridApi<Finding> | null
}

interface ColumnItem {
  id: string
  name: string
  visible: boolean
}

function itemsOf(api: GridApi<Finding>): ColumnItem[] {
  return (api.getColumns() ?? []).map((c: Column) => ({
    id: c.getColId(),
    name: api.getDisplayNameForColumn(c, null) || c.getColId(),
    visible: c.isVisible(),
  }))
}

/** Where the grid holds the column now (moving works on the order of every column). */
const indexOf = (api: GridApi<Finding>, id: string): number => (api.getAllGridColumns() ?? []).findIndex((c) => c.getColId() === id)

export function ColumnChooser({ api }: ColumnChooserProps) {
  const [open, setOpen] = useState(false)
  const [items, setItems] = useState<ColumnItem[]>([])
  const box = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open || !api || api.isDestroyed()) return
    const refresh = (): void => setItems(itemsOf(api))
    refresh()
    api.addEventListener('columnVisible', refresh)
    api.addEventListener('columnMoved', refresh)
    const outside = (e: MouseEvent): void => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false)
    }
    const escape = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false)
    }
    document.addEventListener('mousedown', outside)
    document.addEventListener('keydown', escape)
    return () => {
      if (!api.isDestroyed()) {
        api.removeEventListener('columnVisible', refresh)
        api.removeEventListener('columnMoved', refresh)
      }
      document.removeEventListener('mousedown', outside)
      document.removeEventListener('keydown', escape)
    }
  }, [open, api])

  const move = (id: string, step: -1 | 1): void => {
    if (!api) return
    const at = indexOf(api, id)
    const to = at + step
    if (at < 0 || to < 0 || to >= (api.getAllGridColumns() ?? []).length) return
    api.moveColumns([id], to)
  }

  return (
    <div className="column-chooser" ref={box}>
      <button type="button" aria-expanded={open} aria-haspopup="true" disabled={!api} onClick={() => setOpen((o) => !o)}>
        Columns
      </button>
      {open && api && (
        <div className="column-chooser-pop" role="dialog" aria-label="Columns" data-testid="column-chooser">
          <ul>
            {items.map((c, i) => (
              <li key={c.id}>
                <label>
                  <input type="checkbox" checked={c.visible} onChange={(e) => api.setColumnsVisible([c.id], e.target.checked)} />
                  {c.name}
                </label>
                <span className="column-moves">
                  <button type="button" className="icon-button" aria-label={`Move ${c.name} left`} disabled={i === 0} onClick={() => move(c.id, -1)}>
                    ↑
                  </button>
                  <button type="button" className="icon-button" aria-label={`Move ${c.name} right`} disabled={i === items.length - 1} onClick={() => move(c.id, 1)}>
                    ↓
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
