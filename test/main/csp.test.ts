import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src/main/csp'

const html = readFileSync(new URL('../../src/renderer/index.html', import.meta.url), 'utf8')

describe('Content-Security-Policy', () => {
  it('the renderer page carries the same policy as the Electron header', () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY)
  })

  it('allows only our own scripts and the loopback socket', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name, values] as const
      }),
    )
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*'])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*\s|https?:\/\/\*/)
  })
})
