import { describe, expect, it } from 'vitest'
import { logGamma, logPoissonTail, poissonSurprise } from '../../../../src/engine/detect/statistical/poisson'

describe('Poisson tail', () => {
  it('computes ln Γ', () => {
    expect(logGamma(1)).toBeCloseTo(0, 10)
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10)
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 8)
  })

  it('matches closed forms and known tails', () => {
    expect(Math.exp(logPoissonTail(1, 1))).toBeCloseTo(1 - Math.exp(-1), 12)
    expect(Math.exp(logPoissonTail(0, 3))).toBe(1)
    // P(X >= 10 | λ = 1) = 1.1142547e-7
    expect(Math.exp(logPoissonTail(10, 1))).toBeCloseTo(1.1142547e-7, 13)
    // P(X >= 3 | λ = 5) = 1 - e^-5 (1 + 5 + 12.5)
    expect(Math.exp(logPoissonTail(3, 5))).toBeCloseTo(1 - Math.exp(-5) * 18.5, 12)
  })

  it('does not underflow for hundreds of failures', () => {
    const s = poissonSurprise(412, 1.5)
    expect(Number.isFinite(s)).toBe(true)
    expect(s).toBeGreaterThan(700)
    expect(poissonSurprise(2, 1.5)).toBeLessThan(1)
  })

  it('costs O(1) at or below a large mean (a flood of identical lines), close to the exact tail', () => {
    // Exact P(X >= k) by summing the pmf in log space, for comparison.
    const exact = (k: number, lambda: number): number => {
      let logPmf = -lambda
      let below = 0
      for (let j = 0; j < k; j++) {
        below += Math.exp(logPmf)
        logPmf += Math.log(lambda / (j + 1))
      }
      return 1 - below
    }
    expect(Math.exp(logPoissonTail(60, 64.5))).toBeCloseTo(exact(60, 64.5), 2)
    expect(Math.exp(logPoissonTail(400, 420))).toBeCloseTo(exact(400, 420), 2)
    // λ past 745: exp(-λ) underflows; the tail at the mean is one half, not 1.
    expect(Math.exp(logPoissonTail(50_000, 50_000))).toBeCloseTo(0.5, 2)
    expect(poissonSurprise(200_000, 200_000)).toBeLessThan(0.31)
    const t0 = performance.now()
    for (let i = 0; i < 200_000; i++) logPoissonTail(200_000, 200_000)
    expect(performance.now() - t0).toBeLessThan(1_000)
  })
})
