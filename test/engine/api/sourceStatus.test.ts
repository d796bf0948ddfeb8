import { describe, expect, it } from 'vitest'
import { shownStatus } from '../../../src/engine/api/sourceStatus'
import { SOURCE_STATUSES } from '../../../src/shared/sources'

describe('the status the sources panel shows', () => {
  it('shows a file reached by a rotation as rotated, however it is read', () => {
    expect(shownStatus({ status: 'watching', message: 'rotated (was auth.log)' })).toBe('rotated')
    expect(shownStatus({ status: 'scanned', message: 'rotated (compressed copy of auth.log.1)' })).toBe('rotated')
    expect(shownStatus({ status: 'watching', message: null })).toBe('watching')
  })

  it('keeps every other status, whatever its message says', () => {
    expect(shownStatus({ status: 'unreadable', message: 'rotated (was x): EACCES' })).toBe('unreadable')
    expect(shownStatus({ status: 'deleted', message: 'auth.log: deleted; its events are kept' })).toBe('deleted')
    for (const status of SOURCE_STATUSES) expect(shownStatus({ status, message: null })).toBe(status)
  })
})
