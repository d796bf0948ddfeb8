/**
 * The renderer's Content-Security-Policy. The same text is in src/renderer/index.html as a meta tag
 * (so `vigil serve` in a browser gets it too); a unit test keeps the two identical. Only our own
 * scripts run; inline styles are allowed because AG Grid's theme injects its CSS at runtime; the
 * loopback WebSocket is the `vigil serve` transport.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*"
