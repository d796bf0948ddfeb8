/**
 * Incremental row updates. Rows are keyed by finding id (getRowId), so transactions keep the
 * analyst's sort, filters, selection and scroll position while findings stream in.
 */
import type { GridApi } from 'ag-grid-community'
import { severityRank, type Finding, type Severity } from '../../shared/finding'

/** Adds new findings and updates known ones, skipping those below the severity floor. */
export function mergeFindings(api: GridApi<Finding>, findings: readonly Finding[], minSeverity: Severity): void {
  const floor = severityRank(minSeverity)
  const add: Finding[] = []
  const update: Finding[] = []
  for (const finding of findings) {
    if (api.getRowNode(String(finding.id))) update.push(finding)
    else if (severityRank(finding.severity) >= floor) add.push(finding)
  }
  if (add.length > 0 || update.length > 0) api.applyTransaction({ add, update })
}

/** Ids of the rows the grid currently shows, in display order (filtered and sorted). */
export function displayedIds(api: GridApi<Finding>): number[] {
  const ids: number[] = []
  api.forEachNodeAfterFilterAndSort((node) => {
    if (node.data) ids.push(node.data.id)
  })
  return ids
}

/** Number of rows loaded in the grid, before filtering. */
export function loadedCount(api: GridApi<Finding>): number {
  let n = 0
  api.forEachNode(() => {
    n++
  })
  return n
}
