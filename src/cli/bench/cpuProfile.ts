/** Reads V8 `.cpuprofile` files (node --cpu-prof) and totals self time per function. */
import { readFileSync } from 'node:fs'

export interface SelfTime {
  /** `name file:line`, e.g. `pathLengths index.js:922`. */
  fn: string
  ms: number
  /** Share of all sampled time (every thread's profile summed). */
  share: number
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** The `top` functions by self time over all the given profiles (one per thread). */
export function topSelfTimes(files: readonly string[], top: number): SelfTime[] {
  const self = new Map<string, number>()
  let total = 0
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
    const nameOf = new Map(profile.nodes.map((n) => [n.id, label(n)]))
    for (let i = 0; i < profile.samples.length; i++) {
      const us = profile.timeDeltas[i] ?? 0
      const fn = nameOf.get(profile.samples[i]) ?? '(unknown)'
      // Idle time is the thread waiting, not work.
      if (fn.startsWith('(idle)')) continue
      self.set(fn, (self.get(fn) ?? 0) + us)
      total += us
    }
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, us]) => ({ fn, ms: us / 1000, share: total > 0 ? us / total : 0 }))
}

function label(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame
  const file = url.split('/').pop() ?? ''
  return file ? `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}` : functionName || '(anonymous)'
}
