// The window's keys: which action each asks for, and the status `s` / Shift+S step to.
import { describe, expect, it } from 'vitest'
import { shortcutOf } from '../../../src/renderer/hooks/useShortcuts'
import { stepStatus } from '../../../src/renderer/lib/keyboard'

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods })

describe('shortcuts', () => {
  it('maps the issue’s keys outside text fields, and none but Ctrl+F inside them', () => {
    expect(['/', 'j', 'k', 's', 'S', 'Escape', 'x'].map((k) => shortcutOf(key(k), false))).toEqual([
      'focusSearch',
      'next',
      'previous',
      'nextStatus',
      'previousStatus',
      'closeDetail',
      null,
    ])
    expect(['/', 'j', 's', 'S', 'Escape'].map((k) => shortcutOf(key(k), true))).toEqual([null, null, null, null, null])
    expect(shortcutOf(key('f', { ctrlKey: true }), true)).toBe('focusSearch')
    expect(shortcutOf(key('s', { ctrlKey: true }), false)).toBeNull()
  })

  it('steps the status through the triage order, wrapping round', () => {
    expect(stepStatus('new', 1)).toBe('investigating')
    expect(stepStatus('investigating', 1)).toBe('false_positive')
    expect(stepStatus('resolved', 1)).toBe('new')
    expect(stepStatus('new', -1)).toBe('resolved')
    expect(stepStatus('escalated', -1)).toBe('false_positive')
  })
})
