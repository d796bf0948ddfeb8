/** Where the browser tests find Chromium: Debian's package (never a Playwright download). */
import { existsSync } from 'node:fs'

export const CHROMIUM_MISSING = 'Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]

/** CHROMIUM_PATH when it exists, else /usr/bin/chromium when it exists, else null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const candidate of [env.CHROMIUM_PATH, '/usr/bin/chromium']) {
    if (candidate && existsSync(candidate)) return candidate
  }
  return null
}
