import { describe, expect, it } from 'vitest'
import {
  initTf,
  loadTf,
  orderFromEnv,
  resolveWasmDir,
  TF_BACKENDS,
  useTfBackend,
} from '../../../../src/engine/detect/autoencoder/tfBackend'

// This file switches the process-wide backend (initTf with injected failures, useTfBackend); vitest
// runs each test file in its own process, so other files are unaffected.
describe('loadTf', () => {
  it('starts a known backend once and computes with it', async () => {
    const first = loadTf()
    expect(loadTf()).toBe(first)
    const { tf, backend } = await first
    console.log(`TensorFlow.js backend: ${backend}`)
    expect(TF_BACKENDS).toContain(backend)
    expect(tf.getBackend()).toBe(backend)
    // tfjs-node cannot be installed on this machine kind, so the WASM backend is expected here.
    if (process.env.VIGIL_TF_BACKEND === undefined) expect(['tensorflow', 'wasm']).toContain(backend)
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([1, 0, 0, 1], [2, 2])).arraySync())
    expect(y).toEqual([
      [1, 2],
      [3, 4],
    ])
  })

  it('finds the .wasm binaries of the installed package', async () => {
    const { existsSync } = await import('node:fs')
    const dir = resolveWasmDir()
    expect(dir).not.toBeNull()
    expect(existsSync(`${dir}tfjs-backend-wasm-simd.wasm`)).toBe(true)
  })

  it('falls back past packages that fail to import, in order', async () => {
    const tried: string[] = []
    const loaded = await initTf({
      importModule: async (specifier) => {
        tried.push(specifier)
        if (specifier !== '@tensorflow/tfjs-backend-cpu') throw new Error(`Cannot find package '${specifier}'`)
        return import('@tensorflow/tfjs-backend-cpu')
      },
      wasmDir: resolveWasmDir,
      order: TF_BACKENDS,
    })
    expect(loaded.backend).toBe('cpu')
    expect(loaded.tf.getBackend()).toBe('cpu')
    expect(tried).toEqual(['@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'])
  })

  it('reports a backend that cannot start as a value and can switch back', async () => {
    const native = await useTfBackend('tensorflow')
    if (!native.ok) expect(native.error).toMatchObject({ backend: 'tensorflow', code: 'not-installed' })
    const wasm = await useTfBackend('wasm')
    expect(wasm.ok).toBe(true)
    const { backend, tf } = await loadTf()
    expect(backend).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
  })

  it('moves a preferred backend to the front of the order', () => {
    expect(orderFromEnv(undefined)).toEqual(['tensorflow', 'wasm', 'cpu'])
    expect(orderFromEnv('CPU')).toEqual(['cpu', 'tensorflow', 'wasm'])
    expect(orderFromEnv('gpu')).toEqual(['tensorflow', 'wasm', 'cpu'])
  })
})
