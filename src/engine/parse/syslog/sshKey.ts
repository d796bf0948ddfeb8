/**
 * The key sshd names after a public-key or host-based attempt (`ssh2: RSA SHA256:...`), in every
 * form OpenSSH has logged it:
 * - `TYPE SHA256:b64` (6.8+; also `SHA1:`/`SHA384:`/`SHA512:` under FingerprintHash), `TYPE MD5:hex:...`
 * - `TYPE hex:hex:...` (before 6.8: a bare MD5; stored with the `MD5:` prefix so both match)
 * - `TYPE-CERT SHA256:b64 ID key-id (serial N) CA TYPE SHA256:b64` (the certified key first)
 * - `TYPE-CERT ID key-id (serial N) CA TYPE hex:...` (before 6.8: only the CA's key is logged)
 * - host-based: `TYPE FP, client user "u", client host "h"`
 * TYPE is sshkey_type()'s name: RSA, DSA, ECDSA, ED25519, ECDSA-SK, ED25519-SK, XMSS, RSA1, each
 * also with `-CERT`.
 */
import type { NormalizedEvent } from '../../../shared/event'

const KEY_INFO = /^([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*) (?:((?:SHA\d{1,3}|MD5):[^\s,]+)|([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){15})(?![0-9a-fA-F:])|(ID ))/

/**
 * Sets `key_type` and `key_fingerprint` from the text after `ssh2: ` (`info`), when it names a
 * key; anything else there (`ruser ...` of SSH-1 rhosts, text an attacker put in a user name) is
 * left alone. The CA key of a certificate is not the key that logged in: it is not taken.
 */
export function setKeyInfo(ev: NormalizedEvent, info: string | undefined): void {
  if (info === undefined || info.length < 5) return
  const c = info.charCodeAt(0)
  if (c < 65 || c > 90) return
  const m = KEY_INFO.exec(info)
  if (m === null) return
  if (m[4] !== undefined && !m[1].endsWith('-CERT')) return
  ev.key_type = m[1]
  ev.key_fingerprint = m[2] ?? (m[3] !== undefined ? `MD5:${m[3]}` : null)
}

/** `setKeyInfo` for a key written as `TYPE FINGERPRINT` in two separate captures. */
export function setKey(ev: NormalizedEvent, type: string, fingerprint: string): void {
  setKeyInfo(ev, `${type} ${fingerprint}`)
}
