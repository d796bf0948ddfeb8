/** Reading the AG Grid DOM: rows live under `.ag-grid-scrolling-container`, addressed by row-index. */
import type { Locator, Page } from '@playwright/test'

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

/** Rows shown after filtering, as the toolbar reports them (from the grid API). */
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

/** Waits until no full list is loading (after opening the page or changing the severity floor). */
export async function settled(page: Page): Promise<void> {
  await page.locator('[data-testid="findings-grid"][data-loading="false"]').waitFor()
}
