import { describe, expect, it } from 'vitest'
import { initialWeights, layerShapes } from '../../../../src/engine/detect/autoencoder/network'
import { Random } from '../../../../src/engine/util/random'

describe('layerShapes', () => {
  it('mirrors nFeatures through the hidden widths with a linear code layer and output', () => {
    expect(layerShapes(20, [16, 8, 16])).toEqual([
      { inputs: 20, units: 16, activation: 'relu' },
      { inputs: 16, units: 8, activation: 'linear' },
      { inputs: 8, units: 16, activation: 'relu' },
      { inputs: 16, units: 20, activation: 'linear' },
    ])
    expect(layerShapes(5, [3]).map((s) => s.activation)).toEqual(['linear', 'linear'])
  })
})

describe('initialWeights', () => {
  it('draws Glorot-uniform kernels and zero biases from the seed alone', () => {
    const a = initialWeights(20, [16, 8, 16], new Random(1))
    const b = initialWeights(20, [16, 8, 16], new Random(1))
    const c = initialWeights(20, [16, 8, 16], new Random(2))
    expect(a).toEqual(b)
    expect(a[0].kernel).not.toEqual(c[0].kernel)
    for (const l of a) {
      const limit = Math.sqrt(6 / (l.inputs + l.units))
      expect(l.kernel).toHaveLength(l.inputs * l.units)
      expect(Math.max(...l.kernel.map(Math.abs))).toBeLessThanOrEqual(limit)
      expect(Math.max(...l.kernel.map(Math.abs))).toBeGreaterThan(limit * 0.8)
      expect(Array.from(l.bias)).toEqual(new Array(l.units).fill(0))
    }
  })
})
