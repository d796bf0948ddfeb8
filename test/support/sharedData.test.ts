import { describe, expect, it } from 'vitest'
import { sharedPath } from './sharedData'

describe('sharedPath', () => {
  it('fails with one line naming the missing folder', () => {
    let thrown: unknown
    try {
      sharedPath('data/no-such-samples')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(Error)
    const { message, stack } = thrown as Error
    expect(message).toMatch(/^missing \/.*\/shared\/data\/no-such-samples: the real log samples belong in \.\.\/shared beside the checkout/)
    expect(stack).toBe(message)
    expect(message).not.toContain('\n')
  })
})
