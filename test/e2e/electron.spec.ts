// Launches the real desktop app where an Electron binary exists; skips, saying why, elsewhere.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { ELECTRON_MISSING, findElectron } from './electronBinary'

const repoRoot = resolve(import.meta.dirname, '..', '..')
const executablePath = findElectron()

test('the desktop app opens the demo logs in a window without Node, links blocked', async () => {
  if (executablePath === null) console.log(ELECTRON_MISSING)
  test.skip(executablePath === null, ELECTRON_MISSING)

  const userData = mkdtempSync(join(tmpdir(), 'vigil-electron-'))
  const app = await electron.launch({
    executablePath: executablePath!,
    args: [join(repoRoot, 'out', 'main', 'index.js'), `--user-data-dir=${userData}`, '--demo'],
    cwd: repoRoot,
  })
  try {
    const window = await app.firstWindow()
    await expect(window.locator('.ag-grid-scrolling-container .ag-row').first()).toBeVisible({ timeout: 120_000 })

    // The page has the bridge and nothing of Node.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
    expect(
      await window.evaluate(() => Object.keys((globalThis as unknown as { vigil: object }).vigil).sort()),
    ).toContain('listFindings')

    // A link elsewhere than attack.mitre.org neither navigates nor opens a window.
    const before = window.url()
    await window.evaluate(`(() => {
      const a = document.createElement('a')
      a.href = 'https://example.com/'
      a.target = '_blank'
      document.body.append(a)
      a.click()
      window.location.href = 'https://example.com/'
    })()`)
    expect(app.windows()).toHaveLength(1)
    expect(window.url()).toBe(before)
  } finally {
    await app.close()
    rmSync(userData, { recursive: true, force: true })
  }
})
