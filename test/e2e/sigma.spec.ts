// Sigma rules set in the Sources area of `vigil serve`: paths typed in, rules listed loaded or
// skipped with the reason, the store rescored with them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, repoRoot, startServe, test } from './vigilServe'

test('rule paths set in the Sources area load the rules, list each one, and rescore', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sigma-ui-'))
  const logs = join(dir, 'logs')
  mkdirSync(logs)
  const normal = Array.from({ length: 30 }, (_, i) => `Mar  3 09:${String(i).padStart(2, '0')}:00 web-9 sshd[${100 + i}]: Accepted publickey for alice from 192.0.2.10 port ${40000 + i} ssh2`)
  writeFileSync(join(logs, 'auth.log'), [...normal, 'Mar  3 10:00:01 web-9 sshd[911]: Corrupted MAC on input. [preauth]'].join('\n') + '\n')
  const serve = await startServe({ logs, db: join(dir, 'vigil.sqlite') })
  try {
    await page.goto(serve.url)
    await expect(page.getByTestId('summary-events')).toHaveText(/^31(?!\d)/, { timeout: 60_000 })
    await page.getByRole('button', { name: 'Sources' }).click()
    const panel = page.getByTestId('sigma-panel')
    await expect(panel.locator('h3')).toHaveText('Sigma rules 0 loaded, 0 skipped')
    await panel.getByTestId('sigma-paths').fill(join(repoRoot, 'test/fixtures/sigma/sigmahq'))
    await panel.getByTestId('sigma-apply').click()
    await expect(panel.locator('h3')).toHaveText('Sigma rules 4 loaded, 1 skipped', { timeout: 30_000 })
    await expect(panel.locator('tr[data-status="skipped"] td').last()).toHaveText('legacy aggregation in condition "selection | count() by host > 50" (use a correlation rule)')
    await expect(panel.locator('tr[data-status="loaded"]')).toHaveCount(4)
  } finally {
    await serve.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
