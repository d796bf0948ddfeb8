/**
 * Test fixtures: the real `vigil serve` (built CLI) on the demo logs with a temporary SQLite store,
 * and a browser that fails every test with one clear line when no Chromium is installed.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { test as base, type Browser } from '@playwright/test'
import { connectWs } from '../cli/serve/wsClient'
import type { MethodName, MethodParams, MethodResult } from '../../src/shared/api'
import { CHROMIUM_ARGS, CHROMIUM_MISSING, findChromium } from './chromium'

export const repoRoot = resolve(import.meta.dirname, '..', '..')

export interface VigilServer {
  /** http://127.0.0.1:PORT/?token=… */
  url: string
  /** Temporary folder holding the store; removed afterwards. */
  dir: string
}

const URL_LINE = /Vigil is serving on (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/

/** Resolves with the page URL once serve prints it; rejects with serve's output if it exits first. */
function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`vigil serve printed no URL within ${timeoutMs} ms:\n${output}`)), timeoutMs)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += `${line}\n`
      const match = URL_LINE.exec(line)
      if (match) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`vigil serve exited with code ${code} before serving:\n${output}`))
    })
  })
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

/** A running `vigil serve`: its page URL, and how to stop it (gracefully, as Ctrl-C would). */
export interface ServeProcess {
  url: string
  stop(): Promise<void>
}

/**
 * Starts the built `vigil serve` on a free port with a store file (and a folder to open, else the
 * store's last session is re-opened). Each start prints a new port and token, as a real restart does.
 */
export async function startServe(options: { db: string; logs?: string }): Promise<ServeProcess> {
  const args = ['bin/vigil.js', 'serve', ...(options.logs === undefined ? [] : [options.logs]), '--port', '0', '--db', options.db, '--no-open']
  // Cases made from the page live beside the test's store, never in the machine's config folder.
  const env = { ...process.env, VIGIL_CASES_DIR: join(dirname(resolve(options.db)), 'cases') }
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env })
  try {
    return { url: await waitForUrl(child, 120_000), stop: () => stop(child) }
  } catch (e) {
    await stop(child)
    throw e
  }
}

/**
 * Forgets the grid view the engine saved (`ui.setState({})`): tests that share one server each
 * start from the default view, not from the sort and filters the test before left.
 */
export async function resetView(pageUrl: string): Promise<void> {
  await callEngine(pageUrl, 'ui.setState', {})
}

/** One call to the engine behind `pageUrl` over a socket of its own: what the UI must agree with. */
export async function callEngine<M extends MethodName>(pageUrl: string, method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
  const url = new URL(pageUrl)
  const ws = await connectWs(`ws://${url.host}/api${url.search}`, url.origin)
  try {
    return await ws.call(method, params)
  } finally {
    await ws.close()
  }
}

export const test = base.extend<{ vigil: VigilServer }, { vigilServer: VigilServer; browser: Browser }>({
  // Replaces Playwright's browser: Debian's Chromium, and a one-line failure when there is none.
  browser: [
    async ({ playwright, launchOptions }, use) => {
      const executablePath = findChromium()
      if (executablePath === null) throw new Error(CHROMIUM_MISSING)
      const browser = await playwright.chromium.launch({ ...launchOptions, executablePath, args: CHROMIUM_ARGS })
      await use(browser)
      await browser.close()
    },
    { scope: 'worker' },
  ],
  // One server per worker; every test gets it with the default grid view.
  vigil: async ({ vigilServer }, use) => {
    await resetView(vigilServer.url)
    await use(vigilServer)
  },
  vigilServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'))
      // VIGIL_E2E_LOGS points the tests at another folder (e.g. a bigger dataset); default the demo logs.
      const logs = process.env.VIGIL_E2E_LOGS ?? 'resources/demo-logs'
      try {
        const serve = await startServe({ logs, db: join(dir, 'vigil.sqlite') })
        try {
          await use({ url: serve.url, dir })
        } finally {
          await serve.stop()
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
})

export { expect } from '@playwright/test'
