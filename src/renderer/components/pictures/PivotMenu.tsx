/** The pivots of one user, source IP or host: inline buttons (detail panel) or a menu at the pointer (grid cells). */
import { useEffect } from 'react'
import { PIVOT_ACTIONS, PIVOT_LABEL, type PivotAction, type PivotField } from '../../lib/pivot'

export interface PivotTarget {
  field: PivotField
  value: string
}

export function PivotButtons({ target, onPivot }: { target: PivotTarget; onPivot: (t: PivotTarget, a: PivotAction) => void }) {
  return (
    <span className="pivots" data-testid={`pivots-${target.field}`}>
      {PIVOT_ACTIONS.map((a) => (
        <button key={a} type="button" className="pivot" title={PIVOT_LABEL[a][1]} data-pivot={a} onClick={() => onPivot(target, a)}>
          {PIVOT_LABEL[a][0]}
        </button>
      ))}
    </span>
  )
}

export interface PivotMenuProps {
  /** One value (a grid cell), or the names an incident lists: a section each. */
  targets: PivotTarget[]
  x: number
  y: number
  onPivot: (t: PivotTarget, a: PivotAction) => void
  onClose: () => void
}

export function PivotMenu({ targets, x, y, onPivot, onClose }: PivotMenuProps) {
  useEffect(() => {
    const close = (e: Event): void => {
      if (e instanceof KeyboardEvent && e.key !== 'Escape') return
      onClose()
    }
    window.addEventListener('keydown', close)
    window.addEventListener('pointerdown', close)
    return () => {
      window.removeEventListener('keydown', close)
      window.removeEventListener('pointerdown', close)
    }
  }, [onClose])
  return (
    <div className="pivot-menu" role="menu" style={{ left: x, top: y }} data-testid="pivot-menu" onPointerDown={(e) => e.stopPropagation()}>
      {targets.map((target) => (
        <div key={`${target.field}:${target.value}`} className="pivot-menu-section">
          <div className="pivot-menu-title">{target.value}</div>
          {PIVOT_ACTIONS.map((a) => (
            <button
              key={a}
              type="button"
              role="menuitem"
              title={PIVOT_LABEL[a][1]}
              data-pivot={a}
              onClick={() => {
                onPivot(target, a)
                onClose()
              }}
            >
              {PIVOT_LABEL[a][0]}
            </button>
          ))}
        </div>
      ))}
    </div>
  )
}
