/** What the window's shortcuts do to the DOM and the lines grid (useShortcuts maps the keys). */
import type { GridApi } from 'ag-grid-community'
import { TRIAGE_STATUSES, type Finding, type TriageStatus } from '../../shared/finding'

/** The toolbar's quick filter, focused with its text selected (typing replaces it). */
export function focusQuickFilter(): void {
  const input = document.getElementById('quick-filter')
  if (input instanceof HTMLInputElement) {
    input.focus()
    input.select()
  }
}

/**
 * `j` / `k`: the next or previous line is focused, scrolled to and selected alone, so the detail
 * panel follows. From the focused row, else the selected one, else the top.
 */
export function moveLineSelection(api: GridApi<Finding>, step: 1 | -1): void {
  const count = api.getDisplayedRowCount()
  if (count === 0) return
  const focused = api.getFocusedCell()
  const from = focused?.rowIndex ?? api.getSelectedNodes()[0]?.rowIndex ?? -1
  const to = Math.min(count - 1, Math.max(0, from + step))
  const column = focused?.column ?? api.getAllDisplayedColumns()[0]
  api.ensureIndexVisible(to)
  if (column) api.setFocusedCell(to, column)
  api.getDisplayedRowAtIndex(to)?.setSelected(true, true)
}

/** `s` / Shift+S: the status after (before) `status` in the triage order, wrapping round. */
export function stepStatus(status: TriageStatus, step: 1 | -1): TriageStatus {
  const n = TRIAGE_STATUSES.length
  return TRIAGE_STATUSES[(TRIAGE_STATUSES.indexOf(status) + step + n) % n]
}

/** A status asked for from the keyboard; `n` counts the presses, so each one is acted on once. */
export interface StatusRequest {
  n: number
  step: 1 | -1
}
