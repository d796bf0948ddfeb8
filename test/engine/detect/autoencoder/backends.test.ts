import { describe, expect, it } from 'vitest'
import { AutoencoderModel, fitAutoencoder } from '../../../../src/engine/detect/autoencoder/Autoencoder'
import { benchAutoencoder, benchAutoencoderBackends } from '../../../../src/engine/detect/autoencoder/bench'
import { loadTf, useTfBackend } from '../../../../src/engine/detect/autoencoder/tfBackend'
import { lowRankRows } from './synthetic'

// This file switches between the WASM and CPU backends; vitest gives each test file its own process.
describe('autoencoder across backends', () => {
  it('scores a saved model on the CPU backend as on the one it was trained on', async () => {
    const data = lowRankRows(2000, 6, 2, 3)
    const { backend } = await loadTf()
    const trained = await fitAutoencoder(data.X, data.nRows, 6, { hidden: [6, 2, 6], epochs: 3, batchSize: 256 })
    const expected = trained.score(data.X, data.nRows)
    const json = trained.toJSON()
    trained.dispose()
    expect(json.backend).toBe(backend)

    const cpu = await useTfBackend('cpu')
    expect(cpu.ok).toBe(true)
    const restored = await AutoencoderModel.fromJSON(json)
    const actual = restored.score(data.X, data.nRows)
    restored.dispose()
    await useTfBackend(backend)
    // Same weights, float32 arithmetic in a different order: equal to rounding.
    for (let r = 0; r < data.nRows; r++) expect(Math.abs(actual[r] - expected[r])).toBeLessThanOrEqual(1e-4 * expected[r] + 1e-7)
  })

  it('benchmarks training and scoring on the running backend', async () => {
    const result = await benchAutoencoder({ rows: 5000, features: 10, epochs: 1 })
    expect(result).toMatchObject({ backend: (await loadTf()).backend, rows: 5000, features: 10, epochs: 1 })
    expect(result.msPerEpoch).toBeGreaterThan(0)
    expect(result.scoreRowsPerSec).toBeGreaterThan(1000)
  })

  it('benchmarks each backend that starts and restores the running one', async () => {
    const before = (await loadTf()).backend
    const { results, unavailable } = await benchAutoencoderBackends({ rows: 3000, features: 8 }, ['tensorflow', 'wasm', 'cpu'])
    console.log(results.map((r) => `${r.backend}: ${r.msPerEpoch.toFixed(0)} ms/epoch, ${r.scoreRowsPerSec.toFixed(0)} rows/s`).join('; '))
    expect(results.map((r) => r.backend)).toEqual(expect.arrayContaining(['wasm', 'cpu']))
    expect(results.length + unavailable.length).toBe(3)
    expect((await loadTf()).backend).toBe(before)
  })
})
