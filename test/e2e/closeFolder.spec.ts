// Closing a folder in Chromium against the real `vigil serve`: a case holds two hand-written
// folders; "Close folder" on one (after its confirm) leaves exactly the other's events, files and
// findings, and the server forgets the closed folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MethodName, MethodParams, MethodResult } from '../../src/shared/api'
import { callEngine, expect, startServe, test, type ServeProcess } from './vigilServe'

let dir = ''
let serve: ServeProcess | null = null

/** A folder with one OpenSSH log: `failures` failed logins for root from one address on `host`, then one accepted login. */
function folder(name: string, host: string, failures: number): string {
  const d = join(dir, name)
  mkdirSync(d, { recursive: true })
  const lines: string[] = []
  for (let i = 0; i < failures; i++) {
    lines.push(`Jun  3 10:10:${String(i).padStart(2, '0')} ${host} sshd[${900 + i}]: Failed password for root from 203.0.113.50 port ${40000 + i} ssh2`)
  }
  lines.push(`Jun  3 11:00:00 ${host} sshd[990]: Accepted password for alice from 198.51.100.7 port 50000 ssh2`)
  writeFileSync(join(d, 'auth.log'), `${lines.join('\n')}\n`)
  writeFileSync(join(d, '.vigil.json'), JSON.stringify({ timeZone: 'UTC', collectedAt: '2026-06-04T00:00:00Z' }))
  return d
}

let a = ''
let b = ''
test.beforeAll(async () => {
  test.setTimeout(180_000)
  dir = mkdtempSync(join(tmpdir(), 'vigil-close-'))
  a = folder('server-a', 'gw-a', 30) // 31 events
  b = folder('server-b', 'gw-b', 12) // 13 events
  serve = await startServe({ logs: a, db: join(dir, 'case.sqlite') })
})
test.afterAll(async () => {
  await serve?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const engine = <M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> => callEngine(serve!.url, method, params)

test('Close folder removes one folder of the case and keeps the other', async ({ page }) => {
  await page.goto(serve!.url)
  await expect.poll(async () => (await engine('summary.get', {})).events, { timeout: 60_000 }).toBe(31)

  await page.getByPlaceholder('/var/log or a folder of copied logs').fill(b)
  await page.getByRole('button', { name: 'Open Folder' }).click()
  await page.getByTestId('add-folder-prompt').getByRole('button', { name: /Add to this case/ }).click()
  await expect.poll(async () => (await engine('summary.get', {})).events, { timeout: 60_000 }).toBe(44)

  await page.getByRole('button', { name: 'Sources' }).click()
  const roots = page.getByTestId('open-roots')
  await expect(roots.locator('li')).toHaveCount(2)
  const rowA = roots.locator('li', { hasText: 'server-a' })
  await rowA.getByTestId('close-folder').click()
  const confirm = rowA.getByTestId('close-folder-confirm')
  await expect(confirm).toContainText('Its 31 events')
  // Cancel leaves everything as it was.
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  expect((await engine('summary.get', {})).events).toBe(44)
  await rowA.getByTestId('close-folder').click()
  await rowA.getByTestId('close-folder-confirm').getByRole('button', { name: 'Close folder' }).click()

  await expect(roots.locator('li')).toHaveCount(1)
  await expect(roots.locator('li')).toContainText('server-b')
  const summary = await engine('summary.get', {})
  expect(summary.events).toBe(13)
  expect(summary.roots).toEqual([b])
  expect((await engine('app.info', {})).roots).toEqual([b])
  const sources = await engine('sources.list', {})
  expect(sources.map((s) => [s.root, s.path, s.events])).toEqual([[b, 'auth.log', 13]])
  const all = await engine('findings.list', { minSeverity: 'NONE' })
  expect(all).toHaveLength(13)
  expect(new Set(all.map((f) => f.host))).toEqual(new Set(['gw-b']))
  await expect(page.getByTestId('sources-panel').locator('tbody tr[data-path]')).toHaveCount(1)
})
