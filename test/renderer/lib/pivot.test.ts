import { describe, expect, it } from 'vitest'
import { pivotOf } from '../../../src/renderer/lib/pivot'

describe('pivots', () => {
  const current = { host: { filterType: 'text', type: 'equals', filter: 'web-01' } }
  it('all events: that value alone, every severity, oldest first, a fresh look', () => {
    expect(pivotOf(current, 'src_ip', '203.0.113.9', 'events')).toEqual({
      filterModel: { src_ip: { filterType: 'text', type: 'equals', filter: '203.0.113.9' } },
      minSeverity: 'NONE',
      sort: 'time',
      fresh: true,
    })
  })
  it('findings: that value alone from LOW up, strongest first', () => {
    expect(pivotOf(current, 'user', 'root', 'findings')).toMatchObject({ filterModel: { user: { type: 'equals', filter: 'root' } }, minSeverity: 'LOW', sort: 'score' })
  })
  it('add to filter and exclude keep the other filters', () => {
    expect(pivotOf(current, 'user', 'root', 'filter').filterModel).toEqual({ ...current, user: { filterType: 'text', type: 'equals', filter: 'root' } })
    expect(pivotOf(current, 'user', 'root', 'exclude')).toEqual({
      filterModel: { ...current, user: { filterType: 'text', type: 'notEqual', filter: 'root' } },
      fresh: false,
    })
  })
})
