// Builds the headless `vigil` command (src/cli) for plain Node; dependencies stay external.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  build: {
    ssr: resolve(fileURLToPath(new URL('.', import.meta.url)), 'src/cli/index.ts'),
    outDir: 'out/cli',
    target: 'node20',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: 'index.js', format: 'es' } },
  },
})
