/** What the window's shortcuts do to the DOM and the lines grid (useShortcuts maps the keys). */
import type { GridApi } from 'ag-grid-community'
import type { Finding } from '../../shared/finding'

/** The toolbar's quick filter, focused with its text selected (typing replaces it). */
export function focusQuickFilter(): void {
  const input = document.getElementById('quick-filter')
  if (input instanceof HTMLInputElement) {
    input.focus()
    input.select()
  }
}

/** The open finding's status (the detail panel's triage editor). */
export function focusTriageStatus(): void {
  document.getElementById('triage-status')?.focus()
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
