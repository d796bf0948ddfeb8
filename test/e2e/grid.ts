/** Reading the AG Grid DOM: rows live under `.ag-grid-scrolling-container`, addressed by row-index. */
import { expect, type Locator, type Page } from '@playwright/test'

export const ROWS = '.ag-grid-scrolling-container .ag-row'

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
