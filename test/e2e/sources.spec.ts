// The sources panel while files change under a running `vigil serve`: per file its status
// (watching, rotated, deleted, unreadable with the reason), how far it is read, lines and newest event.
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, startServe, test } from './vigilServe'

let port = 50_000
/** `n` failed sshd logins on `host`, one a second from `sec`, as syslog writes them. */
function sshd(n: number, host: string, sec = 0): string {
  let out = ''
  for (let i = 0; i < n; i++) {
    const s = String((sec + i) % 60).padStart(2, '0')
    out += `Mar  3 10:0${Math.floor((sec + i) / 60)}:${s} ${host} sshd[${2000 + i}]: Failed password for root from 203.0.113.50 port ${port++} ssh2\n`
  }
  return out
}

test('the sources panel shows each file as it is watched, rotated and deleted, with its offset and lines', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sources-'))
  const logs = join(dir, 'logs')
  mkdirSync(logs)
  writeFileSync(join(logs, 'auth.log'), sshd(40, 'web-9'))
  writeFileSync(join(logs, 'secure'), sshd(12, 'db-2'))
  // A compressed rotation cut off after its header: nothing to read, reported with the reason.
  writeFileSync(join(logs, 'auth.log.3.gz'), gzipSync(sshd(5, 'web-9')).subarray(0, 12))
  const serve = await startServe({ logs, db: join(dir, 'vigil.sqlite') })
  try {
    await page.goto(serve.url)
    await expect(page.getByTestId('summary-events')).toHaveText(/^52(?!\d)/, { timeout: 60_000 })
    await page.getByRole('button', { name: 'Sources' }).click()
    const panel = page.getByTestId('sources-panel')
    const row = (path: string) => panel.locator(`tr[data-path="${path}"]`)
    const authSize = statSync(join(logs, 'auth.log')).size
    await expect(row('auth.log')).toHaveAttribute('data-status', 'watching')
    await expect(row('auth.log').getByTestId('source-offset')).toHaveText(`${(authSize / 1024).toFixed(1)} KiB`)
    await expect(row('auth.log').getByTestId('source-offset')).toHaveAttribute('title', `${authSize.toLocaleString('en-US')} bytes read`)
    await expect(row('auth.log').locator('td').nth(4)).toHaveText('40')
    await expect(row('secure')).toHaveAttribute('data-status', 'watching')
    await expect(row('auth.log.3.gz')).toHaveAttribute('data-status', 'unreadable')
    await expect(row('auth.log.3.gz')).toHaveClass(/problem/)
    await expect(row('auth.log.3.gz').locator('td').last()).not.toHaveText('')

    // logrotate: auth.log → auth.log.1 (written to once more by the daemon), a new auth.log; secure removed.
    renameSync(join(logs, 'auth.log'), join(logs, 'auth.log.1'))
    appendFileSync(join(logs, 'auth.log.1'), sshd(2, 'web-9', 40))
    writeFileSync(join(logs, 'auth.log'), sshd(3, 'web-9', 50))
    unlinkSync(join(logs, 'secure'))

    await expect(row('auth.log.1')).toHaveAttribute('data-status', 'rotated')
    await expect(row('auth.log.1').locator('.source-status')).toHaveText('rotated')
    await expect(row('auth.log.1').locator('td').last()).toHaveText('rotated (was auth.log)')
    await expect(row('auth.log.1').locator('td').nth(4)).toHaveText('42')
    await expect(row('auth.log')).toHaveAttribute('data-status', 'watching')
    await expect(row('auth.log').locator('td').nth(4)).toHaveText('3')
    await expect(row('auth.log').getByTestId('source-offset')).toHaveText(`${statSync(join(logs, 'auth.log')).size} B`)
    await expect(row('secure')).toHaveAttribute('data-status', 'deleted')
    await expect(row('secure')).toHaveClass(/gone/)
    await expect(row('secure').locator('td').last()).toHaveText('secure: deleted; its events are kept')
    await expect(page.getByTestId('summary-events')).toHaveText(/^57(?!\d)/)

    await page.mouse.move(0, 0)
    await panel.screenshot({ path: process.env.VIGIL_SOURCES_SCREENSHOT ?? test.info().outputPath('sources.png'), animations: 'disabled' })
  } finally {
    await serve.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
