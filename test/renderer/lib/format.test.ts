import { describe, expect, it } from 'vitest'
import { formatBytes } from '../../../src/renderer/lib/format'

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [912, '912 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [153_600, '150 KiB'],
    [5 * 1024 * 1024 + 300_000, '5.3 MiB'],
    [3 * 1024 ** 3, '3 GiB'],
    [2 * 1024 ** 5, '2048 TiB'],
    [Number.NaN, '0 B'],
  ])('%d bytes is %s', (n, shown) => {
    expect(formatBytes(n)).toBe(shown)
  })
})
