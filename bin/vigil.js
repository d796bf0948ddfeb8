#!/usr/bin/env node
// The `vigil` command. The CLI is built by `npm install` (the `prepare` script) into out/cli.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const built = new URL('../out/cli/index.js', import.meta.url)
if (!existsSync(fileURLToPath(built))) {
  console.error('vigil: the CLI is not built yet; run `npm run build` in the Vigil folder first.')
  process.exit(1)
}
const { main } = await import(built.href)
process.exitCode = await main(process.argv.slice(2))
