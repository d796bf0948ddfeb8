// The analyst's habits in Chromium against the real `vigil serve` on the demo logs: full-text search
// of the raw line (phrase, prefix, `/` and Ctrl+F, the match marked in the detail panel), the
// keyboard (arrows, j/k, Enter, Esc, s), multi-select with bulk triage, and the polish (the detail
// panel closes when its row leaves the filter, Export CSV says why it is disabled, one time format).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Page } from '@playwright/test'
import type { FindingsFilter, FindingsPage, MethodName, MethodParams, MethodResult } from '../../src/shared/api'
import { INCIDENT_ROWS, ROWS, applied, cell, firstRowLoaded, floatingFilter, header, settled, shownCount, showLines } from './grid'
import { callEngine, expect, resetView, startServe, test, type ServeProcess } from './vigilServe'

let dir = ''
let serve: ServeProcess | null = null
test.beforeAll(async () => {
  test.setTimeout(180_000)
  dir = mkdtempSync(join(tmpdir(), 'vigil-workflow-'))
  serve = await startServe({ logs: 'resources/demo-logs', db: join(dir, 'vigil.sqlite') })
})
test.afterAll(async () => {
  await serve?.stop()
  rmSync(dir, { recursive: true, force: true })
})
const served = (): string => {
  if (serve === null) throw new Error('vigil serve did not start')
  return serve.url
}

const engine = <M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> => callEngine(served(), method, params)
const query = (filter: FindingsFilter, endRow = 5): Promise<FindingsPage> => engine('findings.query', { ...filter, startRow: 0, endRow })

async function openLines(page: Page, floor = 'MEDIUM'): Promise<void> {
  await page.goto('about:blank')
  await resetView(served())
  await page.goto(served())
  await page.getByLabel('Minimum severity').selectOption(floor)
  await showLines(page)
  await settled(page)
}

const selectedIndex = async (page: Page): Promise<number[]> =>
  page.locator(`${ROWS}.ag-row-selected`).evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('row-index'))).sort((a, b) => a - b))

test('the quick filter searches the raw line: words, "phrases", prefix*; / and Ctrl+F focus it; the match is marked', async ({ page }) => {
  await openLines(page)
  // A port number that only the raw line holds: no grid column shows it.
  const accepted = await query({ minSeverity: 'MEDIUM', quickFilter: '"Accepted password"' }, 50)
  const withPort = accepted.rows.map((f) => /port (\d{4,5})/.exec(f.raw)).find((m) => m !== null)
  if (!withPort) throw new Error('the demo has no Accepted line with a port at MEDIUM and above')
  const phrase = `port ${withPort[1]}`
  const expected = await query({ minSeverity: 'MEDIUM', quickFilter: `"${phrase}"` }, 100)
  expect(expected.total).toBeGreaterThan(0)

  // `/` goes to the quick filter from the grid (not typed into it).
  await cell(page, 0, 'host').click()
  await page.keyboard.press('/')
  await expect(page.getByLabel('Quick filter')).toBeFocused()
  await expect(page.getByLabel('Quick filter')).toHaveValue('')
  await page.keyboard.type(`"${phrase}"`)
  await applied(page, phrase)
  expect(await shownCount(page)).toBe(expected.total)
  await cell(page, 0, 'host').click()
  await expect(page.getByTestId('raw-line').locator('mark')).toHaveText(phrase)
  await expect(page.getByTestId('raw-line')).toHaveText(expected.rows[0].raw)
  await page.setViewportSize({ width: 1600, height: 900 })
  await page.screenshot({ path: 'docs/screenshot-search.png' })
  await page.setViewportSize({ width: 1440, height: 900 })

  // Ctrl+F also goes there (and selects what is typed, to replace it); a prefix finds word starts.
  await page.keyboard.press('Control+f')
  await expect(page.getByLabel('Quick filter')).toBeFocused()
  await page.keyboard.type('Accept* root')
  await applied(page, 'Accept* root')
  const prefix = await query({ minSeverity: 'MEDIUM', quickFilter: 'Accept* root' })
  expect(prefix.total).toBeGreaterThan(0)
  expect(await shownCount(page)).toBe(prefix.total)
  await cell(page, 0, 'host').click()
  await expect(page.getByTestId('raw-line').locator('mark').first()).toHaveText('Accept')
})

test('keyboard: arrows and j/k move the selection and the detail panel follows; Esc closes, Enter opens, s / Shift+S set the status', async ({ page }) => {
  await openLines(page)
  const top = await query({ minSeverity: 'MEDIUM' }, 4)
  await cell(page, 0, 'host').click()
  await expect(page.getByTestId('raw-line')).toHaveText(top.rows[0].raw)
  await page.keyboard.press('ArrowDown')
  expect(await selectedIndex(page)).toEqual([1])
  await expect(page.getByTestId('raw-line')).toHaveText(top.rows[1].raw)
  await page.keyboard.press('j')
  expect(await selectedIndex(page)).toEqual([2])
  await expect(page.getByTestId('raw-line')).toHaveText(top.rows[2].raw)
  await page.keyboard.press('k')
  await page.keyboard.press('k')
  await expect(page.getByTestId('raw-line')).toHaveText(top.rows[0].raw)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('detail-panel')).toHaveCount(0)
  await cell(page, 0, 'host').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('raw-line')).toHaveText(top.rows[0].raw)
  // `s` sets the next status; on a line of an incident it asks "this line / the whole incident",
  // with "This line" focused, so Enter marks the line alone.
  const { finding: first } = await engine('findings.get', { id: top.rows[0].id })
  expect(first.status).toBe('new')
  await page.keyboard.press('s')
  const scope = page.getByTestId('triage-scope')
  await expect(scope).toContainText('Mark as Investigating:')
  await expect(scope.getByRole('button', { name: 'This line' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(scope).toHaveCount(0)
  await expect(page.getByLabel('Triage status')).toHaveValue('investigating')
  expect((await engine('findings.get', { id: top.rows[0].id })).finding.status).toBe('investigating')
  const incident = await query({ minSeverity: 'NONE', incident: { episode: first.episode } }, 1_000)
  expect(incident.rows.length).toBe(incident.total)
  expect(incident.rows.filter((f) => f.status !== 'new').map((f) => f.id)).toEqual([first.id])
  await expect(cell(page, 0, 'status')).toHaveText('Investigating')
  await page.setViewportSize({ width: 1600, height: 900 })
  await page.keyboard.press('s')
  await expect(scope).toContainText('Mark as False positive:')
  await page.screenshot({ path: 'test-results/status-key.png' })
  await page.setViewportSize({ width: 1440, height: 900 })
  // Shift+S steps back (from the status asked for); the whole incident takes it when chosen.
  await page.keyboard.press('Shift+S')
  await page.keyboard.press('Shift+S')
  await expect(scope).toContainText('Mark as New:')
  await scope.getByRole('button', { name: 'The whole incident' }).click()
  await expect(page.getByLabel('Triage status')).toHaveValue('new')
  expect((await query({ minSeverity: 'NONE', incident: { episode: first.episode } }, 1_000)).rows.every((f) => f.status === 'new')).toBe(true)
  // In the note, `s` is a letter.
  await page.getByLabel('Triage note').click()
  await page.keyboard.type('ssh')
  await expect(page.getByLabel('Triage note')).toHaveValue('ssh')
  await expect(scope).toHaveCount(0)
  expect((await engine('findings.get', { id: top.rows[0].id })).finding.status).toBe('new')
  // One time format, the zone named.
  await expect(page.getByTestId('detail-panel').locator('.detail-sub')).toContainText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · /)
})

test('s / Shift+S in the incidents view set the status of the ticked incident, every line of it', async ({ page }) => {
  await page.goto('about:blank')
  await resetView(served())
  await page.goto(served())
  const row = page.locator(INCIDENT_ROWS).first()
  await row.locator('[col-id="severity"]').filter({ hasText: /[A-Z]/ }).waitFor({ timeout: 120_000 })
  const [first] = await engine('incidents.list', { minSeverity: 'MEDIUM' })
  expect(first.status).toBe('new')
  await row.getByRole('checkbox').check()
  await page.keyboard.press('s')
  const lines = `${first.lines.toLocaleString('en-US')} ${first.lines === 1 ? 'line' : 'lines'}`
  await expect(page.getByText(`Marked 1 incident (${lines}) as Investigating.`)).toBeVisible()
  expect((await engine('incidents.list', { minSeverity: 'MEDIUM' })).find((i) => i.episode === first.episode)?.status).toBe('investigating')
  await page.keyboard.press('Shift+S')
  await expect(page.getByText(`Marked 1 incident (${lines}) as New.`)).toBeVisible()
  expect((await engine('incidents.list', { minSeverity: 'MEDIUM' })).find((i) => i.episode === first.episode)?.status).toBe('new')
})

test('Shift- and Ctrl-click select several lines; bulk triage marks them all with a note, tags and a colour, and s steps their status', async ({ page }) => {
  await openLines(page, 'LOW')
  const top = await query({ minSeverity: 'LOW' }, 6)
  await cell(page, 0, 'host').click()
  await cell(page, 2, 'host').click({ modifiers: ['Shift'] })
  await cell(page, 5, 'host').click({ modifiers: ['Control'] })
  expect(await selectedIndex(page)).toEqual([0, 1, 2, 5])
  const bar = page.getByTestId('bulk-bar')
  await expect(bar).toContainText('4 lines selected')
  await bar.getByLabel('Bulk status').selectOption('escalated')
  await bar.getByLabel('Bulk note').fill('ticket INC-9')
  await bar.getByLabel('Bulk colour').selectOption('blue')
  // Tags are added to each line's own: line 1 keeps "mine".
  await engine('triage.set', { id: top.rows[1].id, tags: ['mine'] })
  await bar.getByLabel('Bulk tags').fill('c2, spray')
  await page.setViewportSize({ width: 1600, height: 900 })
  await page.screenshot({ path: 'test-results/bulk-tags.png' })
  await page.setViewportSize({ width: 1440, height: 900 })
  await bar.getByRole('button', { name: 'Mark 4 lines' }).click()
  await expect(page.getByText('Marked 4 lines as Escalated (a note, tagged c2 spray).')).toBeVisible()
  for (const i of [0, 1, 2, 5]) {
    const { finding } = await engine('findings.get', { id: top.rows[i].id })
    expect(finding).toMatchObject({ status: 'escalated', note: 'ticket INC-9', color: 'blue', tags: i === 1 ? ['mine', 'c2', 'spray'] : ['c2', 'spray'] })
  }
  for (const i of [3, 4]) {
    const { finding } = await engine('findings.get', { id: top.rows[i].id })
    expect([finding.status, finding.tags]).toEqual(['new', undefined])
  }
  await expect(cell(page, 5, 'status')).toHaveText('Escalated')
  await expect(cell(page, 2, 'tags')).toContainText('spray')
  await expect(page.locator(`${ROWS}[row-index="5"]`).first()).toHaveClass(/row-color-blue/)
  // `s` with several lines selected: all of them take the status after the first one's.
  await cell(page, 5, 'host').click({ modifiers: ['Control'] })
  await cell(page, 5, 'host').click({ modifiers: ['Control'] })
  expect(await selectedIndex(page)).toEqual([0, 1, 2, 5])
  await page.keyboard.press('s')
  await expect(page.getByText('Marked 4 lines as Resolved.')).toBeVisible()
  for (const i of [0, 1, 2, 5]) expect((await engine('findings.get', { id: top.rows[i].id })).finding.status).toBe('resolved')
  for (const i of [3, 4]) expect((await engine('findings.get', { id: top.rows[i].id })).finding.status).toBe('new')
  await engine('triage.bulk', { ids: top.rows.map((f) => f.id), status: 'new', note: '', color: null, tags: [] })
})

test('the detail panel closes when its row leaves the filter; Export CSV says why it is disabled', async ({ page }) => {
  await openLines(page)
  await cell(page, 0, 'host').click()
  await expect(page.getByTestId('detail-panel')).toBeVisible()
  const host = (await cell(page, 0, 'host').innerText()).trim()
  await page.getByLabel('Quick filter').fill('nothing-has-this-text')
  await applied(page, 'nothing-has-this-text')
  await expect(page.getByTestId('detail-panel')).toHaveCount(0)
  await expect(page.getByTestId('export-reason')).toHaveAttribute('title', 'No rows match the filters: nothing to export')
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeDisabled()
  // A filter that keeps the row keeps the panel.
  await page.getByLabel('Quick filter').fill(host)
  await applied(page, host)
  await firstRowLoaded(page)
  await cell(page, 0, 'host').click()
  await page.getByLabel('Quick filter').fill(`${host} `)
  await expect(page.getByTestId('detail-panel')).toBeVisible()
  await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Incidents', exact: true }).click()
  await expect(page.getByTestId('export-reason')).toHaveAttribute('title', /open an incident, or the Lines view/)
})

test('drag a header to the group panel: counts per group equal the engine’s; a group opens its lines; screenshot', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 })
  await openLines(page, 'LOW')
  await page.getByTestId('group-grip-host').dragTo(page.getByTestId('group-panel'))
  await expect(page.getByTestId('group-chip')).toContainText('Grouped by Host')
  const expected = await engine('findings.groups', { column: 'host', minSeverity: 'LOW' })
  expect(expected.groups.length).toBeGreaterThan(1)
  const list = page.getByTestId('groups-list')
  await expect(list.getByTestId('group-row')).toHaveCount(expected.groups.length)
  const shown = await list.getByTestId('group-row').evaluateAll((rows) =>
    rows.map((r) => ({ value: r.getAttribute('data-value'), count: Number(r.querySelector('[data-testid="group-count"]')!.textContent!.replace(/,/g, '')) })),
  )
  expect(shown).toEqual(expected.groups.map((g) => ({ value: g.value ?? '', count: g.count })))
  expect(expected.total).toBe((await query({ minSeverity: 'LOW' }, 1)).total)

  // A group opens its lines: the grid's count is the group's count, every row of that host.
  const second = expected.groups[1]
  await list.locator(`[data-testid="group-row"][data-value="${second.value}"]`).click()
  await applied(page, `"filter":"${second.value}"`)
  expect(await shownCount(page)).toBe(second.count)
  await expect(cell(page, 0, 'host')).toHaveText(second.value!)
  // The list stays whole (its own column's filter is the open group).
  await expect(list.getByTestId('group-row')).toHaveCount(expected.groups.length)
  await cell(page, 0, 'user').click()
  await page.screenshot({ path: 'docs/screenshot-groups.png' })

  // Grouped by another column with the keyboard's select; ungrouping shows every line again.
  await page.getByLabel('Group by').selectOption('event')
  await expect(list).toHaveAttribute('data-column', 'event')
  await applied(page, '"minSeverity":"LOW"')
  expect(await shownCount(page)).toBe(expected.total)
  await page.getByRole('button', { name: 'Ungroup' }).click()
  await expect(page.getByTestId('groups-list')).toHaveCount(0)
})

test('the column chooser hides and moves columns, remembered after a reload', async ({ page }) => {
  await openLines(page)
  await page.getByRole('button', { name: 'Columns' }).click()
  const chooser = page.getByTestId('column-chooser')
  await chooser.getByLabel('User', { exact: true }).uncheck()
  await expect(page.locator('.ag-header-cell[col-id="user"]')).toHaveCount(0)
  await chooser.getByRole('button', { name: 'Move Host left' }).click()
  const order = async (): Promise<string[]> =>
    page.locator('.ag-header-row-column .ag-header-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('col-id') ?? ''))
  expect((await order()).slice(0, 2)).toEqual(['host', 'time'])
  await page.keyboard.press('Escape')
  await expect(chooser).toHaveCount(0)
  // The saved view is written debounced: wait until the engine has it, then reload.
  await expect.poll(async () => (await engine('ui.getState', {})).columns?.find((c) => c.colId === 'user')?.hide).toBe(true)
  await page.reload()
  await firstRowLoaded(page)
  await expect(page.locator('.ag-header-cell[col-id="user"]')).toHaveCount(0)
  expect((await order()).slice(0, 2)).toEqual(['host', 'time'])
})

test('a status set on an incident’s line asks "this line / the whole incident"; the incidents grid shows Status and Untriaged', async ({ page }) => {
  await page.goto('about:blank')
  await resetView(served())
  await page.goto(served())
  // The scan may still run (serve reads the folder in the background): wait for the list.
  await page.locator(INCIDENT_ROWS).first().locator('[col-id="status"]').filter({ hasText: /\w/ }).waitFor({ timeout: 120_000 })
  await expect(page.getByTestId('scan-progress')).toHaveCount(0)
  const incidents = await engine('incidents.list', { minSeverity: 'MEDIUM' })
  const target = incidents.find((i) => i.lines >= 5 && i.status === 'new')
  if (!target) throw new Error('the demo has no incident of 5 lines or more at MEDIUM and above')
  const row = page.locator(INCIDENT_ROWS).filter({ hasText: target.reason.slice(0, 40) }).first()
  await expect(row.locator('[col-id="status"]')).toHaveText('New')
  await expect(row.locator('[col-id="untriaged"]')).toHaveText(target.lines.toLocaleString('en-US'))
  await row.locator('[col-id="reason"]').click()
  await firstRowLoaded(page)
  const panel = page.getByTestId('detail-panel')
  await expect(panel).toBeVisible()

  // This line: one line changes, the incident is mixed.
  await panel.getByLabel('Triage status').selectOption('investigating')
  await panel.getByTestId('triage-scope').getByRole('button', { name: 'This line' }).click()
  await expect(panel.getByLabel('Triage status')).toHaveValue('investigating')
  let now = (await engine('incidents.list', { minSeverity: 'MEDIUM' })).find((i) => i.episode === target.episode)!
  expect(now).toMatchObject({ untriaged: target.lines - 1, status: 'mixed' })

  // The whole incident: every line.
  await panel.getByLabel('Triage status').selectOption('escalated')
  await panel.getByTestId('triage-scope').getByRole('button', { name: 'The whole incident' }).click()
  await expect(page.getByText(`Marked the whole incident (${target.lines.toLocaleString('en-US')} lines) as Escalated.`)).toBeVisible()
  now = (await engine('incidents.list', { minSeverity: 'MEDIUM' })).find((i) => i.episode === target.episode)!
  expect(now).toMatchObject({ untriaged: 0, status: 'escalated' })
  await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Incidents', exact: true }).click()
  await expect(row.locator('[col-id="status"]')).toHaveText('Escalated')
  await expect(row.locator('[col-id="untriaged"]')).toHaveText('0')
  await engine('incidents.triage', { episode: target.episode, status: 'new' })
})

test('a line gets a colour and tags: the row is tinted, the Tags column filters them, the CSV exports them', async ({ page }) => {
  await openLines(page)
  const top = await query({ minSeverity: 'MEDIUM' }, 2)
  await cell(page, 1, 'host').click()
  const panel = page.getByTestId('detail-panel')
  await expect(panel.getByTestId('raw-line')).toHaveText(top.rows[1].raw)
  await panel.getByRole('button', { name: 'Colour red' }).click()
  await expect(page.locator(`${ROWS}[row-index="1"]`).first()).toHaveClass(/row-color-red/)
  await panel.getByLabel('Tags').fill('c2, beacon')
  await panel.getByLabel('Tags').press('Enter')
  await expect(cell(page, 1, 'tags').locator('.tag-chip')).toHaveText(['c2', 'beacon'])
  expect((await engine('findings.get', { id: top.rows[1].id })).finding).toMatchObject({ tags: ['c2', 'beacon'], color: 'red' })

  await floatingFilter(page, 'Tags').fill('color:red')
  await applied(page, '"filter":"color:red"')
  expect(await shownCount(page)).toBe(1)
  await floatingFilter(page, 'Tags').fill('beacon')
  await applied(page, '"filter":"beacon"')
  expect(await shownCount(page)).toBe(1)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  const [head, ...body] = parse(readFileSync(await download.path(), 'utf8')) as string[][]
  expect(body).toHaveLength(1)
  expect(body[0][head.indexOf('tags')]).toBe('color:red c2 beacon')
  expect(body[0][head.indexOf('raw')]).toBe(top.rows[1].raw)
  await engine('triage.set', { id: top.rows[1].id, tags: [], color: null })
})

test('at 1600 pixels every lines column fits and no time or event is cut', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 })
  await openLines(page, 'LOW')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('detail-panel')).toHaveCount(0)
  // No horizontal scrolling: the last column's right edge is inside the grid.
  const grid = (await page.getByTestId('findings-grid').boundingBox())!
  const last = (await header(page, 'source').boundingBox())!
  expect(last.x + last.width).toBeLessThanOrEqual(grid.x + grid.width)
  expect(await header(page, 'why').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThanOrEqual(150)
  for (const col of ['time', 'event']) {
    const cut = await page.locator(`${ROWS} [col-id="${col}"]`).evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).length)
    expect(cut, col).toBe(0)
  }
})
