// Live watching end to end: lines appended to a file of an open folder reach the grid by themselves,
// and the refresh keeps the analyst's sort, column filter, severity floor and selection.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applied, cell, floatingFilter, header, showLines, shownCount } from './grid'
import { expect, repoRoot, test } from './vigilServe'

test('lines appended to a watched file appear in the grid without a reload, keeping sort, filter and selection', async ({ page, vigil }) => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-live-'))
  try {
    cpSync(join(repoRoot, 'test', 'e2e', 'data', 'hostile', 'auth.log'), join(folder, 'auth.log'))
    await page.goto(vigil.url)
    await showLines(page, 120_000)
    await page.getByLabel('Folder path on the server').fill(folder)
    await page.getByRole('button', { name: 'Open Folder' }).click()
    // The case holds the demo already: the folder is added to it (a new case is cases.spec's).
    await page.getByTestId('add-folder-prompt').getByRole('button', { name: /^Add to this case/ }).click()
    await expect(page.getByText(/^Opening /)).toHaveCount(0, { timeout: 60_000 })

    // Every event of host web-9, oldest first; select the first row.
    await page.getByLabel('Minimum severity').selectOption('NONE')
    await floatingFilter(page, 'Host').fill('web-9')
    await header(page, 'time').locator('.ag-header-cell-label').click()
    await expect(header(page, 'time')).toHaveAttribute('aria-sort', 'ascending')
    await applied(page, '"colId":"time","sort":"asc"')
    await applied(page, '"filter":"web-9"')
    await applied(page, '"minSeverity":"NONE"')
    await expect.poll(() => shownCount(page)).toBeGreaterThan(0)
    const before = await shownCount(page)
    const firstSource = (await cell(page, 0, 'source').innerText()).trim()
    await cell(page, 0, 'host').click()
    await expect(page.locator('.ag-row-selected')).toHaveCount(1)

    // A password-guessing burst from one address, written the way sshd writes it.
    const lines: string[] = []
    for (let i = 0; i < 40; i++) {
      const s = String(10 + i).padStart(2, '0')
      lines.push(`Mar  3 11:00:${s} web-9 sshd[${3000 + i}]: Failed password for root from 198.51.100.77 port ${51000 + i} ssh2`)
    }
    const written = Date.now()
    appendFileSync(join(folder, 'auth.log'), `${lines.join('\n')}\n`)

    await expect.poll(() => shownCount(page), { timeout: 30_000, intervals: [50] }).toBe(before + 40)
    test.info().annotations.push({ type: 'append-to-grid', description: `${Date.now() - written} ms` })
    await expect(cell(page, before, 'src_ip')).toHaveText('198.51.100.77')

    // Nothing the analyst set was lost: floor, filter, sort, selection (the same finding).
    await expect(page.getByLabel('Minimum severity')).toHaveValue('NONE')
    await expect(floatingFilter(page, 'Host')).toHaveValue('web-9')
    await expect(header(page, 'time')).toHaveAttribute('aria-sort', 'ascending')
    await expect(cell(page, 0, 'source')).toHaveText(firstSource)
    await expect(page.locator('.ag-row-selected')).toHaveCount(1)
    await expect(page.locator(`.ag-row-selected [col-id="source"]`)).toHaveText(firstSource)
    await expect(page.getByTestId('detail-panel')).toBeVisible()

    // The burst is scored: a quick filter on the address finds its findings.
    await page.getByLabel('Minimum severity').selectOption('LOW')
    await page.getByLabel('Quick filter').fill('198.51.100.77')
    await applied(page, '"quickFilter":"198.51.100.77"')
    await expect.poll(() => shownCount(page)).toBeGreaterThan(0)
    await expect(cell(page, 0, 'src_ip')).toHaveText('198.51.100.77')
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
})
