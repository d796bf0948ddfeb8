/** The bench's CPU figure: /proc/<pid>/stat read right, growing with work, null for a process gone. */
import { describe, expect, it } from 'vitest'
import { cpuSeconds } from '../../src/cli/bench/procCpu'

describe('cpuSeconds', () => {
  it('counts this process’s CPU time as it works, and is null for a pid that does not exist', () => {
    const before = cpuSeconds(process.pid)
    const t0 = performance.now()
    let x = 0
    while (performance.now() - t0 < 300) x += Math.sqrt(x + 1)
    const after = cpuSeconds(process.pid)
    expect(x).toBeGreaterThan(0)
    expect(before).not.toBeNull()
    // 300 ms of a busy loop: at least a tenth of it counted, whatever else the machine runs.
    expect((after?.user ?? 0) + (after?.system ?? 0) - ((before?.user ?? 0) + (before?.system ?? 0))).toBeGreaterThanOrEqual(0.03)
    expect(cpuSeconds(2 ** 22 + 12_345)).toBeNull()
  })
})
