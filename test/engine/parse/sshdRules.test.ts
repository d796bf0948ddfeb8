/**
 * Invariant the sshd dispatcher relies on (it skips the startsWith test of a rule's prefix): a
 * rule's regex can only match a message that starts with the rule's prefix.
 */
import { describe, expect, it } from 'vitest'
import { SSHD_RULES } from '../../../src/engine/parse/syslog/sshd'
import { endsWithPreauth } from '../../../src/engine/parse/syslog/sshdRule'

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Rules whose regex serves two prefixes (one rule per prefix; the bucket fixes the first character). */
const SHARED = new Map([
  ['PAM: User not known', '^(?:PAM: )?User not known'],
  ['User not known', '^(?:PAM: )?User not known'],
  ['Authentication ', '^[Aa]uthentication '],
  ['authentication ', '^[Aa]uthentication '],
])

describe('sshd rule table', () => {
  it('anchors every prefixed rule on its prefix', () => {
    for (const [prefix, re] of SSHD_RULES) {
      if (prefix.length === 0) continue
      const head = SHARED.get(prefix) ?? `^${escape(prefix)}`
      expect(`${prefix} → ${re.source.slice(0, head.length)}`).toBe(`${prefix} → ${head}`)
    }
  })
})

describe('endsWithPreauth', () => {
  it('is the regex /\\[preauth\\]\\s*$/ without the regex', () => {
    const tails = ['', ' ', '  ', '\t', '\r', '\n', '\u00a0', '\u2028', '\u3000', '\ufeff', 'x', ']', ' x']
    const heads = ['', 'Connection closed by 1.2.3.4 port 22 ', 'x', '[preauth', 'preauth]', '[preauth]', '[ preauth]', '[PREAUTH]', '[preauth][preauth]']
    for (const head of heads) {
      for (const mid of ['', '[preauth]']) {
        for (const tail of tails) {
          const msg = head + mid + tail
          expect([msg, endsWithPreauth(msg)]).toEqual([msg, /\[preauth\]\s*$/.test(msg)])
        }
      }
    }
  })
})
