// Builds the headless `vigil` command (src/cli) for plain Node; dependencies stay external.
// The autoencoder's training worker and the isolation forest's scoring worker are entries of their
// own, written beside index.js (trainOffThread.ts, iforest/offThread.ts).
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/cli',
    target: 'node20',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        index: resolve(root, 'src/cli/index.ts'),
        autoencoderWorker: resolve(root, 'src/engine/detect/autoencoder/trainWorker.ts'),
        iforestWorker: resolve(root, 'src/engine/detect/iforest/scoreWorker.ts'),
      },
      output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', format: 'es' },
    },
  },
})
