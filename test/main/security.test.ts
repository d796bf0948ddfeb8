import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({ shell: { openExternal: vi.fn(async () => {}) } }))
vi.mock('electron', () => electron)

import { CONTENT_SECURITY_POLICY } from '../../src/main/csp'
import {
  hardenSession,
  hardenWebContents,
  installSecurity,
  isAllowedExternalUrl,
} from '../../src/main/security'

type OpenHandler = (details: { url: string }) => { action: string }

/** Just enough of WebContents: events plus the window-open handler. */
class FakeContents extends EventEmitter {
  openHandler: OpenHandler | null = null
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler
  }
}

const harden = (): FakeContents => {
  const contents = new FakeContents()
  hardenWebContents(contents as never)
  return contents
}
const navigationEvent = () => ({ preventDefault: vi.fn() })

beforeEach(() => {
  electron.shell.openExternal.mockClear()
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})

describe('external link allowlist', () => {
  it.each([
    ['https://attack.mitre.org/techniques/T1110/001/', true],
    ['https://attack.mitre.org/', true],
    ['http://attack.mitre.org/techniques/T1110/', false],
    ['https://attack.mitre.org.evil.example/', false],
    ['https://evil.example/?u=https://attack.mitre.org/', false],
    ['https://user:pw@attack.mitre.org/', false],
    ['https://attack.mitre.org:8443/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed)
  })
})

describe('web contents hardening', () => {
  it('blocks every navigation and opens nothing for a non-allowlisted link', () => {
    const contents = harden()
    const event = navigationEvent()
    contents.emit('will-navigate', event, 'https://evil.example/phish')
    expect(event.preventDefault).toHaveBeenCalledOnce()
    expect(electron.shell.openExternal).not.toHaveBeenCalled()
  })

  it('blocks navigation to attack.mitre.org in the window but opens it in the system browser', () => {
    const contents = harden()
    const event = navigationEvent()
    contents.emit('will-navigate', event, 'https://attack.mitre.org/techniques/T1110/')
    expect(event.preventDefault).toHaveBeenCalledOnce()
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://attack.mitre.org/techniques/T1110/')
  })

  it('denies every new window; only allowlisted links go to the system browser', () => {
    const contents = harden()
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(electron.shell.openExternal).not.toHaveBeenCalled()
    expect(contents.openHandler?.({ url: 'https://attack.mitre.org/techniques/T1548/003/' })).toEqual({ action: 'deny' })
    expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://attack.mitre.org/techniques/T1548/003/')
  })

  it('refuses to attach webviews', () => {
    const contents = harden()
    const event = navigationEvent()
    contents.emit('will-attach-webview', event, {}, {})
    expect(event.preventDefault).toHaveBeenCalledOnce()
  })

  it('hardens every web contents the app creates', () => {
    const app = new EventEmitter()
    installSecurity(app as never)
    const contents = new FakeContents()
    app.emit('web-contents-created', {}, contents)
    const event = navigationEvent()
    contents.emit('will-navigate', event, 'https://evil.example/')
    expect(event.preventDefault).toHaveBeenCalledOnce()
    expect(contents.openHandler).not.toBeNull()
  })
})

describe('session hardening', () => {
  function hardenedSession() {
    const handlers: {
      request?: (c: unknown, p: string, cb: (granted: boolean) => void) => void
      check?: () => boolean
      headers?: (d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void
    } = {}
    const session = {
      setPermissionRequestHandler: (h: typeof handlers.request) => (handlers.request = h),
      setPermissionCheckHandler: (h: typeof handlers.check) => (handlers.check = h),
      webRequest: { onHeadersReceived: (h: typeof handlers.headers) => (handlers.headers = h) },
    }
    hardenSession(session as never)
    return handlers
  }

  it('denies every permission request and check', () => {
    const handlers = hardenedSession()
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const callback = vi.fn()
      handlers.request?.({}, permission, callback)
      expect(callback).toHaveBeenCalledExactlyOnceWith(false)
    }
    expect(handlers.check?.()).toBe(false)
  })

  it('sends no CSP header when told so (the dev server page carries its own)', () => {
    const handlers: { headers?: unknown } = {}
    const session = {
      setPermissionRequestHandler: () => {},
      setPermissionCheckHandler: () => {},
      webRequest: { onHeadersReceived: (h: unknown) => (handlers.headers = h) },
    }
    hardenSession(session as never, null)
    expect(handlers.headers).toBeUndefined()
  })

  it('adds the CSP header to every response', () => {
    const handlers = hardenedSession()
    const callback = vi.fn()
    handlers.headers?.({ responseHeaders: { 'X-Other': ['1'] } }, callback)
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
})
