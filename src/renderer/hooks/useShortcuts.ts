/**
 * The window's keyboard, as Timeline Explorer and lnav users expect it: Ctrl+F (⌘F) or `/` go to
 * the quick filter, Esc closes the detail panel, `j` / `k` move to the next / previous line, `s`
 * sets the open line's status to the next one (Shift+S: the previous one; several selected lines:
 * all of them). Letters act only outside text fields (typing a `j` in the note is a `j`); the
 * grids handle arrows and Enter themselves.
 */
import { useEffect, useRef } from 'react'

export interface ShortcutActions {
  focusSearch: () => void
  closeDetail: () => void
  /** +1 next line, -1 previous line. */
  moveLine: (step: 1 | -1) => void
  /** +1 the next status, -1 the previous one (lib/triageKeys.ts). */
  stepStatus: (step: 1 | -1) => void
}

/** Where typed keys are text, not commands. */
function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  return tag === 'TEXTAREA' || tag === 'SELECT' || (tag === 'INPUT' && !['checkbox', 'radio', 'button'].includes((target as HTMLInputElement).type))
}

export type Shortcut = 'focusSearch' | 'closeDetail' | 'next' | 'previous' | 'nextStatus' | 'previousStatus'

/** Which action a key press asks for, if any. */
export function shortcutOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, inText: boolean): Shortcut | null {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') return 'focusSearch'
  if (e.ctrlKey || e.metaKey || e.altKey) return null
  if (e.key === 'Escape') return inText ? null : 'closeDetail'
  if (inText) return null
  switch (e.key) {
    case '/':
      return 'focusSearch'
    case 'j':
      return 'next'
    case 'k':
      return 'previous'
    case 's':
      return 'nextStatus'
    case 'S':
      return 'previousStatus'
    default:
      return null
  }
}

export function useShortcuts(actions: ShortcutActions): void {
  const latest = useRef(actions)
  useEffect(() => {
    latest.current = actions
  })
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const action = shortcutOf(e, isTextTarget(e.target))
      if (action === null) return
      e.preventDefault()
      const a = latest.current
      switch (action) {
        case 'next':
          return a.moveLine(1)
        case 'previous':
          return a.moveLine(-1)
        case 'focusSearch':
          return a.focusSearch()
        case 'closeDetail':
          return a.closeDetail()
        case 'nextStatus':
          return a.stepStatus(1)
        case 'previousStatus':
          return a.stepStatus(-1)
        default:
          return action satisfies never
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
