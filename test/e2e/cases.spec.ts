// Cases in Chromium against the real `vigil serve`: the demo is case A (--db); opening another
// folder while A holds events asks where it goes; "Open in a new case" makes case B, and case A's
// scores stay byte-identical when it is opened again from the recent cases. Screenshot of the switcher.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MethodName, MethodParams, MethodResult } from '../../src/shared/api'
import { INCIDENT_ROWS } from './grid'
import { callEngine, expect, resetView, startServe, test, type ServeProcess } from './vigilServe'

let dir = ''
let serve: ServeProcess | null = null
test.beforeAll(async () => {
  test.setTimeout(180_000)
  dir = mkdtempSync(join(tmpdir(), 'vigil-cases-'))
  serve = await startServe({ logs: 'resources/demo-logs', db: join(dir, 'case-a.sqlite') })
})
test.afterAll(async () => {
  await serve?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const engine = <M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> => callEngine(serve!.url, method, params)

/** Every finding's id and score, as the engine stores them: what must not move. */
async function scores(exceptHost = ''): Promise<string> {
  const out: string[] = []
  for (let start = 0; ; start += 1000) {
    const page = await engine('findings.query', { minSeverity: 'LOW', startRow: start, endRow: start + 1000, sortModel: [{ colId: 'time', sort: 'asc' }] })
    for (const f of page.rows) if (f.host !== exceptHost) out.push(`${f.id} ${f.event} ${f.score} ${f.severity} ${f.threat_type} ${f.reasons.join('|')}`)
    if (page.rows.length < 1000) return out.join('\n')
  }
}

/** Folder B: another server's OpenSSH log, a brute force in an otherwise quiet day (hand-written). */
function folderB(): string {
  const b = join(dir, 'server-b')
  mkdirSync(b, { recursive: true })
  const lines: string[] = []
  for (let i = 0; i < 40; i++) {
    const s = String(i % 60).padStart(2, '0')
    lines.push(`Jun  3 10:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${s} gw-b sshd[${900 + i}]: Failed password for root from 203.0.113.50 port ${40000 + i} ssh2`)
  }
  lines.push('Jun  3 11:00:00 gw-b sshd[990]: Accepted password for alice from 198.51.100.7 port 50000 ssh2')
  writeFileSync(join(b, 'auth.log'), `${lines.join('\n')}\n`)
  writeFileSync(join(b, '.vigil.json'), JSON.stringify({ timeZone: 'UTC', collectedAt: '2026-06-04T00:00:00Z' }))
  return b
}

test('a folder opened beside a case goes to a new case; case A’s scores stay byte-identical', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 })
  await page.goto('about:blank')
  await resetView(serve!.url)
  await page.goto(serve!.url)
  await page.locator(INCIDENT_ROWS).first().locator('[col-id="severity"]').filter({ hasText: /[A-Z]/ }).waitFor({ timeout: 120_000 })
  await expect(page.getByTestId('scan-progress')).toHaveCount(0)
  await expect(page.getByTestId('current-case')).toContainText('case-a')
  const before = await scores()
  const summaryBefore = await engine('summary.get', {})
  expect(before.length).toBeGreaterThan(0)

  const b = folderB()
  await page.getByPlaceholder('/var/log or a folder of copied logs').fill(b)
  await page.getByRole('button', { name: 'Open Folder' }).click()
  const prompt = page.getByTestId('add-folder-prompt')
  await expect(prompt).toContainText('Add to this case (case-a)')
  await prompt.getByRole('button', { name: 'Open in a new case' }).click()
  await expect(page.getByTestId('current-case')).toContainText('server-b', { timeout: 60_000 })
  const inB = await engine('summary.get', {})
  expect(inB.events).toBe(41)
  await page.getByTestId('current-case').click()
  await expect(page.getByRole('dialog', { name: 'Cases' })).toBeVisible()
  await page.screenshot({ path: 'docs/screenshot-cases.png' })

  // Back to case A from the recent list: the same events, the same scores, byte for byte.
  await page.getByRole('dialog', { name: 'Cases' }).getByRole('button', { name: /case-a/ }).click()
  await expect(page.getByTestId('current-case')).toContainText('case-a', { timeout: 60_000 })
  await expect.poll(async () => (await engine('summary.get', {})).events, { timeout: 60_000 }).toBe(summaryBefore.events)
  expect(await scores()).toBe(before)
  const list = await engine('cases.list', {})
  expect(list.current.name).toBe('case-a')
  expect(list.cases.map((c) => c.name)).toEqual(['case-a', 'server-b'])
})

test('a folder of another server added to this case leaves the first folder’s scores byte-identical (per-host baselines)', async ({ page }) => {
  await page.goto('about:blank')
  await resetView(serve!.url)
  await page.goto(serve!.url)
  await expect(page.getByTestId('current-case')).toContainText('case-a', { timeout: 60_000 })
  await expect(page.getByTestId('scan-progress')).toHaveCount(0)
  const demo = await engine('summary.get', {})
  const before = await scores()

  await page.getByPlaceholder('/var/log or a folder of copied logs').fill(folderB())
  await page.getByRole('button', { name: 'Open Folder' }).click()
  await page.getByTestId('add-folder-prompt').getByRole('button', { name: /Add to this case/ }).click()
  await expect.poll(async () => (await engine('summary.get', {})).events, { timeout: 60_000 }).toBe(demo.events + 41)
  await expect(page.getByTestId('scan-progress')).toHaveCount(0)
  expect(await scores('gw-b')).toBe(before)
  // gw-b's 40 failed root logins in 39 s are found against gw-b's own day, not the demo's week.
  const gwB = await engine('findings.query', { minSeverity: 'MEDIUM', startRow: 0, endRow: 100, filterModel: { host: { filterType: 'text', type: 'equals', filter: 'gw-b' } } })
  expect(gwB.total).toBe(40)
  expect(gwB.rows.every((f) => f.threat_type === 'brute_force')).toBe(true)
  await engine('sources.close', { root: join(dir, 'server-b') })
})
