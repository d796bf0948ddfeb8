/**
 * The current case in the toolbar, and its menu: the recent cases to open, and a new case by name.
 * Hidden where the window has one store (no cases).
 */
import { useEffect, useRef, useState } from 'react'
import type { Cases } from '../hooks/useCases'
import { formatTime } from '../lib/format'

export function CaseSwitcher({ cases }: { cases: Cases }) {
  const [open, setOpen] = useState(false)
  const [name, setName] = useState('')
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    const outside = (e: MouseEvent): void => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false)
    }
    const escape = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false)
    }
    document.addEventListener('mousedown', outside)
    document.addEventListener('keydown', escape)
    return () => {
      document.removeEventListener('mousedown', outside)
      document.removeEventListener('keydown', escape)
    }
  }, [open])
  if (cases.list === null) return null
  const { current, cases: all } = cases.list
  return (
    <div className="case-switcher" ref={box}>
      <button type="button" className="case-button" aria-haspopup="true" aria-expanded={open} data-testid="current-case" title={current.path} onClick={() => setOpen((o) => !o)}>
        <span className="dim">Case</span> {current.name} ▾
      </button>
      {open && (
        <div className="case-pop" role="dialog" aria-label="Cases">
          <form
            className="case-new"
            onSubmit={(e) => {
              e.preventDefault()
              if (name.trim() !== '') void cases.create(name.trim())
            }}
          >
            <input type="text" aria-label="New case name" placeholder="New case name" maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
            <button type="submit" disabled={name.trim() === ''}>
              New case
            </button>
          </form>
          <h4>Recent cases</h4>
          <ul>
            {all.map((c) => (
              <li key={c.id}>
                <button type="button" className="case-item" aria-current={c.id === current.id} disabled={c.id === current.id} title={c.path} onClick={() => void cases.open(c.id)}>
                  <span>{c.name}</span>
                  <span className="dim mono">{formatTime(c.openedAt)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
