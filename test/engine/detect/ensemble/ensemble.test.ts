import { describe, expect, it } from 'vitest'
import { Calibrator } from '../../../../src/engine/detect/ensemble/Calibrator'
import { capModelOnly, modelScore } from '../../../../src/engine/detect/ensemble/combine'

describe('Calibrator', () => {
  const baseline = Array.from({ length: 1001 }, (_, i) => i / 1000) // 0 .. 1 uniform
  const c = Calibrator.fit(baseline, 0.01)

  it('puts the median at 0.2 and the (1 - contamination) quantile at 0.5', () => {
    expect(c.apply(0.5)).toBeCloseTo(0.2, 10)
    expect(c.apply(0.99)).toBeCloseTo(0.5, 10)
    expect(c.apply(0)).toBe(0)
  })

  it('is monotonic and stays in [0, 1]', () => {
    let prev = -1
    for (let x = -1; x <= 5; x += 0.01) {
      const y = c.apply(x)
      expect(y).toBeGreaterThanOrEqual(prev)
      expect(y).toBeGreaterThanOrEqual(0)
      expect(y).toBeLessThanOrEqual(1)
      prev = y
    }
    expect(c.apply(3)).toBeGreaterThan(0.95)
  })

  it('round-trips through JSON', () => {
    const back = Calibrator.fromJSON(JSON.parse(JSON.stringify(c.toJSON())))
    expect(back.apply(0.7)).toBe(c.apply(0.7))
  })
})

describe('model-only scores', () => {
  it('temper the strongest detector with the runner-up', () => {
    expect(modelScore([])).toBe(0)
    expect(modelScore([0.9])).toBe(0.9)
    expect(modelScore([0.9, 0.1, 0.5])).toBeCloseTo(0.65 * 0.9 + 0.35 * 0.5, 12)
  })

  it('stay LOW unless every model agrees the event is extreme, and never reach HIGH', () => {
    expect(capModelOnly(0.95, [0.99, 0.5])).toBe(0.69)
    expect(capModelOnly(0.6, [0.6])).toBe(0.6)
    expect(capModelOnly(0.99, [0.99, 0.99, 0.98])).toBeGreaterThanOrEqual(0.7)
    expect(capModelOnly(1, [1, 1, 1])).toBeLessThan(0.85)
  })
})
