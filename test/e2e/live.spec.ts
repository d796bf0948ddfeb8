// Live watching end to end: lines appended to a file of an open folder reach the grid by themselves.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cell, rows, shownCount } from './grid'
import { expect, repoRoot, test } from './vigilServe'

test('lines appended to a watched file appear in the grid without a reload', async ({ page, vigil }) => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-live-'))
  try {
    cpSync(join(repoRoot, 'test', 'e2e', 'data', 'hostile', 'auth.log'), join(folder, 'auth.log'))
    await page.goto(vigil.url)
    await expect(rows(page).first()).toBeVisible({ timeout: 60_000 })
    await page.getByLabel('Folder path on the server').fill(folder)
    await page.getByRole('button', { name: 'Open Folder' }).click()
    await expect(page.getByText(/^Opening /)).toHaveCount(0, { timeout: 60_000 })
    await page.getByLabel('Quick filter').fill('198.51.100.77')
    await expect.poll(() => shownCount(page)).toBe(0)

    // A password-guessing burst from one address, written the way sshd writes it.
    const lines: string[] = []
    for (let i = 0; i < 40; i++) {
      const s = String(10 + i).padStart(2, '0')
      lines.push(`Mar  3 11:00:${s} web-9 sshd[${3000 + i}]: Failed password for root from 198.51.100.77 port ${51000 + i} ssh2`)
    }
    const written = Date.now()
    appendFileSync(join(folder, 'auth.log'), `${lines.join('\n')}\n`)

    await expect.poll(() => shownCount(page), { timeout: 30_000, intervals: [50] }).toBeGreaterThan(0)
    test.info().annotations.push({ type: 'append-to-grid', description: `${Date.now() - written} ms` })
    await expect(cell(page, 0, 'src_ip')).toHaveText('198.51.100.77')
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
})
