/**
 * Hardening applied to every web contents and session: the renderer shows attacker-controlled log
 * text, so even if something slipped through, it must not navigate, open windows, embed webviews
 * or obtain permissions. Links leave the app only for allowlisted hosts, in the system browser.
 */
import { shell, type App, type Session, type WebContents } from 'electron'
import { ATTACK_HOST } from '../shared/mitre'
import { CONTENT_SECURITY_POLICY } from './csp'

/** Hosts whose https links may be opened in the system browser. */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([ATTACK_HOST])

/** True for https URLs on an allowlisted host (no credentials, no other port). */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === 'https:' &&
    EXTERNAL_HOSTS.has(parsed.hostname) &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  )
}

/** Opens the URL in the system browser when allowlisted; returns whether it did. */
export function openExternalIfAllowed(url: string): boolean {
  if (!isAllowedExternalUrl(url)) {
    console.warn(`[security] blocked external link ${JSON.stringify(url.slice(0, 200))}`)
    return false
  }
  void shell.openExternal(url)
  return true
}

/** Blocks navigation, new windows and webviews of one web contents. */
export function hardenWebContents(contents: WebContents): void {
  // The app is a single page: any navigation is a link click or an injected redirect.
  contents.on('will-navigate', (event, url) => {
    event.preventDefault()
    openExternalIfAllowed(url)
  })
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
}

/**
 * Denies every permission request and check, and sends the CSP as a header as well (pass null
 * under `electron-vite dev`, whose server needs the relaxed policy of its own page).
 */
export function hardenSession(session: Session, policy: string | null = CONTENT_SECURITY_POLICY): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  if (policy === null) return
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } })
  })
}

/** Hardens every web contents the app will ever create (installed before the first window). */
export function installSecurity(app: App): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
}
