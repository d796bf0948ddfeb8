import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { topSelfTimes } from '../../../src/cli/bench/cpuProfile'
import { procStatus, syslogFilesOf, vigilBin } from '../../../src/cli/bench/wholeScan'

const dirs: string[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'vigil-bench-test-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber, scriptId: '0', columnNumber: 0 })

describe('topSelfTimes', () => {
  it('sums self time per function over every thread, idle left out', () => {
    const dir = tempDir()
    const main = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '', -1) },
        { id: 2, callFrame: frame('pathLengths', 'file:///x/out/cli/index.js', 921) },
        { id: 3, callFrame: frame('flushAll', 'file:///x/out/cli/index.js', 1983) },
        { id: 4, callFrame: frame('(idle)', '', -1) },
      ],
      samples: [2, 2, 3, 4, 2],
      timeDeltas: [1000, 1000, 500, 9000, 1000],
    }
    const worker = { nodes: [{ id: 7, callFrame: frame('flushAll', 'file:///x/out/cli/index.js', 1983) }], samples: [7, 7], timeDeltas: [2000, 2000] }
    writeFileSync(join(dir, 'a.cpuprofile'), JSON.stringify(main))
    writeFileSync(join(dir, 'b.cpuprofile'), JSON.stringify(worker))
    const top = topSelfTimes([join(dir, 'a.cpuprofile'), join(dir, 'b.cpuprofile')], 5)
    // flushAll: 0.5 + 2 + 2 ms; pathLengths: 3 ms; total 7.5 ms of work.
    expect(top).toEqual([
      { fn: 'flushAll index.js:1984', ms: 4.5, share: 0.6 },
      { fn: 'pathLengths index.js:922', ms: 3, share: 0.4 },
    ])
  })
})

describe('syslogFilesOf', () => {
  it('lists plain auth.log and secure files (rotations too), not gzipped or JSON ones', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'web-01'))
    mkdirSync(join(dir, 'db-01'))
    for (const f of ['web-01/auth.log', 'web-01/auth.log.1', 'web-01/auth.log.2.gz', 'db-01/secure', 'db-01/app.jsonl', 'notes.txt']) {
      writeFileSync(join(dir, f), 'x\n')
    }
    expect(syslogFilesOf(dir).map((p) => p.slice(dir.length + 1))).toEqual(['db-01/secure', 'web-01/auth.log', 'web-01/auth.log.1'])
  })
})

describe('procStatus', () => {
  it('reads the peak and current RSS of a live process, and null for one that is gone', () => {
    const s = procStatus(process.pid)
    expect(s).not.toBeNull()
    expect(s!.hwmMB).toBeGreaterThanOrEqual(s!.rssMB)
    expect(s!.rssMB).toBeGreaterThan(10)
    expect(procStatus(2 ** 30)).toBeNull()
  })
})

describe('vigilBin', () => {
  it('finds the launcher of this checkout', () => {
    expect(vigilBin()).toBe(join(process.cwd(), 'bin', 'vigil.js'))
  })
})
