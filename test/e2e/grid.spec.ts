// End to end in Chromium against the real `vigil serve` on the demo logs: the grid shows findings,
// sorts, opens the detail panel, triages, exports the filtered rows, and renders hostile log text
// as text. Also takes the README's screenshot.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Page } from '@playwright/test'
import { ALL_CSV_COLUMNS } from '../../src/engine/export/csvColumns'
import { applied, cell, columnTexts, floatingFilter, header, settled, showLines, shownCount } from './grid'
import { expect, repoRoot, resetView, test } from './vigilServe'

/** The columns DESIGN.md requires first, in this order. */
const DESIGN_HEADER =
  'timestamp,host,source_file,source_line,event,outcome,user,target_user,src_ip,score,severity,threat_type,mitre_techniques,mitre_tactics,reasons,status,note,raw'

const HYPERLINK = '=HYPERLINK("http://x","y")'
const IMG = '<img src=x onerror=alert(1)>'

/**
 * Opens the page from the default view (the engine would restore the last one: sort, filters,
 * selection), switches from the incidents to the lines and waits for the grid's rows; serve may
 * still be reading the demo logs.
 */
async function openApp(page: Page, url: string): Promise<void> {
  // Leaving the page first lets it write what it had still to save before the view is reset.
  await page.goto('about:blank')
  await resetView(url)
  await page.goto(url)
  await showLines(page, 120_000)
  await expect(page.getByTestId('scan-progress')).toHaveCount(0)
  await settled(page)
}

const descending = (xs: number[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1] >= x)
const ascending = (xs: number[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1] <= x)

async function exportCsv(page: Page): Promise<{ filename: string; text: string; records: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  const text = readFileSync(await download.path(), 'utf8')
  return { filename: download.suggestedFilename(), text, records: parse(text) as string[][] }
}


test('the grid shows the demo findings and sorts by score; README screenshot of the triage queue', async ({ page, vigil }) => {
  // A common full-HD screen: the columns up to Status beside the detail panel.
  await page.setViewportSize({ width: 1920, height: 1040 })
  await openApp(page, vigil.url)
  await expect(page.getByTestId('summary-events')).not.toHaveText(/^0/)
  expect(await shownCount(page)).toBeGreaterThan(0)
  await expect(page.getByTestId('attack-notice')).toContainText('The MITRE Corporation')

  // Default order is score descending; a header click flips it to ascending, another back.
  await expect(header(page, 'score')).toHaveAttribute('aria-sort', 'descending')
  await header(page, 'score').locator('.ag-header-cell-label').click()
  await expect(header(page, 'score')).toHaveAttribute('aria-sort', 'ascending')
  await applied(page, '"sort":"asc"')
  const n = Math.min(8, await shownCount(page))
  expect(ascending((await columnTexts(page, 'score', n)).map(Number))).toBe(true)
  await header(page, 'score').locator('.ag-header-cell-label').click()
  await expect(header(page, 'score')).toHaveAttribute('aria-sort', 'descending')
  await applied(page, '"sort":"desc"')
  const top = (await columnTexts(page, 'score', n)).map(Number)
  expect(descending(top)).toBe(true)
  expect(top[0]).toBeGreaterThanOrEqual(0.5)

  // The picture: the triage queue (HIGH and above, newest first) with a detail panel open.
  await page.getByLabel('Minimum severity').selectOption('HIGH')
  await applied(page, '"minSeverity":"HIGH"')
  await header(page, 'time').locator('.ag-header-cell-label').click()
  await header(page, 'time').locator('.ag-header-cell-label').click()
  await expect(header(page, 'time')).toHaveAttribute('aria-sort', 'descending')
  await applied(page, '"colId":"time","sort":"desc"')
  const threats = await columnTexts(page, 'threat_type', Math.min(20, await shownCount(page)))
  const pick = Math.max(0, threats.findIndex((t) => t !== threats[0]))
  await cell(page, pick, 'host').click()
  await expect(page.getByTestId('detail-panel')).toBeVisible()
  // No focus ring or hover highlight in the picture.
  await page.evaluate('document.activeElement?.blur()')
  await page.mouse.move(0, 0)
  await page.screenshot({ path: join(repoRoot, 'docs', 'screenshot-grid.png'), animations: 'disabled' })
})

test('sort, detail panel, triage that persists, and export of the filtered rows', async ({ page, vigil }) => {
  await openApp(page, vigil.url)

  // Sort by score (header click twice: ascending, then descending again).
  await header(page, 'score').locator('.ag-header-cell-label').click()
  await header(page, 'score').locator('.ag-header-cell-label').click()
  await expect(header(page, 'score')).toHaveAttribute('aria-sort', 'descending')
  await settled(page)

  // Open the detail panel of the top row.
  const topScore = (await cell(page, 0, 'score').innerText()).trim()
  const topThreat = (await cell(page, 0, 'threat_type').innerText()).trim()
  await cell(page, 0, 'host').click()
  const panel = page.getByTestId('detail-panel')
  await expect(panel).toBeVisible()
  await expect(panel.locator('.detail-score')).toHaveText(topScore)
  await expect(panel.getByTestId('raw-line')).not.toBeEmpty()
  await expect(panel.getByRole('heading', { name: 'MITRE ATT&CK' })).toBeVisible()

  // Triage: status and note, reflected in the grid at once.
  await panel.getByLabel('Triage status').selectOption('escalated')
  // A line of a bigger incident asks whether the status is this line's or the incident's.
  const scope = panel.getByTestId('triage-scope')
  if ((await scope.count()) > 0) await scope.getByRole('button', { name: 'This line' }).click()
  await expect(cell(page, 0, 'status')).toHaveText('Escalated')
  await panel.getByLabel('Triage note').fill('Ticket INC-4711: blocked at the edge')
  await panel.getByRole('button', { name: 'Save note' }).click()
  await expect(panel.getByText(/^Saved /)).toBeVisible()

  // It persists: a fresh page finds exactly that finding by its status.
  await openApp(page, vigil.url)
  await floatingFilter(page, 'Status').fill('escalated')
  await applied(page, '"filter":"escalated"')
  await expect.poll(() => shownCount(page)).toBe(1)
  await expect(cell(page, 0, 'status')).toHaveText('Escalated')
  await expect(cell(page, 0, 'threat_type')).toHaveText(topThreat)
  await cell(page, 0, 'host').click()
  await expect(page.getByTestId('detail-panel').getByLabel('Triage note')).toHaveValue('Ticket INC-4711: blocked at the edge')

  // Export what the grid shows: filter on a threat type first.
  await openApp(page, vigil.url)
  await page.getByLabel('Quick filter').fill(topThreat)
  await applied(page, `"quickFilter":"${topThreat}"`)
  await expect.poll(() => shownCount(page)).toBeGreaterThan(0)
  const shown = await shownCount(page)
  const gridTop = (await columnTexts(page, 'score', Math.min(5, shown))).map(Number)
  const { filename, text, records } = await exportCsv(page)
  expect(filename).toBe('anomalies.csv')
  const headerLine = text.slice(0, text.indexOf('\r\n'))
  expect(headerLine).toBe(ALL_CSV_COLUMNS.join(','))
  expect(headerLine.startsWith(`${DESIGN_HEADER},`)).toBe(true)
  const [head, ...body] = records
  expect(body).toHaveLength(shown)
  const col = (name: string) => head.indexOf(name)
  expect(body.every((r) => r[col('threat_type')] === topThreat)).toBe(true)
  const exportedScores = body.map((r) => Number(r[col('score')]))
  expect(descending(exportedScores)).toBe(true)
  expect(exportedScores.slice(0, gridTop.length).map((s) => s.toFixed(2))).toEqual(gridTop.map((s) => s.toFixed(2)))
  expect(body.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(r[col('timestamp')]))).toBe(true)
})

test('hostile user names are shown as text, run nothing, and are exported inert', async ({ page, vigil }) => {
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await openApp(page, vigil.url)

  // Open the hostile folder through the browser's Open Folder field (a path on the server).
  await page.getByLabel('Folder path on the server').fill(join(repoRoot, 'test', 'e2e', 'data', 'hostile'))
  await page.getByRole('button', { name: 'Open Folder' }).click()
  // The case holds the demo already: the folder is added to it.
  await page.getByTestId('add-folder-prompt').getByRole('button', { name: /^Add to this case/ }).click()
  await expect(page.getByText(/^Opening /)).toHaveCount(0, { timeout: 60_000 })
  await expect(page.getByRole('alert')).toHaveCount(0)
  // Every scored event, whatever its severity: the point is how the names are shown.
  await page.getByLabel('Minimum severity').selectOption('NONE')
  await applied(page, '"minSeverity":"NONE"')

  for (const [needle, name] of [
    ['HYPERLINK', HYPERLINK],
    ['onerror', IMG],
  ] as const) {
    // The user column's filter (the quick filter would also match the Why column, whose reasons
    // may quote these names).
    await floatingFilter(page, 'User').fill(needle)
    await applied(page, `"filter":"${needle}"`)
    await expect.poll(() => shownCount(page)).toBeGreaterThan(0)
    const shown = await shownCount(page)
    expect(await columnTexts(page, 'user', Math.min(shown, 10))).toEqual(Array(Math.min(shown, 10)).fill(name))
    await cell(page, 0, 'user').click()
    await expect(page.getByTestId('raw-line')).toContainText(needle === 'onerror' ? '<img src=x' : '=HYPERLINK(')

    const { records } = await exportCsv(page)
    const [head, ...body] = records
    expect(body).toHaveLength(shown)
    const users = body.map((r) => r[head.indexOf('user')])
    // A formula is neutralised with a leading quote; HTML is no formula and stays as it is.
    expect(users).toEqual(Array(shown).fill(name.startsWith('=') ? `'${name}` : name))
    expect(body.every((r) => !/^[=+\-@\t\r]/.test(r[head.indexOf('raw')]))).toBe(true)
  }

  // Nothing was interpreted as HTML or script.
  await expect(page.locator('img')).toHaveCount(0)
  expect(dialogs).toEqual([])
})
