/**
 * Loads TensorFlow.js once per process and picks the fastest backend that works on this machine:
 * the native `tensorflow` backend (@tensorflow/tfjs-node, an optional dependency that usually fails
 * to install offline), else `wasm` (SIMD, single thread), else plain JavaScript `cpu`.
 *
 * Every TensorFlow package is imported dynamically so that loading the engine (e.g. `vigil --help`)
 * does not pay for TensorFlow, and only code that really trains or scores an autoencoder does.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type * as TfCore from '@tensorflow/tfjs-core'
import { assertNever, err, ok, type Result } from '../../../shared/result'

/** The tfjs-core namespace, the only TensorFlow API the rest of the engine programs against. */
export type Tf = typeof TfCore

/** Backends Vigil knows how to start, fastest first. */
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu'

/** Fallback order used by {@link loadTf}. */
export const TF_BACKENDS: readonly TfBackendName[] = ['tensorflow', 'wasm', 'cpu']

/** TensorFlow.js with the backend that is running. */
export interface LoadedTf {
  tf: Tf
  backend: TfBackendName
}

/** Why a backend could not be started. */
export interface TfBackendProblem {
  backend: TfBackendName
  code: 'not-installed' | 'init-failed'
  message: string
}

/** The seams of the loader, injectable so tests can simulate missing packages. */
export interface TfLoaderDeps {
  /** Dynamic `import()` of a package by name. */
  importModule: (specifier: string) => Promise<unknown>
  /** Folder holding the tfjs-backend-wasm `.wasm` binaries, with a trailing separator. */
  wasmDir: () => string | null
  /** Backends to try, in order. */
  order: readonly TfBackendName[]
}

// A variable specifier keeps bundlers (vite, rollup, electron-vite) from trying to resolve a package
// that is normally absent; Node resolves it at run time from the built file's location.
const TFJS_NODE = '@tensorflow/tfjs-node'
const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm'
const CPU_PACKAGE = '@tensorflow/tfjs-backend-cpu'

const DEFAULT_DEPS: TfLoaderDeps = {
  importModule: importPackage,
  wasmDir: resolveWasmDir,
  order: orderFromEnv(process.env.VIGIL_TF_BACKEND),
}

let loading: Promise<LoadedTf> | null = null
let wasmPathsSet = false

/**
 * TensorFlow.js (tfjs-core) with the first backend of tensorflow → wasm → cpu that starts.
 * Loads once per process; later calls return the same promise (or the backend chosen by
 * {@link useTfBackend}). `VIGIL_TF_BACKEND=cpu|wasm|tensorflow` moves that backend to the front.
 */
export function loadTf(): Promise<LoadedTf> {
  loading ??= initTf(DEFAULT_DEPS)
  return loading
}

/**
 * Switches the running backend (benchmarks, tests, a `--backend` flag). Tensors already created
 * stay valid: tfjs moves their data on first use. Later {@link loadTf} calls return this backend.
 */
export async function useTfBackend(name: TfBackendName): Promise<Result<LoadedTf, TfBackendProblem>> {
  const { tf } = await loadTf()
  const started = await startBackend(tf, name, DEFAULT_DEPS)
  if (!started.ok) return started
  const loaded: LoadedTf = { tf, backend: name }
  loading = Promise.resolve(loaded)
  return ok(loaded)
}

/** Loads tfjs-core and starts the first backend of `deps.order` that works. Not memoised. */
export async function initTf(deps: TfLoaderDeps): Promise<LoadedTf> {
  const tf = (await import('@tensorflow/tfjs-core')) as Tf
  // PROD skips debug-only checks and silences the CPU backend's "install tfjs-node" banner, which
  // would otherwise land in the CLI's output.
  tf.env().set('PROD', true)
  const problems: TfBackendProblem[] = []
  for (const name of deps.order) {
    const started = await startBackend(tf, name, deps)
    if (started.ok) return { tf, backend: name }
    problems.push(started.error)
  }
  throw new Error(`no TensorFlow.js backend could start: ${problems.map((p) => `${p.backend}: ${p.message}`).join('; ')}`)
}

async function startBackend(tf: Tf, name: TfBackendName, deps: TfLoaderDeps): Promise<Result<null, TfBackendProblem>> {
  const imported = await importBackend(name, deps)
  if (!imported.ok) return imported
  try {
    // setBackend resolves false (after logging) when the backend's initialisation fails.
    if (await tf.setBackend(name)) {
      await tf.ready()
      return ok(null)
    }
    return err({ backend: name, code: 'init-failed', message: 'initialisation failed' })
  } catch (e) {
    return err({ backend: name, code: 'init-failed', message: messageOf(e) })
  }
}

async function importBackend(name: TfBackendName, deps: TfLoaderDeps): Promise<Result<null, TfBackendProblem>> {
  const specifier = packageOf(name)
  let mod: unknown
  try {
    mod = await deps.importModule(specifier)
  } catch (e) {
    return err({ backend: name, code: 'not-installed', message: messageOf(e) })
  }
  if (name === 'wasm' && !wasmPathsSet) {
    const dir = deps.wasmDir()
    const setWasmPaths = (mod as { setWasmPaths?: (prefix: string) => void }).setWasmPaths
    if (dir === null || typeof setWasmPaths !== 'function') {
      return err({ backend: name, code: 'not-installed', message: 'the .wasm binaries were not found' })
    }
    // Without an explicit folder, Emscripten looks next to the *bundled* script (out/cli, out/main),
    // where the binaries are not.
    setWasmPaths(dir)
    wasmPathsSet = true
  }
  return ok(null)
}

function packageOf(name: TfBackendName): string {
  switch (name) {
    case 'tensorflow':
      return TFJS_NODE
    case 'wasm':
      return WASM_PACKAGE
    case 'cpu':
      return CPU_PACKAGE
    default:
      return assertNever(name)
  }
}

// Literal specifiers for the installed packages, so a bundler that inlines dependencies still sees
// them; only the optional native package goes through a variable.
function importPackage(specifier: string): Promise<unknown> {
  if (specifier === WASM_PACKAGE) return import('@tensorflow/tfjs-backend-wasm')
  if (specifier === CPU_PACKAGE) return import('@tensorflow/tfjs-backend-cpu')
  return import(/* @vite-ignore */ specifier)
}

/**
 * The dist folder of the installed tfjs-backend-wasm, found the way Node finds the package from this
 * file (vitest: src/…, CLI: out/cli, Electron worker: out/main). In a packaged app whose
 * node_modules sit in app.asar, the binaries must be unpacked (asarUnpack) and are read from there.
 */
export function resolveWasmDir(): string | null {
  try {
    const require = createRequire(import.meta.url)
    // The package's "main" is dist/tf-backend-wasm.node.js, next to the .wasm files.
    let dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))
    const unpacked = dir.replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked')
    if (unpacked !== dir && existsSync(unpacked)) dir = unpacked
    return dir.endsWith(path.sep) ? dir : dir + path.sep
  } catch {
    return null
  }
}

/** The default order with an optional preferred backend moved to the front. */
export function orderFromEnv(preferred: string | undefined): readonly TfBackendName[] {
  const wanted = TF_BACKENDS.find((b) => b === preferred?.trim().toLowerCase())
  return wanted === undefined ? TF_BACKENDS : [wanted, ...TF_BACKENDS.filter((b) => b !== wanted)]
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
