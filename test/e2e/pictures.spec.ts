// End to end in Chromium against the real `vigil serve` on the demo logs: the timeline, the
// insights and the ATT&CK matrix show the engine's numbers (read over a socket of our own);
// brushing the timeline sets the range the grid counts and Export CSV writes; a matrix cell and the
// pivots land on the engine's rows; the report of `vigil scan --report` opens with every request
// failed and shows the scan's counts. Also takes the README's three screenshots.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Page } from '@playwright/test'
import type { MethodName, MethodParams, MethodResult } from '../../src/shared/api'
import { applied, cell, firstRowLoaded, incidentCell, incidentsApplied, settled, shownCount } from './grid'
import { callEngine, expect, repoRoot, resetView, startServe, test, type ServeProcess } from './vigilServe'

const LOGS = process.env.VIGIL_E2E_LOGS ?? 'resources/demo-logs'
let dir = ''
let serve: ServeProcess | null = null
test.beforeAll(async () => {
  test.setTimeout(180_000)
  dir = mkdtempSync(join(tmpdir(), 'vigil-pictures-'))
  serve = await startServe({ logs: LOGS, db: join(dir, 'vigil.sqlite') })
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

const int = (n: number): string => n.toLocaleString('en-US')

async function open(page: Page, view: 'Incidents' | 'Lines' | 'Insights' | 'ATT&CK'): Promise<void> {
  await page.goto('about:blank')
  await resetView(served())
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto(served())
  await expect(page.getByTestId('scan-progress')).toHaveCount(0, { timeout: 120_000 })
  const button = page.getByRole('group', { name: 'View' }).getByRole('button', { name: view, exact: true })
  await button.click()
  await expect(button).toHaveAttribute('aria-pressed', 'true')
}

async function exportRows(page: Page): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  const [, ...body] = parse(readFileSync(await download.path(), 'utf8')) as string[][]
  return body
}

test('timeline: the engine’s totals; brushing sets the range the grid counts and Export CSV writes; double-click clears; README screenshot', async ({ page }) => {
  await open(page, 'Lines')
  await firstRowLoaded(page, 120_000)
  const timeline = await engine('insights.timeline', {})
  const events = timeline.buckets.reduce((n, b) => n + b.bySeverity.reduce((a, c) => a + c, 0), 0)
  const findings = timeline.buckets.reduce((n, b) => n + b.bySeverity[1] + b.bySeverity[2] + b.bySeverity[3] + b.bySeverity[4], 0)
  expect(events).toBe((await engine('summary.get', {})).events)
  await expect(page.getByTestId('timeline-caption')).toContainText(`${int(events)} events, ${int(findings)} of them findings`)

  // Drag across the middle of the chart.
  const box = (await page.getByTestId('timeline-chart').boundingBox())!
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.6)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 8 })
  await page.mouse.up()
  const host = page.getByTestId('timeline')
  await expect(host).not.toHaveAttribute('data-from', '')
  const from = Number(await host.getAttribute('data-from'))
  const to = Number(await host.getAttribute('data-to'))
  expect(to).toBeGreaterThan(from)
  expect(from % timeline.bucketMs).toBe(0)
  await applied(page, `"from":${from},"to":${to}`)
  const expected = await engine('findings.query', { minSeverity: 'MEDIUM', from, to, startRow: 0, endRow: 1 })
  expect(expected.total).toBeGreaterThan(0)
  expect(await shownCount(page)).toBe(expected.total)
  const rows = await exportRows(page)
  expect(rows).toHaveLength(expected.total)
  const times = rows.map((r) => Date.parse(r[0]))
  expect(times.every((t) => t >= from && t < to)).toBe(true)
  await page.screenshot({ path: join(repoRoot, 'docs', 'screenshot-timeline.png'), animations: 'disabled' })

  // Kept in the saved view, and a double-click clears it.
  await expect.poll(async () => (await engine('ui.getState', {})).from).toBe(from)
  await page.getByTestId('timeline-chart').dblclick()
  await expect(host).toHaveAttribute('data-from', '')
  await applied(page, '"minSeverity":"MEDIUM"')
  await settled(page)
  expect(await shownCount(page)).toBe((await engine('findings.query', { minSeverity: 'MEDIUM', startRow: 0, endRow: 1 })).total)
})

test('insights: every chart’s caption carries the engine’s numbers; a top user bar filters the lines; README screenshot', async ({ page }) => {
  await open(page, 'Insights')
  const f = { minSeverity: 'MEDIUM' as const }
  const [hist, threats, users, ips, windows] = await Promise.all([
    engine('insights.scoreHistogram', f),
    engine('insights.threats', f),
    engine('insights.top', { ...f, field: 'user' }),
    engine('insights.top', { ...f, field: 'src_ip' }),
    engine('insights.loginWindows', f),
  ])
  await expect(page.getByTestId('caption-score-histogram')).toContainText(`${int(hist.counts.reduce((a, b) => a + b, 0))} scored events`)
  await expect(page.getByTestId('caption-threats')).toContainText(`${int(threats.reduce((n, t) => n + t.count, 0))} findings in ${threats.length} threat types`)
  await expect(page.getByTestId('caption-top-user')).toContainText(`${users[0].value} has ${int(users[0].count)}`)
  await expect(page.getByTestId('caption-top-src_ip')).toContainText(`${ips[0].value} has ${int(ips[0].count)}`)
  await expect(page.getByTestId('caption-login-windows')).toContainText(`${int(windows.logins)} logins of ${int(windows.users)} users in ${int(windows.windows)} user-windows`)
  for (const id of ['score-histogram', 'scores-by-threat', 'threats', 'top-user', 'top-src_ip', 'top-host', 'login-windows', 'inter-arrival']) {
    await expect(page.getByTestId(`insight-${id}`)).toHaveAttribute('data-has-data', 'true')
    await expect(page.getByTestId(`insight-${id}`).locator('svg path').first()).toBeAttached()
  }
  // Tall enough for all eight charts.
  await page.setViewportSize({ width: 1600, height: 1320 })
  await expect(page.getByTestId('insight-inter-arrival').locator('svg')).toBeVisible()
  await page.waitForTimeout(500)
  await page.screenshot({ path: join(repoRoot, 'docs', 'screenshot-insights.png'), animations: 'disabled' })

  // The top user's bar: the lines of that user.
  const bar = page.getByTestId('insight-top-user').locator('svg path[fill="#f0454b"], svg path[fill="#f28c28"], svg path[fill="#4d9cf5"]').first()
  await bar.click()
  await applied(page, `"user":{"filterType":"text","type":"equals","filter":"${users[0].value}"}`)
  await expect.poll(() => shownCount(page)).toBe(users[0].count)
})

test('ATT&CK matrix: 14 tactics, the engine’s counts, a cell opens its lines; the Navigator layer; README screenshot', async ({ page }) => {
  await open(page, 'ATT&CK')
  const matrix = await engine('insights.matrix', { minSeverity: 'MEDIUM' })
  await expect(page.locator('.attack-tactic')).toHaveCount(14)
  const credential = matrix.tactics.find((t) => t.shortname === 'credential-access')!
  const top = credential.cells[0]
  const shown = page.locator(`.attack-tactic[data-tactic="credential-access"] [data-technique="${top.id}"]`)
  await expect(shown).toHaveAttribute('data-count', String(top.count))
  await expect(page.locator('.attack-cell[data-technique]')).toHaveCount(matrix.tactics.reduce((n, t) => n + t.cells.length, 0))
  await page.screenshot({ path: join(repoRoot, 'docs', 'screenshot-matrix.png'), animations: 'disabled' })

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-navigator').click()])
  const layer = JSON.parse(readFileSync(await download.path(), 'utf8'))
  expect(layer).toMatchObject({ domain: 'enterprise-attack', versions: { layer: '4.5' } })
  expect(layer.techniques.find((t: { techniqueID: string; tactic: string }) => t.techniqueID === top.id && t.tactic === 'credential-access')?.score).toBe(top.count)

  await page.getByLabel('Show the whole catalogue').check()
  await expect(page.locator('.attack-cell.unseen').first()).toBeVisible()

  await shown.click()
  await applied(page, `"mitre":{"filterType":"text","type":"equals","filter":"${top.id}"}`)
  const expected = await engine('findings.query', { minSeverity: 'MEDIUM', filterModel: { mitre: { filterType: 'text', type: 'equals', filter: top.id } }, startRow: 0, endRow: 1 })
  await expect.poll(() => shownCount(page)).toBe(expected.total)
  expect(expected.total).toBe(top.count)
})

test('pivots: a source IP cell’s menu lands on every event of it in time order; the detail panel adds and excludes', async ({ page }) => {
  await open(page, 'Lines')
  await firstRowLoaded(page, 120_000)
  const ip = (await cell(page, 0, 'src_ip').innerText()).trim()
  expect(ip).not.toBe('')
  await cell(page, 0, 'src_ip').click({ button: 'right' })
  await page.getByTestId('pivot-menu').getByRole('menuitem', { name: 'All events' }).click()
  await applied(page, `"src_ip":{"filterType":"text","type":"equals","filter":"${ip}"}`)
  await expect(page.getByLabel('Minimum severity')).toHaveValue('NONE')
  const every = await engine('findings.query', {
    minSeverity: 'NONE',
    sortModel: [{ colId: 'time', sort: 'asc' }],
    filterModel: { src_ip: { filterType: 'text', type: 'equals', filter: ip } },
    startRow: 0,
    endRow: 5,
  })
  await expect.poll(() => shownCount(page)).toBe(every.total)
  await firstRowLoaded(page)
  for (let i = 0; i < Math.min(5, every.rows.length); i++) {
    await expect(cell(page, i, 'src_ip')).toHaveText(ip)
  }
  // Every event of it: more than its findings.
  const findings = await engine('findings.query', { minSeverity: 'LOW', filterModel: { src_ip: { filterType: 'text', type: 'equals', filter: ip } }, startRow: 0, endRow: 1 })
  expect(every.total).toBeGreaterThanOrEqual(findings.total)

  // From the detail panel: exclude the host of the first line.
  await cell(page, 0, 'host').click()
  const host = every.rows[0].host
  await page.getByTestId('pivots-host').getByRole('button', { name: '− Exclude' }).click()
  await applied(page, `"host":{"filterType":"text","type":"notEqual","filter":"${host}"}`)
  const rest = await engine('findings.query', {
    minSeverity: 'NONE',
    filterModel: { src_ip: { filterType: 'text', type: 'equals', filter: ip }, host: { filterType: 'text', type: 'notEqual', filter: host } },
    startRow: 0,
    endRow: 1,
  })
  await expect.poll(() => shownCount(page)).toBe(rest.total)
})

test('pivots from an incident: its users cell’s menu opens that user’s findings', async ({ page }) => {
  await open(page, 'Incidents')
  await incidentsApplied(page, '"minSeverity":"MEDIUM"')
  const incidents = await engine('incidents.list', { minSeverity: 'MEDIUM' })
  const index = incidents.findIndex((i) => i.user_count === 1)
  const user = incidents[index].users[0]
  await incidentCell(page, index, 'users').click({ button: 'right' })
  await page.getByTestId('pivot-menu').getByRole('menuitem', { name: 'Findings' }).click()
  await applied(page, `"user":{"filterType":"text","type":"equals","filter":"${user}"}`)
  const expected = await engine('findings.query', { minSeverity: 'LOW', filterModel: { user: { filterType: 'text', type: 'equals', filter: user } }, startRow: 0, endRow: 1 })
  await expect(page.getByLabel('Minimum severity')).toHaveValue('LOW')
  await expect.poll(() => shownCount(page)).toBe(expected.total)
})

test('the report of vigil scan --report opens offline with no request and no script, with the scan’s counts', async ({ page }) => {
  const work = mkdtempSync(join(tmpdir(), 'vigil-report-'))
  try {
    const out = execFileSync(process.execPath, [join(repoRoot, 'bin/vigil.js'), 'scan', join(repoRoot, LOGS), '--out', join(work, 'a.csv'), '--report', join(work, 'report.html')], {
      cwd: work,
      encoding: 'utf8',
    })
    const events = Number(/, ([\d,]+) events in /.exec(out)![1].replace(/,/g, ''))
    const anomalies = Number(/^Anomalies: ([\d,]+)/m.exec(out)![1].replace(/,/g, ''))
    const requests: string[] = []
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await page.route('**/*', (route) => {
      requests.push(route.request().url())
      return route.request().url().startsWith('file:') ? route.continue() : route.abort('failed')
    })
    await page.goto(`file://${join(work, 'report.html')}`)
    const card = (label: string) => page.locator(`.card[data-count="${label}"] b`)
    await expect(card('Events')).toHaveText(int(events))
    await expect(card('Findings')).toHaveText(int(anomalies))
    expect(requests).toEqual([`file://${join(work, 'report.html')}`])
    expect(await page.locator('script').count()).toBe(0)
    expect(await page.locator('figure.chart[data-has-data="true"] svg').count()).toBeGreaterThanOrEqual(6)
    await expect(page.locator('.tactic h4')).toHaveCount(14)
    // The demo's hostile user name is text, not an element.
    await expect(page.getByText('<img src=x onerror=alert(1)>').first()).toBeVisible()
    expect(await page.locator('img').count()).toBe(0)
    expect(dialogs).toEqual([])
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})
