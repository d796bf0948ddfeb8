import { expect, it } from 'vitest'
import { benchGeo } from '../../../src/engine/enrich/bench'

it('benchGeo looks up distinct public addresses and reports its figures', async () => {
  const res = await benchGeo(2_000, 7)
  if ('problem' in res) throw new Error(res.problem)
  expect(res.lookups).toBe(2_000)
  expect(res.found).toBeGreaterThan(1_000)
  expect(res.withCoords).toBeLessThanOrEqual(res.found)
  expect(res.loadMs).toBeGreaterThan(0)
  expect(res.lookupsPerSec).toBeGreaterThan(0)
})
