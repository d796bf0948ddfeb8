/**
 * `vigil bench`'s group panel figures: every column the lines grid groups by (shared/groups.ts),
 * timed on the grid bench's synthetic store (findingsQueryBench.ts) under the grid's usual
 * filters: every event (NONE), the findings (LOW+, the default), MEDIUM+, a one-hour brush, a
 * quick filter. Each run asks a fresh query object, so nothing is answered from its cache.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FindingsFilter } from '../../shared/api'
import { GROUP_COLUMNS } from '../../shared/groups'
import { BENCH_USERS, cpuMsNow, median, openBenchStore } from './findingsQueryBench'
import { groupsQueryOf } from './groupsQuery'

export interface GroupTiming {
  column: string
  filter: string
  /** Median wall time of the runs after the first (the first alone when there is one run). */
  ms: number
  maxMs: number
  /** Median CPU time of the runs (this process): what a shared, loaded machine does not inflate. */
  cpuMs: number
  /** The first run alone (wall, CPU): it counts a column's totals when a scan left them to the first ask. */
  firstMs: number
  firstCpuMs: number
  groups: number
  total: number
  runs: number
}

export interface GroupsBench {
  events: number
  /** Null when an existing store was reused. */
  buildMs: number | null
  /** Time to bring the quick filter's text index up to date before the figures (not in them). */
  textSyncMs: number
  timings: GroupTiming[]
}

/** What issue 12 asks of a group-by at 10,000,000 events (as issue 13 of the aggregates). */
export const GROUP_BOUND_MS = 100
/** A case slower than this twice is not repeated (a GROUP BY over every event takes seconds). */
const REPEAT_UNDER_MS = 2_000

/** The filters timed, named as the figures print them. */
export function benchGroupFilters(n: number): [string, FindingsFilter][] {
  // The bench's events are 250 ms apart from 2025-01-01: an hour and a day in the middle of them.
  const mid = 1735689600000 + Math.floor(n / 2) * 250
  const user = `user${Math.floor(BENCH_USERS / 3)}`
  return [
    ['NONE', { minSeverity: 'NONE' }],
    ['LOW+', {}],
    ['MEDIUM+', { minSeverity: 'MEDIUM' }],
    ['1-hour brush, LOW+', { from: mid, to: mid + 3_600_000 }],
    ['1-day brush, LOW+', { from: mid, to: mid + 86_400_000 }],
    ['1-hour brush, NONE', { minSeverity: 'NONE', from: mid, to: mid + 3_600_000 }],
    [`quick "${user}", LOW+`, { quickFilter: user }],
    [`user = ${user}, LOW+`, { filterModel: { user: { filterType: 'text', type: 'equals', filter: user } } }],
  ]
}

/**
 * Builds an n-event store (as the pictures' bench: no ANALYZE, the text index left pending) or
 * reuses the one at `storePath`, and times every group column under every filter.
 */
export function benchGroups(n: number, runs = 3, storePath?: string, only?: { columns?: string[]; filters?: string[] }): GroupsBench {
  const dir = storePath === undefined ? mkdtempSync(join(tmpdir(), 'vigil-groupbench-')) : null
  const path = storePath ?? join(dir as string, 'groups.sqlite')
  const t0 = performance.now()
  const { store, built } = openBenchStore(path, n, { quickFilterIndex: false, analyze: false })
  try {
    const buildMs = built ? performance.now() - t0 : null
    // The idle engine indexes the findings' text after a scan; the figures time the group-by, not that.
    const s0 = performance.now()
    store.syncFindingsText()
    const textSyncMs = performance.now() - s0
    const timings: GroupTiming[] = []
    for (const [filterName, filter] of benchGroupFilters(n)) {
      if (only?.filters && !only.filters.some((f) => filterName.startsWith(f))) continue
      for (const column of GROUP_COLUMNS) {
        if (only?.columns && !only.columns.includes(column)) continue
        const times: number[] = []
        const cpu: number[] = []
        let groups = 0
        let total = 0
        for (let r = 0; r < runs; r++) {
          const query = groupsQueryOf(store)
          const t = performance.now()
          const c = cpuMsNow()
          const answer = query.groups(filter, column)
          times.push(performance.now() - t)
          cpu.push(cpuMsNow() - c)
          groups = answer.groupCount
          total = answer.total
          // A slow ask is asked once more: the first may have counted a column's totals for the next.
          if (r >= 1 && times[r] > REPEAT_UNDER_MS) break
        }
        // The median of the asks after the first (what reopening the panel costs), or the only one.
        const again = times.length > 1 ? { times: times.slice(1), cpu: cpu.slice(1) } : { times, cpu }
        timings.push({
          column,
          filter: filterName,
          ms: median(again.times),
          maxMs: Math.max(...again.times),
          cpuMs: median(again.cpu),
          firstMs: times[0],
          firstCpuMs: cpu[0],
          groups,
          total,
          runs: times.length,
        })
      }
    }
    return { events: n, buildMs, textSyncMs, timings }
  } finally {
    store.close()
    if (dir !== null) rmSync(dir, { recursive: true, force: true })
  }
}

/** The figures as text lines for `vigil bench`. */
export function formatGroupsBench(b: GroupsBench): string[] {
  const built = b.buildMs === null ? 'store reused' : `store built in ${(b.buildMs / 1000).toFixed(1)} s`
  const lines = [
    `group panel on ${b.events.toLocaleString('en-US')} events (${built}; text index synced first in ${(b.textSyncMs / 1000).toFixed(1)} s), median of the asks after the first, and the first:`,
  ]
  for (const t of b.timings) {
    const name = `group by ${t.column}, ${t.filter}`
    const detail = `${t.groups.toLocaleString('en-US')} groups of ${t.total.toLocaleString('en-US')}`
    const first = `first ${t.firstMs.toFixed(1)} ms, CPU ${t.firstCpuMs.toFixed(1)}`
    lines.push(`  ${name.padEnd(48)} ${t.ms.toFixed(1).padStart(9)} ms (CPU ${t.cpuMs.toFixed(1)}, ${t.runs} runs, ${first}; ${detail})`)
  }
  const over = b.timings.filter((t) => t.ms > GROUP_BOUND_MS)
  lines.push(`  ${over.length} of ${b.timings.length} medians over ${GROUP_BOUND_MS} ms${over.length > 0 ? `: ${over.map((t) => `${t.column} (${t.filter})`).join(', ')}` : ''}`)
  return lines
}
