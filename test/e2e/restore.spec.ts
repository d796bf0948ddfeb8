// The grid comes back as the analyst left it: `vigil serve` restarted on the same store (a new port,
// origin and token, so nothing kept by the browser could help) shows the same view (lines), sort,
// column filter, quick filter, severity floor and selected finding, and the same rows.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import type { UiState } from '../../src/shared/api'
import { applied, cell, columnTexts, firstRowLoaded, floatingFilter, header, settled, showLines, shownCount, viewButton } from './grid'
import { callEngine, expect, startServe, test } from './vigilServe'

/** The view the engine holds, asked over a socket of our own (as a second window would). */
function savedView(pageUrl: string): Promise<UiState> {
  return callEngine(pageUrl, 'ui.getState', {})
}

/** Opens the page; `lines`: switch to the lines view (else it must come back by itself). */
async function openApp(page: Page, url: string, { lines }: { lines: boolean }): Promise<void> {
  await page.goto(url)
  if (lines) {
    // A new store has no saved view: the app opens on the incidents.
    await expect(viewButton(page, 'Incidents')).toHaveAttribute('aria-pressed', 'true')
    await showLines(page, 120_000)
  } else {
    await expect(viewButton(page, 'Lines')).toHaveAttribute('aria-pressed', 'true')
    await firstRowLoaded(page, 120_000)
  }
  await expect(page.getByTestId('scan-progress')).toHaveCount(0)
  await settled(page)
}

test('sort, filters, floor and selection come back after vigil serve restarts on the same store', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-restore-'))
  const db = join(dir, 'vigil.sqlite')
  let serve = await startServe({ logs: 'resources/demo-logs', db })
  try {
    await openApp(page, serve.url, { lines: true })
    // Every event of one host, oldest first, that mentions "root".
    await page.getByLabel('Minimum severity').selectOption('NONE')
    await floatingFilter(page, 'Host').fill('db-01')
    await page.getByLabel('Quick filter').fill('root')
    await header(page, 'time').locator('.ag-header-cell-label').click()
    await expect(header(page, 'time')).toHaveAttribute('aria-sort', 'ascending')
    await applied(page, '"sortModel":[{"colId":"time","sort":"asc"}]')
    await applied(page, '"filter":"db-01"')
    await applied(page, '"quickFilter":"root"')
    await applied(page, '"minSeverity":"NONE"')
    const total = await shownCount(page)
    expect(total).toBeGreaterThan(3)
    const n = Math.min(10, total)
    const times = await columnTexts(page, 'time', n)
    const sources = await columnTexts(page, 'source', n)
    expect(new Set(await columnTexts(page, 'host', n))).toEqual(new Set(['db-01']))
    await cell(page, 2, 'host').click()
    await expect(page.locator('.ag-row-selected')).toHaveCount(1)
    await expect(page.getByTestId('detail-panel')).toBeVisible()

    // The renderer saves the view shortly after it changes; the engine holds it before we stop.
    await expect
      .poll(() => savedView(serve.url), { timeout: 10_000 })
      .toMatchObject({
        sortModel: [{ colId: 'time', sort: 'asc' }],
        filterModel: { host: { filterType: 'text', type: 'contains', filter: 'db-01' } },
        quickFilter: 'root',
        minSeverity: 'NONE',
        selectedId: expect.any(Number),
        view: 'lines',
      })

    await serve.stop()
    // No folder this time: the store re-opens the last session's folders, as the desktop app does.
    serve = await startServe({ db })
    await openApp(page, serve.url, { lines: false })

    await expect(page.getByLabel('Minimum severity')).toHaveValue('NONE')
    await expect(page.getByLabel('Quick filter')).toHaveValue('root')
    await expect(floatingFilter(page, 'Host')).toHaveValue('db-01')
    await expect(header(page, 'time')).toHaveAttribute('aria-sort', 'ascending')
    // The restored sort replaces the default one (score, highest first).
    await expect(header(page, 'score')).not.toHaveAttribute('aria-sort', 'descending')
    await applied(page, '"sortModel":[{"colId":"time","sort":"asc"}]')
    await applied(page, '"filter":"db-01"')
    await applied(page, '"quickFilter":"root"')
    expect(await shownCount(page)).toBe(total)
    expect(await columnTexts(page, 'time', n)).toEqual(times)
    expect(await columnTexts(page, 'source', n)).toEqual(sources)
    // The selected finding is selected again, and open in the detail panel.
    await expect(page.locator('.ag-row-selected')).toHaveCount(1)
    await expect(page.locator('.ag-row-selected [col-id="source"]')).toHaveText(sources[2])
    await expect(page.getByTestId('detail-panel')).toBeVisible()
  } finally {
    await serve.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
