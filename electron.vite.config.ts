// Builds the desktop app: Electron main (+ the engine worker, pulled in by its `?modulePath`
// import), the sandboxed preload, and the React renderer. `electron-vite build` needs no Electron
// binary, so this runs on machines where Electron cannot be installed (the renderer is then served
// by `vigil serve`).
import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'

/**
 * The CSP meta tag of index.html forbids inline scripts, which Vite's dev server (React refresh
 * preamble, HMR socket) needs. Relax it for `electron-vite dev` only; builds keep the strict policy.
 */
function devCspRelax(): Plugin {
  return {
    name: 'vigil:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://localhost:*")
    },
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      sourcemap: true,
      rolldownOptions: {
        // The autoencoder's training worker and the forest's scoring worker sit beside the engine
        // worker's chunk, where trainOffThread.ts and iforest/offThread.ts look for them.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'chunks/autoencoderWorker': resolve(__dirname, 'src/engine/detect/autoencoder/trainWorker.ts'),
          'chunks/iforestWorker': resolve(__dirname, 'src/engine/detect/iforest/scoreWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      sourcemap: 'inline',
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // Sandboxed preloads are loaded by Electron's own require(): they cannot be ES modules, and
        // with "type": "module" in package.json a CommonJS file must be named .cjs.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    // Relative asset URLs: the same build loads over file:// (Electron) and http (`vigil serve`).
    base: './',
    plugins: [react(), devCspRelax()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      sourcemap: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
  },
})
