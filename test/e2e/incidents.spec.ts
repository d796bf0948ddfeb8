// End to end in Chromium against the real `vigil serve` on the demo logs: the app opens on the
// incidents (one row per detected episode, strongest first), an incident opens exactly its lines
// (grid, detail panel, export), and marking the incident triages every one of its lines.
// Also takes the README's screenshot of the incidents view.
//
// The file has a `vigil serve` of its own on the demo logs alone: the worker's shared server has
// other folders opened by other files' tests by then, which changes what the incidents are.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Locator, Page } from '@playwright/test'
import type { FindingsFilter } from '../../src/shared/api'
import type { Incident } from '../../src/shared/incident'
import {
  INCIDENT_ROWS,
  applied,
  cell,
  columnTexts,
  floatingFilter,
  incidentCell,
  incidentCount,
  incidentsApplied,
  settled,
  shownCount,
  viewButton,
} from './grid'
import { callEngine, expect, repoRoot, resetView, startServe, test, type ServeProcess } from './vigilServe'

let dir = ''
let serve: ServeProcess | null = null
test.beforeAll(async () => {
  test.setTimeout(180_000)
  dir = mkdtempSync(join(tmpdir(), 'vigil-incidents-'))
  serve = await startServe({ logs: process.env.VIGIL_E2E_LOGS ?? 'resources/demo-logs', db: join(dir, 'vigil.sqlite') })
})
test.afterAll(async () => {
  await serve?.stop()
  rmSync(dir, { recursive: true, force: true })
})
const served = (): string => {
  if (serve === null) throw new Error('vigil serve did not start')
  return serve.url
}

/** The engine's own answer, over a socket of our own: what the grid must show. */
function engineIncidents(pageUrl: string, filter: FindingsFilter): Promise<Incident[]> {
  return callEngine(pageUrl, 'incidents.list', filter)
}

/** Opens the page with no saved view: it must show the incidents, without being asked. */
async function openIncidents(page: Page, url: string): Promise<void> {
  await page.goto('about:blank')
  await resetView(url)
  await page.goto(url)
  await expect(viewButton(page, 'Incidents')).toHaveAttribute('aria-pressed', 'true')
  await incidentsApplied(page, '"minSeverity":"MEDIUM"')
  await expect(page.getByTestId('scan-progress')).toHaveCount(0)
  await incidentCell(page, 0, 'severity').filter({ hasText: /[A-Z]/ }).waitFor()
}

/** The first (strongest) row of the incidents grid whose threat is `threat`, and its row index. */
async function incidentRow(page: Page, threat: string): Promise<{ row: Locator; index: number }> {
  const row = page
    .locator(INCIDENT_ROWS)
    .filter({ has: page.locator('[col-id="threat_type"]', { hasText: new RegExp(`^${threat}$`) }) })
    .first()
  await row.waitFor()
  return { row, index: Number(await row.getAttribute('row-index')) }
}

const count = async (cellLocator: Locator): Promise<number> => Number((await cellLocator.innerText()).replace(/,/g, ''))

async function exportCsv(page: Page): Promise<{ head: string[]; body: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  const [head, ...body] = parse(readFileSync(await download.path(), 'utf8')) as string[][]
  return { head, body }
}

test('the app opens on the incidents, strongest first, as the engine groups them; README screenshot', async ({ page }) => {
  const url = served()
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await page.setViewportSize({ width: 1920, height: 1040 })
  await openIncidents(page, url)

  // The triage queue: HIGH and above.
  await page.getByLabel('Minimum severity').selectOption('HIGH')
  await incidentsApplied(page, '"minSeverity":"HIGH"')
  const expected = await engineIncidents(url, { minSeverity: 'HIGH' })
  expect(expected.length).toBeGreaterThan(1)
  await expect.poll(() => incidentCount(page)).toBe(expected.length)
  await expect(page.getByTestId('incident-count')).toHaveText(`${expected.length} incidents`)
  // Every incident is a row (they fit on the screen), in the engine's order: strongest first.
  await expect(page.locator(INCIDENT_ROWS)).toHaveCount(expected.length)
  expect(await incidentCell(page, 0, 'severity').innerText()).toBe('CRITICAL')
  const threats: string[] = []
  const scores: string[] = []
  const lines: number[] = []
  for (let i = 0; i < expected.length; i++) {
    threats.push((await incidentCell(page, i, 'threat_type').innerText()).trim())
    scores.push((await incidentCell(page, i, 'max_score').innerText()).trim())
    lines.push(await count(incidentCell(page, i, 'lines')))
  }
  expect(threats).toEqual(expected.map((i) => i.threat_type))
  expect(scores).toEqual(expected.map((i) => i.max_score.toFixed(2)))
  expect(lines).toEqual(expected.map((i) => i.lines))
  // The sentence in full, and "+N" for the names an incident counts but does not list.
  await expect(incidentCell(page, 0, 'reason')).toHaveText(expected[0].reason)
  const crowd = expected.findIndex((i) => i.user_count > i.users.length)
  expect(crowd).toBeGreaterThanOrEqual(0)
  await expect(incidentCell(page, crowd, 'users')).toContainText(`+${expected[crowd].user_count - expected[crowd].users.length}`)
  // User names are attacker-controlled: the demo's hostile ones are shown as text and run nothing.
  const hostile = expected.findIndex((i) => i.users.includes('<img src=x onerror=alert(1)>'))
  if (hostile >= 0) await expect(incidentCell(page, hostile, 'users')).toContainText('<img src=x onerror=alert(1)>')
  await expect(page.locator('img')).toHaveCount(0)
  expect(dialogs).toEqual([])

  // A header click sorts on the client: most lines first.
  await page.locator(`[data-testid="incidents-grid"] .ag-header-cell[col-id="lines"] .ag-header-cell-label`).click()
  expect(await count(incidentCell(page, 0, 'lines'))).toBe(Math.max(...lines))
  await page.locator(`[data-testid="incidents-grid"] .ag-header-cell[col-id="max_score"] .ag-header-cell-label`).click()
  await expect(incidentCell(page, 0, 'threat_type')).toHaveText(expected[0].threat_type)

  await page.evaluate('document.activeElement?.blur()')
  await page.mouse.move(0, 0)
  await page.screenshot({ path: join(repoRoot, 'docs', 'screenshot-incidents.png'), animations: 'disabled' })

  // The lines view's column filters narrow the incidents too (an incident's count stays the row
  // count of its lines), and the incidents view says so.
  await viewButton(page, 'Lines').click()
  await floatingFilter(page, 'Host').fill('db-01')
  await applied(page, '"filter":"db-01"')
  await viewButton(page, 'Incidents').click()
  await incidentsApplied(page, '"filter":"db-01"')
  await expect(page.getByTestId('incidents-column-filters')).toContainText('Host')
  const onDb = await engineIncidents(url, { minSeverity: 'HIGH', filterModel: { host: { filterType: 'text', type: 'contains', filter: 'db-01' } } })
  expect(onDb.length).toBeLessThan(expected.length)
  await expect.poll(() => incidentCount(page)).toBe(onDb.length)
  await page.getByRole('button', { name: 'Clear column filters' }).click()
  await expect(page.getByTestId('incidents-column-filters')).toHaveCount(0)
  await incidentsApplied(page, '"filterModel":{}')
  await expect.poll(() => incidentCount(page)).toBe(expected.length)
})

test('an incident opens exactly its lines, exports them, and is triaged at once', async ({ page }) => {
  const url = served()
  await openIncidents(page, url)
  const { index } = await incidentRow(page, 'brute_force')
  const lines = await count(incidentCell(page, index, 'lines'))
  const score = (await incidentCell(page, index, 'max_score').innerText()).trim()
  const reason = (await incidentCell(page, index, 'reason').innerText()).trim()
  expect(lines).toBeGreaterThan(1)
  // Nothing triaged yet on this server.
  expect(await count(incidentCell(page, index, 'untriaged'))).toBe(lines)
  const engine = (await engineIncidents(url, { minSeverity: 'MEDIUM' })).find((i) => i.threat_type === 'brute_force' && i.reason === reason)
  expect(engine?.lines).toBe(lines)
  // The grid is narrowed by the incident's episode, whatever its sentence says.
  const narrowed = `"incident":{"episode":${JSON.stringify(engine?.episode)}}`

  // Every line at the floor, for comparison: the incident's are a part of them.
  await viewButton(page, 'Lines').click()
  await settled(page)
  const everything = await shownCount(page)
  expect(everything).toBeGreaterThan(lines)
  await viewButton(page, 'Incidents').click()
  await incidentsApplied(page, '"minSeverity":"MEDIUM"')

  // Click: the lines view, narrowed to the incident, its strongest line open in the detail panel.
  await incidentCell(page, index, 'reason').click()
  await expect(viewButton(page, 'Lines')).toHaveAttribute('aria-pressed', 'true')
  const chip = page.getByTestId('incident-filter')
  await expect(chip.locator('.incident-chip-threat')).toHaveText('brute_force')
  await expect(chip.locator('.incident-chip-reason')).toHaveText(`— ${reason}`)
  await applied(page, narrowed)
  await expect.poll(() => shownCount(page)).toBe(lines)
  expect(new Set(await columnTexts(page, 'threat_type', Math.min(lines, 20)))).toEqual(new Set(['brute_force']))
  const panel = page.getByTestId('detail-panel')
  await expect(panel).toBeVisible()
  await expect(panel.locator('.detail-threat')).toHaveText('Brute force')
  await expect(panel.locator('.detail-score')).toHaveText(score)
  await expect(panel.locator('.fields tr').filter({ hasText: 'Finding id' }).locator('td')).toHaveText(String(engine?.top_finding_id))
  // The grid is sorted by score, highest first: the incident's strongest lines head it.
  await expect(cell(page, 0, 'score')).toHaveText(score)

  // Export writes exactly the incident's lines.
  const exported = await exportCsv(page)
  expect(exported.body).toHaveLength(lines)
  const col = (name: string): number => exported.head.indexOf(name)
  expect(new Set(exported.body.map((r) => r[col('threat_type')]))).toEqual(new Set(['brute_force']))
  expect(exported.body.every((r) => r[col('reasons')].startsWith(reason))).toBe(true)

  // The view and the incident are kept: a reload comes back to the same lines.
  await page.reload()
  await expect(viewButton(page, 'Lines')).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('incident-filter')).toContainText(reason)
  await applied(page, narrowed)
  expect(await shownCount(page)).toBe(lines)

  // ✕ shows every line again.
  await page.getByRole('button', { name: /clear the incident filter/ }).click()
  await expect(page.getByTestId('incident-filter')).toHaveCount(0)
  await expect.poll(() => shownCount(page)).toBe(everything)

  // Mark the whole incident a false positive from the incidents view.
  await viewButton(page, 'Incidents').click()
  await incidentsApplied(page, '"minSeverity":"MEDIUM"')
  const { row } = await incidentRow(page, 'brute_force')
  await row.getByRole('checkbox').check()
  await expect(page.getByTestId('incidents-selected')).toHaveText(`1 incident selected · ${lines} lines`)
  await page.getByLabel('Mark incident as').selectOption('false_positive')
  await expect(page.getByText(`Marked 1 incident (${lines} lines) as False positive.`)).toBeVisible()
  await expect(incidentCell(page, index, 'untriaged')).toHaveText('0')

  // Its lines say so, every one of them.
  await incidentCell(page, index, 'reason').click()
  await applied(page, narrowed)
  await expect.poll(() => shownCount(page)).toBe(lines)
  expect(new Set(await columnTexts(page, 'status', Math.min(lines, 20)))).toEqual(new Set(['False positive']))
  const triaged = await exportCsv(page)
  expect(new Set(triaged.body.map((r) => r[triaged.head.indexOf('status')]))).toEqual(new Set(['false_positive']))

  // "New" undoes it: every line is untriaged again.
  await viewButton(page, 'Incidents').click()
  await incidentsApplied(page, '"minSeverity":"MEDIUM"')
  await (await incidentRow(page, 'brute_force')).row.getByRole('checkbox').check()
  await page.getByLabel('Mark incident as').selectOption('new')
  await expect(incidentCell(page, index, 'untriaged')).toHaveText(lines.toLocaleString('en-US'))
})
