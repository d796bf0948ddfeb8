import { describe, expect, it } from 'vitest'
import { dispatch } from '../../../src/engine/api/dispatch'
import type { Handlers } from '../../../src/engine/api/handlers'
import { ApiCallError } from '../../../src/shared/api'

const failing = {
  'app.info': async () => {
    throw new Error('database is locked')
  },
  'findings.get': async () => {
    throw new ApiCallError('not_found', 'no finding with id 7')
  },
} as unknown as Handlers

describe('dispatch', () => {
  it('reports an unexpected failure as internal, keeping the stack in the log only', async () => {
    const logged: string[] = []
    const reply = await dispatch(failing, { id: 1, method: 'app.info', params: {} }, (m) => logged.push(m))
    expect(reply).toEqual({ id: 1, ok: false, error: { code: 'internal', message: 'app.info failed with an internal error; see the log' } })
    expect(logged[0]).toMatch(/database is locked\n\s+at /)
  })

  it('passes expected failures through with their code', async () => {
    const reply = await dispatch(failing, { id: 2, method: 'findings.get', params: { id: 7 } }, () => undefined)
    expect(reply).toEqual({ id: 2, ok: false, error: { code: 'not_found', message: 'no finding with id 7' } })
  })

  it('refuses malformed envelopes and params before any handler runs', async () => {
    expect(await dispatch(failing, null, () => undefined)).toMatchObject({ id: -1, ok: false, error: { code: 'bad_request' } })
    expect(await dispatch(failing, { id: 3, method: 'findings.get', params: { id: '7' } }, () => undefined)).toMatchObject({
      id: 3,
      error: { code: 'bad_request', message: expect.stringMatching(/^findings\.get: id: /) },
    })
    expect(await dispatch(failing, { id: 4, method: '__proto__', params: {} }, () => undefined)).toMatchObject({ error: { code: 'unknown_method' } })
    expect(await dispatch(failing, { id: 5, method: 'triage.set', params: { id: 1, status: 'pwned' } }, () => undefined)).toMatchObject({ error: { code: 'bad_request' } })
  })
})
