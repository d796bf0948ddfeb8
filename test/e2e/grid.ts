/**
 * Reading the AG Grid DOM: rows live under `.ag-grid-scrolling-container`, addressed by row-index;
 * the lines grid (findings) and the incidents grid are told apart by their host's test id.
 */
import { expect, type Locator, type Page } from '@playwright/test'

export const ROWS = '[data-testid="findings-grid"] .ag-grid-scrolling-container .ag-row'
export const INCIDENT_ROWS = '[data-testid="incidents-grid"] .ag-grid-scrolling-container .ag-row'

export function rows(page: Page): Locator {
  return page.locator(ROWS)
}

export function cell(page: Page, rowIndex: number, colId: string): Locator {
  return page.locator(`${ROWS}[row-index="${rowIndex}"] [col-id="${colId}"]`)
}

export function header(page: Page, colId: string): Locator {
  return page.locator(`.ag-header-cell[col-id="${colId}"]:not(.ag-floating-filter)`)
}

/** Waits until the grid holds real rows (not the infinite model's loading placeholders). */
export async function firstRowLoaded(page: Page, timeout = 60_000): Promise<void> {
  await cell(page, 0, 'score').filter({ hasText: /\d/ }).waitFor({ timeout })
}

/** Matching rows, as the toolbar reports them (the engine's count for the current filters). */
export async function shownCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('row-count').getAttribute('data-shown'))
}

/** Texts of one column for the first n displayed rows, in display order. */
export async function columnTexts(page: Page, colId: string, n: number): Promise<string[]> {
  const texts: string[] = []
  for (let i = 0; i < n; i++) texts.push((await cell(page, i, colId).innerText()).trim())
  return texts
}

/** The floating filter input of a column (AG Grid labels it "<Header> Filter Input"). */
export function floatingFilter(page: Page, headerName: string): Locator {
  return page.getByLabel(`${headerName} Filter Input`, { exact: true })
}

/** The toolbar's view switch: `Incidents` or `Lines`. */
export function viewButton(page: Page, name: 'Incidents' | 'Lines'): Locator {
  return page.getByRole('group', { name: 'View' }).getByRole('button', { name, exact: true })
}

/**
 * Shows the lines grid (the app opens on the incidents view when no view is saved) and waits for
 * its rows.
 */
export async function showLines(page: Page, timeout = 120_000): Promise<void> {
  const lines = viewButton(page, 'Lines')
  if ((await lines.getAttribute('aria-pressed')) !== 'true') await lines.click()
  await expect(lines).toHaveAttribute('aria-pressed', 'true')
  await firstRowLoaded(page, timeout)
}

/** Waits until no page is loading (after opening the page or changing a filter or the floor). */
export async function settled(page: Page): Promise<void> {
  await page.locator('[data-testid="findings-grid"][data-loading="false"]').waitFor()
}

/**
 * Waits until the grid shows a page answered for a query containing `text` (the grid keeps the
 * filter of its last answered page in `data-query`), and nothing is loading.
 */
export async function applied(page: Page, text: string): Promise<void> {
  await expect
    .poll(() => page.getByTestId('findings-grid').getAttribute('data-query'), { timeout: 30_000, intervals: [50] })
    .toContain(text)
  await settled(page)
}

/** A cell of the incidents grid. */
export function incidentCell(page: Page, rowIndex: number, colId: string): Locator {
  return page.locator(`${INCIDENT_ROWS}[row-index="${rowIndex}"] [col-id="${colId}"]`)
}

/** The incidents listed, as the toolbar reports them in the incidents view. */
export async function incidentCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('incident-count').getAttribute('data-shown'))
}

/**
 * Waits until the incidents grid shows the answer to a filter containing `text` (its host keeps
 * the filter of the last answer in `data-query`) and nothing newer is pending.
 */
export async function incidentsApplied(page: Page, text = ''): Promise<void> {
  const grid = page.getByTestId('incidents-grid')
  await expect.poll(() => grid.getAttribute('data-query'), { timeout: 120_000, intervals: [50] }).toContain(text)
  await page.locator('[data-testid="incidents-grid"][data-loading="false"]').waitFor()
}
