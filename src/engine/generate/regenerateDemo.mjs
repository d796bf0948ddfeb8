// Regenerates resources/demo-logs without building the CLI: `node src/engine/generate/regenerateDemo.mjs`
// (from the repository root, after `npm install`). Runs demo.ts through Vite's module runner.
// Same result as `npx vigil generate --demo --out resources/demo-logs --force`.
import { fileURLToPath } from 'node:url'
import { createServer, createServerModuleRunner } from 'vite'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const outDir = fileURLToPath(new URL('../../../resources/demo-logs', import.meta.url))
const server = await createServer({ root, configFile: false, logLevel: 'error', appType: 'custom', server: { middlewareMode: true, hmr: false, ws: false } })
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false })
try {
  const { prepareOutputFolder } = await runner.import('/src/engine/generate/outputFolder.ts')
  const { generateDemoLogs } = await runner.import('/src/engine/generate/demo.ts')
  const ready = await prepareOutputFolder(outDir, true)
  if (!ready.ok) throw new Error(ready.error)
  const r = await generateDemoLogs(outDir)
  console.log(`demo logs: ${r.events} events, ${r.files.length} files, ${r.episodes.length} episodes in ${outDir}`)
} finally {
  await runner.close()
  await server.close()
}
