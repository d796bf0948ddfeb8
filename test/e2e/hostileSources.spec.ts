// Issue 9 and issue 12 (item 5) in the browser: a hostile folder's skips are listed in the Sources
// panel with their reasons, a decompression bomb offers to be read up to its cap (and is, on a
// click), and opening a folder with nothing to read says "no log files found in X".
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, startServe, test } from './vigilServe'

const SSHD = (sec: number): string => `Mar  3 10:00:${String(sec).padStart(2, '0')} web-9 sshd[4242]: Failed password for root from 203.0.113.50 port 50000 ssh2\n`

test('skips are listed with their reasons; a bomb is read up to its cap on request; an empty folder says so', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-hostile-'))
  const logs = join(dir, 'logs')
  mkdirSync(logs)
  writeFileSync(join(logs, 'auth.log'), SSHD(1) + SSHD(2) + SSHD(3))
  writeFileSync(join(dir, 'shadow'), 'root:$6$secret:19000:0:99999:7:::\n')
  symlinkSync(join(dir, 'shadow'), join(logs, 'secure'))
  writeFileSync(join(logs, 'users.log'), 'root:x:0:0:root:/root:/bin/bash\n'.repeat(25))
  // 4 MiB of one line: a few KB compressed, far past 100:1.
  writeFileSync(join(logs, 'auth.log.2.gz'), gzipSync(SSHD(5).repeat(Math.floor((4 << 20) / SSHD(5).length))))
  mkdirSync(join(dir, 'empty', '.ssh'), { recursive: true })
  const serve = await startServe({ logs, db: join(dir, 'vigil.sqlite') })
  try {
    await page.goto(serve.url)
    await expect(page.getByTestId('summary-events')).toHaveText(/^3(?!\d)/, { timeout: 60_000 })
    await page.getByRole('button', { name: 'Sources' }).click()
    const panel = page.getByTestId('sources-panel')
    const row = (path: string) => panel.locator(`tr[data-path="${path}"]`)
    await expect(row('secure')).toHaveAttribute('data-status', 'skipped')
    await expect(row('secure').locator('td').last()).toHaveText(`secure: points outside the folder (to ${join(dir, 'shadow')}), skipped`)
    await expect(row('users.log')).toHaveAttribute('data-status', 'skipped')
    await expect(row('users.log').locator('td').last()).toHaveText(
      'users.log: skipped, a file where 0 of 20 sampled lines carry a time (a log needs at least 1 in 4) is not a log',
    )
    await expect(row('auth.log.2.gz')).toHaveAttribute('data-status', 'skipped')
    await expect(row('auth.log.2.gz').locator('td').last()).toContainText('auth.log.2.gz: decompression bomb, ')

    await row('auth.log.2.gz').getByTestId('read-capped').click()
    await expect(row('auth.log.2.gz')).toHaveAttribute('data-status', 'watching', { timeout: 60_000 })
    await expect(row('auth.log.2.gz').locator('td').last()).toContainText('; read up to the cap: ')
    await expect(row('auth.log.2.gz').getByTestId('read-capped')).toHaveCount(0)
    await expect(page.getByTestId('summary-events')).not.toHaveText(/^3(?!\d)/)

    await page.getByLabel('Folder path on the server').fill(join(dir, 'empty'))
    await page.getByRole('button', { name: 'Open Folder' }).click()
    // The case holds events: opening another folder asks where it goes.
    await page.getByTestId('add-folder-prompt').getByRole('button', { name: /^Add to this case/ }).click()
    await expect(page.getByRole('alert')).toContainText(`no log files found in ${join(dir, 'empty')}`)
  } finally {
    await serve.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
